/**
 * FC zoning of one fabric: zones, zone sets, the active configuration and the default zone; add
 * or remove a WWPN in a zone (takes effect at the next activation) and activate a zone set. Each
 * write is read back.
 */
import type { ZoneView, ZoningView } from '../../lib/domains/cluster/san.ts';
import type { WriteOptions } from './cluster-errors.ts';

export type { ZoneView, ZoneSetView, ZoningView } from '../../lib/domains/cluster/san.ts';

export interface ZoneControl {
  readonly kind: 'ZoneControl';
  read(signal?: AbortSignal): Promise<ZoningView>;
  addMember(zone: string, wwpn: string, opts?: WriteOptions): Promise<ZoneView>;
  removeMember(zone: string, wwpn: string, opts?: WriteOptions): Promise<ZoneView>;
  /** Make `zoneSet` the effective configuration; resolves once the switch shows it active. */
  activate(zoneSet: string, opts?: WriteOptions): Promise<ZoningView>;
}
