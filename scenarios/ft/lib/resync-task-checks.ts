/**
 * The resync Task against the resync's events (FT-08): the task of this resync exists; its
 * PercentComplete stays within 0–100, it and TaskState never go back; PercentComplete advances
 * with each brownout pass the events report, by the brownout's share of the memory copied
 * (resync-task-share.ts); it is 100 and Completed exactly when the resync completes (DuplexRestored),
 * never before, with TaskCompletedOK and no error message; its StartTime lies between ResyncStarted
 * and the resync's next event, its EndTime between DuplexRestored and the BMC's clock when the
 * finished task was read.
 *
 * A reading is placed against an event by harness times: one that started after the event's
 * receipt shows its effect; one that ended more than the delivery allowance before an event's
 * receipt (the event may have been sent that much earlier) does not yet.
 */
import type { SoloContext } from '../../../harness/scenario.ts';
import type { BmcEvent, ResyncTaskView } from '../../../drivers/capabilities/index.ts';
import { DELIVERY_WALL_MS } from './consistency.ts';
import type { TaskReading } from './resync-task.ts';
import type { ResyncObservation } from './steps.ts';
import { numericArg } from '../../../lib/domains/ft/messages.ts';
import { reportedResyncFigures } from './resync-figures.ts';
import { brownoutShareProblem, passStretches } from './resync-task-share.ts';

type StateCtx = SoloContext<'FtState'>;

const RANK: Readonly<Record<string, number>> = { New: 0, Pending: 1, Starting: 1, Running: 2, Suspended: 2, Interrupted: 2, Stopping: 3, Cancelling: 3, Completed: 4, Exception: 4, Cancelled: 4, Killed: 4 };

interface Seen {
  start: number;
  end: number;
  task: ResyncTaskView;
}

/** The readings of the task whose StartTime is nearest ResyncStarted (this resync's), in order. */
export function taskOfResync(readings: readonly TaskReading[], startedAtBmc: number, parse: (iso: string) => number): Seen[] {
  const seen = readings.flatMap((r) => (r.read.offered && r.read.task ? [{ start: r.start, end: r.end, task: r.read.task }] : []));
  const distance = (s: Seen): number => (s.task.startTime === null ? Infinity : Math.abs(parse(s.task.startTime) - startedAtBmc));
  const nearest = seen.reduce<Seen | null>((best, s) => (!best || distance(s) < distance(best) ? s : best), null);
  return nearest ? seen.filter((s) => s.task.uri === nearest.task.uri) : [];
}

/** Where PercentComplete was outside 0–100 or TaskState / PercentComplete went back between two readings; null when never. */
export function wentBack(seen: readonly Seen[]): string | null {
  const out = seen.find((s) => s.task.percent !== null && !(s.task.percent >= 0 && s.task.percent <= 100));
  if (out) return `PercentComplete ${String(out.task.percent)} outside 0–100`;
  for (let i = 1; i < seen.length; i++) {
    const [a, b] = [seen[i - 1] as Seen, seen[i] as Seen];
    if ((b.task.percent ?? 0) < (a.task.percent ?? 0)) return `PercentComplete went from ${String(a.task.percent)} back to ${String(b.task.percent)}`;
    if ((RANK[b.task.state] ?? 0) < (RANK[a.task.state] ?? 0)) return `TaskState went from ${a.task.state} back to ${b.task.state}`;
  }
  return null;
}

/**
 * PercentComplete in each stretch between resync events that readings resolve (stretch k: from
 * the receipt of edge k to `allowance` before the receipt of edge k+1), in order; a stretch with
 * no reading wholly inside is left out.
 */
export function percentPerStretch(seen: readonly Seen[], edges: readonly number[], allowance: number): Array<{ stretch: number; percents: number[] }> {
  const out: Array<{ stretch: number; percents: number[] }> = [];
  for (let k = 0; k + 1 < edges.length; k++) {
    const from = edges[k] as number;
    const to = (edges[k + 1] as number) - allowance;
    const percents = seen.filter((s) => s.start >= from && s.end <= to).map((s) => s.task.percent ?? Number.NaN);
    if (percents.length > 0) out.push({ stretch: k, percents });
  }
  return out;
}

