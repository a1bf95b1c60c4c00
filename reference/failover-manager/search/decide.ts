/**
 * The decision for one failure (pure): FO-02 fault action → the failed unit's business → a
 * standby (standby.ts) → else a lower-priority server to preempt (preempt.ts), its business moved
 * first to an unused server when configured and one qualifies → else no standby: notify only (FO-05).
 */
import type { FailoverConfig } from '../config/types.ts';
import type { Defects } from '../defects.ts';
import { planFailover, unmapsOf } from '../plan/steps.ts';
import type { Decision, Failure, ManagementTable, Step } from '../plan/types.ts';
import { findVictim, type Victim } from './preempt.ts';
import { type Choice, findStandby, policyOf } from './standby.ts';
import { lead, serverIds, type Unit, unitOf } from './units.ts';

export function faultAction(config: FailoverConfig, faultType: string): 'failover' | 'none' {
  return config.faultActions.byType.get(faultType) ?? config.faultActions.default;
}

export function decide(table: ManagementTable, config: FailoverConfig, failure: Failure, defects: Defects): Decision {
  if (faultAction(config, failure.faultType) === 'none') return { kind: 'no-action', failure, reason: `fault type ${failure.faultType} is "none" in the fault action table (FO-02)` };
  const failed = unitOf(table, failure.server);
  const business = lead(failed).business;
  if (!business) return { kind: 'no-action', failure, reason: `${failed.id} runs no business` };
  const policy = policyOf(config, business.name);
  const choice = findStandby(table, config, failed, policy, defects);
  if (choice) {
    const steps = planFailover({ table, failed, standby: choice.unit, compose: composeStep(config, choice), waitForDump: true, clearStandby: false, message: done(business.name, failed, choice.unit, choice.rule), defects });
    return { kind: 'failover', failure, standby: serverIds(choice.unit), reason: choice.rule, steps };
  }
  const victim = findVictim(table, failed, business.priority, policy, defects);
  if (victim) return preempt(table, config, failure, failed, victim, defects);
  const reason = `no unused server matches ${failed.id} (${business.name}) and no lower-priority server can be taken over (FO-05, FO-10)`;
  const partial: Step[] = defects.has('partial-on-no-standby') ? [{ op: 'fence', server: lead(failed).id, waitForDump: true }, ...unmapsOf(failed)] : [];
  return { kind: 'no-standby', failure, reason, steps: [...partial, { op: 'notify', severity: 'Critical', message: `failover of ${business.name} from ${failed.id} impossible: ${reason}` }] };
}

function preempt(table: ManagementTable, config: FailoverConfig, failure: Failure, failed: Unit, victim: Victim, defects: Defects): Decision {
  const business = lead(failed).business?.name ?? failed.id;
    const move = config.moveLowerPriorityFirst ? findStandby(table, config, victim.unit, policyOf(config, victim.business), defects) : null;
  const moveSteps = move
    ? planFailover({ table, failed: victim.unit, standby: move.unit, compose: composeStep(config, move), waitForDump: false, clearStandby: false, message: `moved ${victim.business} from ${victim.unit.id} to ${move.unit.id} to free it for ${business} (FO-10)`, defects })
    : [];
  const rule = `preempted ${victim.unit.id} (${victim.business}, ${victim.priority} priority) ${move ? `after moving ${victim.business} to ${move.unit.id}` : `and scaled ${victim.business} in`} (FO-10)`;
  const steps = planFailover({ table, failed, standby: victim.unit, compose: null, waitForDump: true, clearStandby: !move, message: done(business, failed, victim.unit, rule), defects });
  return {
    kind: 'failover',
    failure,
    standby: serverIds(victim.unit),
    reason: rule,
    preempted: { server: lead(victim.unit).id, business: victim.business, movedTo: move ? serverIds(move.unit) : null },
    steps: [...moveSteps, ...steps],
  };
}

function composeStep(config: FailoverConfig, c: Choice): { partitionManager: string; id: string; servers: string[] } | null {
  const pm = config.manager.partitionManager;
  return c.compose && pm ? { partitionManager: pm, ...c.compose } : null;
}

function done(business: string, failed: Unit, standby: Unit, rule: string): string {
  return `${business} failed over from ${failed.id} to ${standby.id}: ${rule}`;
}
