/**
 * FO-09: with no exact match (every unused server of the failed one's hardware occupied), the
 * standby satisfies the business's search policy; a violating one is never chosen. Which unused
 * units satisfy it is computed from the BMCs' inventories (search-expect.ts), not asked of the manager.
 */
import { bootVolumeNeverShared, failedOffBeforeStandbyOn, sameLunNumbers } from './lib/invariants.ts';
import { standbyTakesZoneAndVlan } from './lib/placement.ts';
import { decisionAbout, dissolve, failServer, freshTable, lastDecisionId, managerOf, occupy } from './lib/search-act.ts';
import { standbySatisfies } from './lib/search-invariants.ts';
import { bootVolumeOf, isUnused, type LabUnit, type LabView, volumesOfUnit } from './lib/search-lab.ts';
import { LAB_POLICIES } from './lib/search-policy.ts';
import { qualifyingUnits, type SearchPolicy } from './lib/search-rules.ts';
import { finishFailover, holdersNow, sampledLab, searchScenario } from './lib/search-scenario.ts';
import { othersUnchanged } from './lib/search-unchanged.ts';

interface PolicyPlan {
  failed: LabUnit;
  policy: SearchPolicy;
  occupy: string[];
  allowed: LabUnit[];
}

/** A running unit whose business has a policy, its exact spares (to occupy) and the unused units the policy allows besides. */
function pickPolicy(lab: LabView, businessOf: (unit: LabUnit) => string): PolicyPlan | null {
  for (const failed of lab.units.filter((u) => bootVolumeOf(lab, u) !== null)) {
    const policy = LAB_POLICIES[businessOf(failed)];
    if (!policy) continue;
    const exact = qualifyingUnits(lab, failed, null);
    const allowed = qualifyingUnits(lab, failed, policy).filter((u) => !exact.includes(u));
    if (allowed.length) return { failed, policy, occupy: exact.flatMap((u) => u.members.slice(0, 1)), allowed };
  }
  return null;
}

let chosen: SearchPolicy = {};
let involved = { servers: [] as string[], volumes: [] as string[] };

export const policyFailover = searchScenario({
  id: 'fo-09-policy',
  title: "with no exact match, the standby satisfies the business's search policy",
  requirements: ['FO-09'],
  invariants: [failedOffBeforeStandbyOn, bootVolumeNeverShared, sameLunNumbers, standbyTakesZoneAndVlan, standbySatisfies(() => chosen), othersUnchanged(() => involved)],
  async run(ctx) {
    const view = managerOf(ctx);
    const sampled = await sampledLab(ctx);
    const fresh = sampled.fresh;
    let lab = sampled.lab;
    const table = await freshTable(view, [...lab.servers.keys()][0] ?? '', ctx.signal);
    const businessOf = (u: LabUnit): string => table.servers.find((r) => r.id === u.members[0])?.business?.name ?? '';
    let plan = pickPolicy(lab, businessOf);
    if (!plan) {
      await dissolve(ctx, lab.units.filter((u) => u.logical && isUnused(lab, u)));
      lab = await fresh();
      plan = pickPolicy(lab, businessOf);
    }
    if (!plan) return ctx.skip('the lab offers no business with a search policy and an unused server only the policy allows');
    chosen = plan.policy;
    const volume = bootVolumeOf(lab, plan.failed)?.volume ?? '';
    const free = lab.units.filter((u) => isUnused(lab, u) && !plan.occupy.includes(u.members[0] ?? ''));
    involved = { servers: [...plan.failed.members, ...plan.occupy, ...free.flatMap((u) => u.members)], volumes: volumesOfUnit(lab, plan.failed) };
    ctx.log.info(`fo-09: ${plan.failed.id} fails; occupied (exact): ${plan.occupy.join(', ') || 'none'}; the policy allows ${plan.allowed.map((u) => u.id).join(', ')}`);
    await occupy(ctx, plan.occupy);
    const lead = plan.failed.members[0] ?? plan.failed.id;
    const after = await lastDecisionId(view, ctx.signal);
    await failServer(ctx, lead);
    await decisionAbout(ctx, view, plan.failed.members, after);
    const holder = holdersNow(await fresh(), volume);
    const h = holder[0];
    const ok = ctx.check(`${volume} moved to a server the policy allows`, { kind: 'invariant', requirements: ['FO-09'] }, () =>
      holder.length === 1 && plan.allowed.some((u) => u.members[0] === h) ? true : `${volume} is seen by ${holder.join(', ') || 'no server'}; the policy allows ${plan.allowed.map((u) => u.id).join(', ')}`,
    );
    if (ok && h) await finishFailover(ctx, fresh, lead, h, volume);
  },
});