/** Where a resolved stretch did not show more than the one before it; null when each advanced. */
export function notAdvancing(stretches: ReadonlyArray<{ stretch: number; percents: number[] }>, names: readonly string[]): string | null {
  for (let i = 1; i < stretches.length; i++) {
    const [a, b] = [stretches[i - 1] as { stretch: number; percents: number[] }, stretches[i] as { stretch: number; percents: number[] }];
    if (!(Math.min(...b.percents) > Math.max(...a.percents))) {
      return `PercentComplete ${b.percents.join('/')} after ${names[b.stretch] ?? '?'} is not above ${a.percents.join('/')} after ${names[a.stretch] ?? '?'}`;
    }
  }
  return null;
}

/** Where 100 / Completed did not coincide with the resync's completion (received at `doneAt`); null when they did. */
export function completionProblem(seen: readonly Seen[], doneAt: number, allowance: number): string | null {
  for (const s of seen) {
    const { state, percent } = s.task;
    if ((percent === 100) !== (state === 'Completed')) return `PercentComplete ${String(percent)} with TaskState ${state}`;
    if (state === 'Completed' && s.end < doneAt - allowance) return `Completed before the resync completed (a reading that ended ${Math.round(doneAt - s.end)} ms wall before DuplexRestored arrived)`;
    if (s.start >= doneAt && state !== 'Completed') return `TaskState ${state}, PercentComplete ${String(percent)} after DuplexRestored`;
    if (s.start >= doneAt && s.task.status !== 'OK') return `TaskStatus ${String(s.task.status)} after a successful resync`;
  }
  const last = seen[seen.length - 1]?.task;
  if (!last) return 'no reading';
  const bad = last.messages.find((id) => /TaskAborted|TaskCancelled|GeneralError/.test(id));
  if (bad) return `the completed task carries ${bad}`;
  if (!last.messages.some((id) => id.endsWith('.TaskCompletedOK'))) return `the completed task has no TaskCompletedOK message (has: ${last.messages.join(', ') || 'none'})`;
  return null;
}

type EdgePass = { pass: number; dirtyMiB: number } | null;

function edgesOf(o: ResyncObservation): { times: number[]; names: string[]; passes: EdgePass[] } {
  const passOf = (e: BmcEvent, i: number): EdgePass => {
    const dirtyMiB = numericArg(e, 2);
    return dirtyMiB === undefined ? null : { pass: i + 1, dirtyMiB };
  };
  const list: Array<[string, BmcEvent, EdgePass]> = [
    ...(o.brownoutStarted ? ([['brownout start', o.brownoutStarted, { pass: 0, dirtyMiB: 0 }]] as Array<[string, BmcEvent, EdgePass]>) : []),
    ...o.passes.map((p, i): [string, BmcEvent, EdgePass] => [`pass ${i + 1}`, p, passOf(p, i)]),
    ['BlackoutStarted', o.blackoutStarted, null],
  ];
  return { times: list.map(([, e]) => e.receivedAt), names: list.map(([n]) => n), passes: list.map(([, , p]) => p) };
}

/** The brownout's share of PercentComplete against the pass events and the memory the BMC reports (resync-task-share.ts). */
function checkBrownoutShare(ctx: StateCtx, o: ResyncObservation, stretches: ReadonlyArray<{ stretch: number; percents: number[] }>, passes: readonly EdgePass[], req: string[]): void {
  const memoryMiB = reportedResyncFigures(ctx)?.memoryMiB;
  const judged = passStretches(stretches, passes);
  if (memoryMiB === undefined || !judged.some((s) => s.pass === 0) || !judged.some((s) => s.pass > 0)) {
    ctx.log.info(`resync task of module ${o.module}: no memory size, or no reading at the brownout's start and after a pass: the brownout's share of PercentComplete is not judged`);
    return;
  }
  const name = `resync task of module ${o.module}: PercentComplete after each pass accounts for the memory the pass events say is copied (${memoryMiB} MiB)`;
  ctx.check(name, { kind: 'invariant', requirements: req }, () => brownoutShareProblem(judged, memoryMiB) ?? true);
}

