/**
 * What the config makes of each server: the logical servers (a partition, or a server alone),
 * which of them is active (its boot WWPN is masked to a business's boot volume) and which are
 * unused. The shipped default is checked against the rule with this (load.test.ts).
 */
import type { ClusterConfig } from './types.ts';

export interface LogicalServer {
  /** The partition id, or the server id of a server alone. */
  id: string;
  servers: string[];
  kind: string;
  /** The business whose boot volume is masked to the boot member's WWPNs, if any. */
  business: string | null;
}

export function logicalServers(c: ClusterConfig): LogicalServer[] {
  const inPartition = new Set(c.partitions.flatMap((p) => p.servers));
  const units = [...c.partitions.map((p) => ({ id: p.id, servers: p.servers })), ...c.servers.filter((s) => !inPartition.has(s.id)).map((s) => ({ id: s.id, servers: [s.id] }))];
  return units.map((u) => {
    const boot = c.servers.find((s) => s.id === u.servers[0]);
    const wwpns = new Set(boot?.hbas.map((h) => h.wwpn) ?? []);
    const visible = c.arrays.flatMap((a) =>
      a.mappings.filter((m) => a.hostGroups.find((g) => g.id === m.hostGroup)?.initiators.some((w) => wwpns.has(w))).map((m) => m.volume),
    );
    const business = c.businesses.find((b) => visible.includes(b.volume))?.id ?? null;
    return { id: u.id, servers: u.servers, kind: boot?.kind ?? '', business };
  });
}
