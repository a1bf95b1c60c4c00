/** Which server of a failover a WWPN, a set of holders or a set of members is: the tone and wording of lane states. */
import type { Tone } from './types.ts';

export interface FailoverPair {
  failed: string;
  standby: string;
  /** WWPN → server (the BMCs' own inventory). */
  owner: ReadonlyMap<string, string>;
}

/** The servers of `wwpns` (a WWPN of no known server counts as itself), sorted, deduplicated. */
export function serversOf(pair: FailoverPair, wwpns: readonly string[]): string[] {
  return [...new Set(wwpns.map((w) => pair.owner.get(w) ?? w))].sort();
}

/** failed / standby alone, both (`both`: a boot volume's holders, never allowed; else `shared`), none, or some other server. */
export function toneOf(pair: FailoverPair, servers: readonly string[], both: Tone = 'shared'): Tone {
  const f = servers.includes(pair.failed);
  const s = servers.includes(pair.standby);
  if (f && s) return both;
  if (f) return 'failed';
  if (s) return 'standby';
  return servers.length ? 'other' : 'none';
}

/** Only the failover's two servers matter on a shared device: the others' members are left out of the label. */
export function ofPair(pair: FailoverPair, servers: readonly string[]): string[] {
  return servers.filter((s) => s === pair.failed || s === pair.standby);
}
