/** Power and health of one managed system, whatever its kind. */
import type { HealthSnapshot } from '../../lib/domains/system.ts';

export type { HealthSnapshot };

export interface SystemHealth {
  readonly kind: 'SystemHealth';
  read(signal?: AbortSignal): Promise<HealthSnapshot>;
}
