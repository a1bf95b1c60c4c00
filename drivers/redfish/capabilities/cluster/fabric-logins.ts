/**
 * FabricLogins over Redfish: per FC Fabric, its Switches' Ports with
 * `FibreChannel.AssociatedWorldWideNames` (the N_Ports logged in through each F_Port).
 */
import type { FabricLogins, FabricLoginsView } from '../../../capabilities/fabric-logins.ts';
import type { FabricLogin } from '../../../../lib/domains/cluster/san.ts';
import { at, lastSegment, optLink, optString, stringList } from '../../json.ts';
import { type Device, fabricLink, fabricsOfType, normaliseWwpn, readMembers } from './support.ts';

const CAP = 'FabricLogins';

export class RedfishFabricLogins implements FabricLogins {
  readonly kind = 'FabricLogins' as const;
  constructor(private readonly d: Device) {}

  async read(signal?: AbortSignal): Promise<FabricLoginsView[]> {
    const fabrics = await fabricsOfType(this.d, CAP, 'FC', signal);
    return Promise.all(
      fabrics.map(async (f) => {
        const logins: FabricLogin[] = [];
        for (const sw of await readMembers(this.d, fabricLink(this.d, CAP, f, 'Switches'), signal)) {
          const ports = optLink(sw.body, 'Ports');
          if (!ports) continue;
          const swId = optString(sw.body, 'Id') ?? lastSegment(sw.path);
          for (const p of await readMembers(this.d, ports, signal)) {
            const port = optString(p.body, 'PortId') ?? optString(p.body, 'Id') ?? lastSegment(p.path);
            for (const w of stringList(at(p.body, 'FibreChannel.AssociatedWorldWideNames'))) logins.push({ wwpn: normaliseWwpn(w) ?? w.toLowerCase(), switch: swId, port });
          }
        }
        logins.sort((a, b) => (a.wwpn < b.wwpn ? -1 : a.wwpn > b.wwpn ? 1 : 0));
        return { fabric: optString(f.body, 'Id') ?? lastSegment(f.path), logins };
      }),
    );
  }
}
