/**
 * Invariants of the search scenarios the shared ones do not cover (pure): a logical server's
 * standby (FO-08) judged as a logical server — its member count, every member's hardware, the
 * volume held by its boot member — and a standby chosen under a search policy (FO-09) judged by
 * that policy's rules; each over the BMCs' first inventory samples and the partition manager's samples.
 */
import type { InvariantDef } from '../../../harness/scenario.ts';
import { series } from '../../../lib/domains/failover/series.ts';
import type { HistoryRecord } from '../../../lib/history/records.ts';
import { failovers, noFailover } from './moves.ts';
import { hardwareDiffers, policyDiffers, type SearchPolicy } from './search-rules.ts';

const firstInventory = (records: readonly HistoryRecord[], server: string) => series(records, 'ServerInventory', server)[0]?.state ?? null;

/** The logical server holding `server` in the first (or last) partition sample, or the server alone. */
function unitIn(records: readonly HistoryRecord[], server: string, which: 'first' | 'last'): { id: string; members: string[] } {
  const ss = series(records, 'PartitionControl');
  const s = which === 'first' ? ss[0] : ss.at(-1);
  const l = s?.state.logicalServers.find((x) => x.servers.includes(server));
  return l ? { id: l.id, members: l.servers } : { id: server, members: [server] };
}

/** FO-08: the standby of a failed logical server is a logical server of the same count, every member of the failed one's hardware, booted from its boot member. */
export const logicalStandbyMatches: InvariantDef = {
  name: "a failed logical server's standby is a logical server of its size and hardware, booted from its boot member",
  requirements: ['FO-08'],
  evaluate(records) {
    const said: string[] = [];
    for (const f of failovers(records)) {
      const failed = unitIn(records, f.failed, 'first');
      const standby = unitIn(records, f.standby, 'last');
      const lead = firstInventory(records, f.failed);
      if (!lead) return { notApplicable: `no inventory sample of ${f.failed}` };
      if (failed.members[0] !== f.failed) return `${f.volume} was held by ${f.failed}, not by ${failed.id}'s boot member ${failed.members[0]}`;
      if (standby.members.length !== failed.members.length) return `${failed.id} (${failed.members.length} servers) failed over to ${standby.id} (${standby.members.length})`;
      if (standby.members[0] !== f.standby) return `${f.volume} is held by ${f.standby}, not by ${standby.id}'s boot member ${standby.members[0]}`;
      for (const m of standby.members) {
        const inv = firstInventory(records, m);
        const d = inv ? hardwareDiffers(lead, inv) : [`no inventory sample of ${m}`];
        if (d.length) return `${standby.id} member ${m} breaks ${d.join('; ')} (against ${f.failed})`;
      }
      said.push(`${failed.id} [${failed.members.join('+')}] → ${standby.id} [${standby.members.join('+')}]`);
    }
    return said.length ? { holds: said.join('; ') } : noFailover;
  },
};

/** FO-09: the standby satisfies `policy()` (the business's policy, learned as the testcase runs). */
export function standbySatisfies(policy: () => SearchPolicy): InvariantDef {
  return {
    name: 'the standby satisfies the business\'s search policy',
    requirements: ['FO-09'],
    evaluate(records) {
      const fs = failovers(records);
      if (fs.length === 0) return noFailover;
      for (const f of fs) {
        const a = firstInventory(records, f.failed);
        const b = firstInventory(records, f.standby);
        if (!a || !b) return { notApplicable: `no inventory sample of ${a ? f.standby : f.failed}` };
        const d = policyDiffers(a, b, policy());
        if (d.length) return `standby ${f.standby} for ${f.failed} breaks the policy: ${d.join('; ')}`;
      }
      return { holds: fs.map((f) => `${f.standby} for ${f.failed}`).join('; ') };
    },
  };
}
