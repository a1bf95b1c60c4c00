/** Which N_Ports (WWPNs) are logged into an FC switch's fabric, and through which port. */
import type { FabricLoginsView } from '../../lib/domains/cluster/san.ts';

export type { FabricLogin, FabricLoginsView } from '../../lib/domains/cluster/san.ts';

export interface FabricLogins {
  readonly kind: 'FabricLogins';
  /** One entry per FC fabric the device serves. */
  read(signal?: AbortSignal): Promise<FabricLoginsView[]>;
}
