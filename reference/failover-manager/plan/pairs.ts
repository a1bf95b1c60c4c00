/**
 * Which port of the standby plays the part of which port of the failed unit: members pair by
 * position (boot member with boot member), HBAs by fabric, NIC switch ports by NIC order.
 */
import { FtlabError } from '../../../lib/errors.ts';
import type { Unit } from '../search/units.ts';

/** The table does not allow a complete plan (a standby with fewer HBAs than the failed unit). */
export class PlanError extends FtlabError {}

/** The standby's WWPN standing in for each of the failed unit's WWPNs. */
export function wwpnPairs(failed: Unit, standby: Unit): Map<string, string> {
  const out = new Map<string, string>();
  failed.members.forEach((f, i) => {
    const s = standby.members[i];
    if (!s) return;
    f.hbas.forEach((h, j) => {
      const twin = s.hbas.find((x) => x.fabric !== null && x.fabric === h.fabric) ?? s.hbas[j];
      if (twin) out.set(h.wwpn, twin.wwpn);
    });
  });
  return out;
}

export function counterpart(pairs: ReadonlyMap<string, string>, wwpn: string): string {
  const w = pairs.get(wwpn);
  if (!w) throw new PlanError(`no standby WWPN stands in for ${wwpn} (fewer HBAs or members than the failed server)`);
  return w;
}

/** Each standby switch port whose VLANs differ from its failed counterpart's, with the failed port's VLANs. */
export function vlanChanges(failed: Unit, standby: Unit): Array<{ switch: string; port: string; untagged: number | null; tagged: number[] }> {
  return failed.members.flatMap((f, i) =>
    f.vlans.flatMap((fv, j) => {
      const sv = standby.members[i]?.vlans[j];
      if (!sv) return [];
      const same = sv.untagged === fv.untagged && sv.tagged.length === fv.tagged.length && sv.tagged.every((t, k) => t === fv.tagged[k]);
      return same ? [] : [{ switch: sv.switch, port: sv.port, untagged: fv.untagged, tagged: [...fv.tagged] }];
    }),
  );
}
