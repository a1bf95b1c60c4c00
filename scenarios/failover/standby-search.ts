/**
 * FO-05 and FO-10, the standby search as the lab shows it:
 *   fo-05-same-hardware — the standby has the failed server's hardware and server count, though an
 *     unused server of other hardware is free too (catches `wrong-hardware`);
 *   fo-05-no-standby — a lowest-priority business fails with every unused server occupied: the
 *     manager notifies and nothing in the lab changes, no higher-priority server is taken (catches
 *     `partial-on-no-standby`, `ignore-priority`);
 *   fo-10-preempt — a higher-priority business fails with every unused server occupied: the one
 *     lowest-priority server of its hardware is taken over.
 */
import type { InvariantDef, ScenarioContext } from '../../harness/scenario.ts';
import { bootVolumeNeverShared, failedOffBeforeStandbyOn, sameLunNumbers } from './lib/invariants.ts';
import { preemptsOnlyLower, standbyMatches, standbyTakesZoneAndVlan } from './lib/placement.ts';
import { nothingChanges } from './lib/unchanged.ts';
import { decisionAbout, failServer, freshTable, lastDecisionId, managerOf, occupy } from './lib/search-act.ts';
import { bootVolumeOf, volumesOfUnit, type LabUnit } from './lib/search-lab.ts';
import { pickNoStandby, pickPreempt, pickSameHardware, type Priority } from './lib/search-pick.ts';
import { byServer, checkMovedTo, finishFailover, lazyInvariant, prioritiesOf, sampledLab, searchScenario } from './lib/search-scenario.ts';
import { othersUnchanged } from './lib/search-unchanged.ts';

const FAILOVER_INVARIANTS: InvariantDef[] = [failedOffBeforeStandbyOn, bootVolumeNeverShared, sameLunNumbers, standbyTakesZoneAndVlan];

/** Fail `failed`'s boot member, wait for the manager's decision and, if the lab shows its volume moved to `standby`, for its OS. */
async function failAndFollow(ctx: ScenarioContext, failed: LabUnit, standby: LabUnit, why: string, budgets = true): Promise<void> {
  const view = managerOf(ctx);
  const { lab, fresh } = await sampledLab(ctx);
  const volume = bootVolumeOf(lab, failed)?.volume;
  const lead = failed.members[0];
  if (!volume || !lead) return ctx.fail(`${failed.id} runs from no boot volume`);
  const after = await lastDecisionId(view, ctx.signal);
  await failServer(ctx, lead);
  await decisionAbout(ctx, view, failed.members, after);
  if (checkMovedTo(ctx, await fresh(), volume, standby, why)) await finishFailover(ctx, fresh, lead, standby.members[0] ?? standby.id, volume, budgets);
}

let sameHw = { servers: [] as string[], volumes: [] as string[] };

export const sameHardware = searchScenario({
  id: 'fo-05-same-hardware',
  title: 'the standby has the failed server\'s hardware and server count, while other hardware is free too',
  requirements: ['FO-05', 'FO-11'],
  invariants: [...FAILOVER_INVARIANTS, standbyMatches(), othersUnchanged(() => sameHw)],
  async run(ctx) {
    const { lab } = await sampledLab(ctx);
    const plan = pickSameHardware(lab);
    if (!plan) return ctx.skip('the lab offers no running server with an unused server of its hardware and an unused one of other hardware ahead of it');
    sameHw = { servers: [...plan.failed.members, ...plan.standby.members, ...plan.occupy], volumes: volumesOfUnit(lab, plan.failed) };
    ctx.log.info(`fo-05: ${plan.failed.id} fails; ${plan.standby.id} is the unused server of its hardware, ${plan.decoy.id} (other hardware) is free too; occupied: ${plan.occupy.join(', ') || 'none'}`);
    await occupy(ctx, plan.occupy);
    await failAndFollow(ctx, plan.failed, plan.standby, `the only unused server of ${plan.failed.id}'s hardware; ${plan.decoy.id} has other hardware`);
  },
});

/** Unit id → priority, from the manager's freshly built table and the lab's business list. */
async function priorities(ctx: ScenarioContext, like: string): Promise<Map<string, Priority>> {
  return prioritiesOf(await freshTable(managerOf(ctx), like, ctx.signal), ctx.cluster().businesses);
}

