/**
 * Runs the planned testcases: in plan order, up to `workers` at once, never two at once that
 * share a device (a device is driven by one testcase at a time). After SIGINT no testcase starts;
 * those in progress end as aborted (or infra-error when one of their faults could not be undone).
 */
import { type Outcome, type ScenarioEnd, worstOutcome } from '../../lib/history/records.ts';
import { bindingDevices, type Testcase } from './plan.ts';
import { LeftChangedDevices } from './left-changed.ts';
import { type RunnerOptions, runTestcase } from './runner.ts';

export interface RunResult {
  outcome: Outcome;
  ends: ScenarioEnd[];
  aborted: boolean;
  /** A fault undo failed during the run (the lab may be left changed). */
  undoFailed: boolean;
}

function devicesOf(tc: Testcase): string[] {
  return tc.binding ? bindingDevices(tc.binding).map((d) => d.name) : [];
}

export async function runTestcases(cases: readonly Testcase[], given: RunnerOptions): Promise<RunResult> {
  const opts: RunnerOptions = { ...given, leftChanged: given.leftChanged ?? new LeftChangedDevices() };
  const workers = Math.max(1, Math.floor(opts.workers ?? 1));
  const ends: Array<ScenarioEnd | undefined> = new Array<ScenarioEnd | undefined>(cases.length);
  const waiting = cases.map((tc, i) => ({ tc, i }));
  const busy = new Set<string>();
  const running = new Set<Promise<void>>();
  while (waiting.length > 0 && !opts.signal.aborted) {
    const at = running.size < workers ? waiting.findIndex((w) => devicesOf(w.tc).every((d) => !busy.has(d))) : -1;
    if (at < 0) {
      await Promise.race(running);
      continue;
    }
    const [next] = waiting.splice(at, 1);
    if (!next) break;
    const held = devicesOf(next.tc);
    for (const d of held) busy.add(d);
    const p: Promise<void> = runTestcase(next.tc, opts).then((end) => {
      ends[next.i] = end;
      for (const d of held) busy.delete(d);
      running.delete(p);
    });
    running.add(p);
  }
  await Promise.all(running);
  const done = ends.filter((e): e is ScenarioEnd => e !== undefined);
  const aborted = opts.signal.aborted;
  // An aborted run whose faults were not all undone ends as infra-error (exit 3), not aborted (130).
  const undoFailed = opts.history.records.some((r) => r.type === 'fault' && r.action === 'undo' && !r.ok);
  const outcome = aborted ? (undoFailed ? 'infra-error' : 'aborted') : worstOutcome(done.map((e) => e.outcome));
  return { outcome, ends: done, aborted, undoFailed };
}
