/**
 * FO-08: a failed logical server (N servers) fails over to a logical server of N servers: an
 * unused one of the same hardware if the lab has one, else N unused same-hardware servers composed
 * through the partition manager; booted from its boot member. Judged as logical servers (the
 * volume is held by the boot member; the other members hold nothing).
 */
import { bootVolumeNeverShared, failedOffBeforeStandbyOn, sameLunNumbers } from './lib/invariants.ts';
import { standbyTakesZoneAndVlan } from './lib/placement.ts';
import { decisionAbout, failServer, lastDecisionId, managerOf } from './lib/search-act.ts';
import { logicalStandbyMatches } from './lib/search-invariants.ts';
import { bootVolumeOf, unitOf, volumesOfUnit } from './lib/search-lab.ts';
import { pickPartition } from './lib/search-pick.ts';
import { composableServers } from './lib/search-rules.ts';
import { finishFailover, holdersNow, sampledLab, searchScenario } from './lib/search-scenario.ts';
import { othersUnchanged } from './lib/search-unchanged.ts';

let involved = { servers: [] as string[], volumes: [] as string[] };

export const partitionFailover = searchScenario({
  id: 'fo-08-partition',
  title: 'a failed logical server fails over to an unused or composed logical server of the same size and hardware',
  requirements: ['FO-08'],
  invariants: [failedOffBeforeStandbyOn, bootVolumeNeverShared, sameLunNumbers, standbyTakesZoneAndVlan, logicalStandbyMatches, othersUnchanged(() => involved)],
  async run(ctx) {
    const view = managerOf(ctx);
    const { lab, fresh } = await sampledLab(ctx);
    const plan = pickPartition(lab, (f) => composableServers(lab, f));
    if (!plan) return ctx.skip('the lab offers no running logical server with an unused or composable standby');
    const volume = bootVolumeOf(lab, plan.failed)?.volume ?? '';
    const candidates = 'logical' in plan.standby ? plan.standby.logical.members : plan.standby.compose;
    involved = { servers: [...plan.failed.members, ...candidates], volumes: volumesOfUnit(lab, plan.failed) };
    ctx.log.info(`fo-08: ${plan.failed.id} [${plan.failed.members.join('+')}] fails; standby: ${'logical' in plan.standby ? plan.standby.logical.id : `compose from ${candidates.join(', ')}`}`);
    const lead = plan.failed.members[0] ?? plan.failed.id;
    const after = await lastDecisionId(view, ctx.signal);
    await failServer(ctx, lead);
    await decisionAbout(ctx, view, plan.failed.members, after);
    const end = await fresh();
    const holder = holdersNow(end, volume);
    const ok = ctx.check(`${volume} moved to a ${plan.failed.members.length}-server logical server of ${candidates.join(', ')}`, { kind: 'invariant', requirements: ['FO-08'] }, () => {
      const h = holder[0];
      if (holder.length !== 1 || !h) return `${volume} is seen by ${holder.join(', ') || 'no server'}`;
      const u = unitOf(end, h);
      const fits = u.logical && u.members.length === plan.failed.members.length && u.members.every((m) => candidates.includes(m)) && u.members[0] === h;
      return fits ? true : `${volume} is held by ${h} of ${u.id} [${u.members.join('+')}]; expected the boot member of a ${plan.failed.members.length}-server logical server of ${candidates.join(', ')}`;
    });
    const h = holder[0];
    if (ok && h) await finishFailover(ctx, fresh, lead, h, volume);
  },
});