/** Every check of the resync task; nothing when the driver reads no Tasks or the BMC offers no TaskService. */
export function checkResyncTask(ctx: StateCtx, o: ResyncObservation, readings: readonly TaskReading[], req: string[]): void {
  if (readings.length === 0 || readings.every((r) => !r.read.offered)) {
    ctx.log.info(`resync of module ${o.module}: the BMC offers no TaskService (or the driver reads none): its task is not checked`);
    return;
  }
  const bmc = (e: BmcEvent): number => ctx.parseBmcTime(e.eventTimestamp);
  const seen = taskOfResync(readings, bmc(o.started), (iso) => ctx.parseBmcTime(iso));
  const name = `resync task of module ${o.module}`;
  const opts = { kind: 'invariant' as const, requirements: req };
  if (!ctx.check(`${name}: the BMC shows the resync as a Task`, opts, () => (seen.length > 0 ? true : `no Task naming module ${o.module} in ${readings.length} readings of the TaskService`))) return;
  const allowance = DELIVERY_WALL_MS + (ctx.clockOffset()?.uncertaintyMs ?? 0);
  ctx.check(`${name}: PercentComplete within 0–100, it and TaskState never go back (${seen.length} readings)`, opts, () => wentBack(seen) ?? true);
  const edges = edgesOf(o);
  const stretches = percentPerStretch(seen, edges.times, allowance);
  if (o.passes.length > 0 && stretches.length >= 2) {
    ctx.check(`${name}: PercentComplete advances with each brownout pass (${stretches.length} of ${edges.times.length - 1} stretches resolved)`, opts, () => notAdvancing(stretches, edges.names) ?? true);
  } else if (o.passes.length > 0) {
    ctx.log.info(`${name}: the readings resolve ${stretches.length} stretch(es) between the resync's events: its advance per pass is not judged`);
  }
  if (o.passes.length > 0) checkBrownoutShare(ctx, o, stretches, edges.passes, req);
  ctx.check(`${name}: 100 % and Completed exactly when the resync completes`, opts, () => completionProblem(seen, o.duplexRestored.receivedAt, allowance) ?? true);
  checkTaskTimes(ctx, o, seen, req);
}

/** Where a task time lies outside [lo, hi] (BMC epoch ms, widened by the time's resolution); null when inside. */
export function outside(what: string, iso: string | null, lo: number, hi: number, parse: (iso: string) => number): string | null {
  if (iso === null) return `no ${what}`;
  const res = /\.\d+/.test(iso) ? 0.001 : 1000;
  const t = parse(iso);
  if (t >= lo - res && t <= hi + res) return null;
  return `${what} ${iso} is ${t < lo ? `${Math.round(lo - t)} ms before` : `${Math.round(t - hi)} ms after`} the span the events allow`;
}

/**
 * StartTime from ResyncStarted to the resync's next event; EndTime from DuplexRestored to the
 * BMC's clock when the finished task was read (the TaskService's DateTime; BMC clock all).
 */
function checkTaskTimes(ctx: StateCtx, o: ResyncObservation, seen: readonly Seen[], req: string[]): void {
  const task = seen[seen.length - 1]?.task;
  if (!task || task.state !== 'Completed') return;
  const bmc = (e: BmcEvent): number => ctx.parseBmcTime(e.eventTimestamp);
  const parse = (iso: string): number => ctx.parseBmcTime(iso);
  const next = o.brownoutStarted ?? o.passes[0] ?? o.blackoutStarted;
  const doneBy = task.seenBy === null ? Number.POSITIVE_INFINITY : parse(task.seenBy);
  ctx.check(`resync task of module ${o.module}: StartTime with ResyncStarted, EndTime with DuplexRestored`, { kind: 'invariant', requirements: req }, () =>
    outside('StartTime', task.startTime, bmc(o.started), bmc(next), parse) ?? outside('EndTime', task.endTime, bmc(o.duplexRestored), doneBy, parse) ?? true,
  );
}
