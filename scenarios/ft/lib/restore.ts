/**
 * Verified restore of the ft lab: what differs between the state before a scenario and after its
 * undos. Both the ft view (power, lockstep set, each module's service state) and the generic
 * health view are compared. Error counters: each subsystem's window and threshold exactly, and a
 * count no higher than before (the undo of an injected error clears the history through the BMC;
 * a new module starts with none; the window forgets errors on its own, FT-11). Not compared: the
 * active NIC and storage path (a team does not fail back when the failed member returns, and
 * either member in service is a restored lab).
 */
import type { StateReading } from '../../../harness/scenario.ts';
import type { FtSystemSnapshot, SubsystemCounter } from '../../../drivers/capabilities/index.ts';
import type { HealthSnapshot } from '../../../lib/domains/system.ts';
import { moduleOf } from './state.ts';

function differs(what: string, before: unknown, after: unknown): string[] {
  const a = JSON.stringify(before);
  const b = JSON.stringify(after);
  return a === b ? [] : [`${what} ${b} (was ${a})`];
}

function ftDifferences(before: FtSystemSnapshot, after: FtSystemSnapshot): string[] {
  const out = [
    ...differs('power', before.powerState, after.powerState),
    ...differs('system health', before.health, after.health),
    ...differs('modules in lockstep', before.activeModules, after.activeModules),
    ...differs('redundancy health', before.redundancyHealth, after.redundancyHealth),
  ];
  for (const m of before.modules) {
    const now = moduleOf(after, m.index);
    if (!now) {
      out.push(`module ${m.index} no longer reported`);
      continue;
    }
    const view = (x: typeof m): unknown => ({ opState: x.opState, state: x.state, health: x.health, keptOut: x.keptOut, led: x.ledOn, faulty: x.faultyComponent });
    out.push(...differs(`module ${m.index}`, view(m), view(now)), ...counterDifferences(m.index, m.counters, now.counters));
  }
  return out;
}

function counterDifferences(m: number, before: Record<string, SubsystemCounter>, after: Record<string, SubsystemCounter>): string[] {
  return Object.entries(before).flatMap(([sub, b]) => {
    const a = after[sub];
    if (!a) return [`module ${m} ${sub} error counter no longer reported`];
    const limits = differs(`module ${m} ${sub} error window/threshold`, [b.windowSeconds, b.threshold], [a.windowSeconds, a.threshold]);
    return a.count > b.count ? [...limits, `module ${m} ${sub} error count ${a.count} (was ${b.count}): the injected errors were not cleared`] : limits;
  });
}

function healthDifferences(before: HealthSnapshot, after: HealthSnapshot): string[] {
  return [...differs('power (health view)', before.powerState, after.powerState), ...differs('health', before.health, after.health)];
}

/** ObserveSpec.restored for ft devices: [] when the device is back to `before`. */
export function ftRestoreDifferences(before: StateReading, after: StateReading): string[] {
  const out: string[] = [];
  if (before.FtState) out.push(...(after.FtState ? ftDifferences(before.FtState, after.FtState) : ['FtState did not answer']));
  if (before.SystemHealth) out.push(...(after.SystemHealth ? healthDifferences(before.SystemHealth, after.SystemHealth) : ['SystemHealth did not answer']));
  return out;
}