/** Wall ms the lab is watched after the manager's answer: a change it makes after notifying is seen too. */
const SETTLE_MS = 1_000;
let noStandbyFailed: string[] = [];
let noStandbyPriorities: Record<string, Priority> = {};

export const noStandby = searchScenario({
  id: 'fo-05-no-standby',
  title: 'a lowest-priority business fails with no unused server: the manager notifies and nothing changes',
  requirements: ['FO-05', 'FO-10'],
  invariants: [{ ...lazyInvariant(() => preemptsOnlyLower(noStandbyPriorities)), required: false }, nothingChanges(), othersUnchanged(() => ({ servers: noStandbyFailed, volumes: [] }))],
  async run(ctx) {
    const view = managerOf(ctx);
    const { lab, fresh } = await sampledLab(ctx);
    const prios = await priorities(ctx, lab.units[0]?.members[0] ?? '');
    const plan = pickNoStandby(lab, prios);
    if (!plan) return ctx.skip('the lab offers no lowest-priority business with a higher-priority server of the same hardware');
    const lead = plan.failed.members[0] ?? plan.failed.id;
    noStandbyFailed = [...plan.failed.members, ...plan.occupy];
    noStandbyPriorities = byServer(lab.units, prios);
    ctx.log.info(`fo-05: ${plan.failed.id} (low) fails; occupied: ${plan.occupy.join(', ')}; ${plan.higher.id} runs a higher priority`);
    await occupy(ctx, plan.occupy);
    await fresh();
    const after = await lastDecisionId(view, ctx.signal);
    await failServer(ctx, lead);
    const d = await decisionAbout(ctx, view, plan.failed.members, after);
    await ctx.clock.sleep(SETTLE_MS, ctx.signal);
    const volume = bootVolumeOf(lab, plan.failed)?.volume ?? '';
    checkMovedTo(ctx, await fresh(), volume, plan.failed, 'no standby qualifies: nothing may move');
    ctx.check('the manager decides "no standby"', { kind: 'invariant', requirements: ['FO-05'] }, () => (d.state === 'no-standby' ? true : `decision ${d.id} is ${d.state}: ${'reason' in d.decision ? d.decision.reason : ''}`));
    const events = (await view.events(ctx.signal)).filter((e) => e.messageId.endsWith('.Notification') && e.server !== null && plan.failed.members.includes(e.server));
    ctx.check('the manager notifies the user', { kind: 'invariant', requirements: ['FO-05'] }, () => (events.length > 0 ? true : `no FailoverManager.Notification about ${plan.failed.id}`));
  },
});

let preemptPriorities: Record<string, Priority> = {};
let preemptInvolved = { servers: [] as string[], volumes: [] as string[] };

export const preempt = searchScenario({
  id: 'fo-10-preempt',
  title: 'a higher-priority business fails with no unused server: the lowest-priority server of its hardware is taken over',
  requirements: ['FO-10'],
  invariants: [...FAILOVER_INVARIANTS, lazyInvariant(() => preemptsOnlyLower(preemptPriorities)), othersUnchanged(() => preemptInvolved)],
  async run(ctx) {
    const { lab } = await sampledLab(ctx);
    const prios = await priorities(ctx, lab.units[0]?.members[0] ?? '');
    const plan = pickPreempt(lab, prios);
    if (!plan) return ctx.skip('the lab offers no business with exactly one lowest-priority server of its hardware below it');
    preemptPriorities = byServer(lab.units, prios);
    preemptInvolved = { servers: [...plan.failed.members, ...plan.victim.members, ...plan.occupy], volumes: [plan.failed, plan.victim].flatMap((u) => volumesOfUnit(lab, u)) };
    ctx.log.info(`fo-10: ${plan.failed.id} (${prios.get(plan.failed.id)}) fails; ${plan.victim.id} (${prios.get(plan.victim.id)}) is the one to take; occupied: ${plan.occupy.join(', ')}`);
    await occupy(ctx, plan.occupy);
    // Figures only: the victim's own graceful shutdown falls inside the remap window, which fo.remap does not budget.
    await failAndFollow(ctx, plan.failed, plan.victim, `the one lowest-priority server of ${plan.failed.id}'s hardware`, false);
  },
});
