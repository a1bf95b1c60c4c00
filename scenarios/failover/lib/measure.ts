/**
 * A failover's phases measured from the cluster's samples (lib/domains/failover/timeline.ts) and
 * recorded against budgets/failover.yaml: remap (failed server off → masking, zoning and VLANs
 * final), boot (→ the standby's BMC says its OS runs), total (fault → the last step), and
 * fault → failed server off (detection and fence together: the lab does not show where the
 * manager's decision falls between them). Each value is the
 * longest the sample windows allow, in SUT ms, with the windows' width as its resolution.
 */
import type { ScenarioContext } from '../../../harness/scenario.ts';
import { failoverTimeline, remapDone, span, stepOf, type FailoverRef, type PhaseSpan, type TimelineStep } from '../../../lib/domains/failover/timeline.ts';
import { foBudgetParams } from './budget-params.ts';

export interface MeasureFailoverOptions {
  /** Judge against the budgets (default true); false records the figures only. */
  budgets?: boolean;
  /** SUT ms of the dump the failed server was writing when it failed (FO-03: the fence waits for it); default 0. */
  dumpMs?: number;
}

const SOURCE = 'cluster samples: the longest the sample windows allow';

/** Measure the phases `ctx.cluster()`'s history shows of failover `ref`; returns the timeline it measured them on. */
export function measureFailover(ctx: ScenarioContext, ref: FailoverRef, opts: MeasureFailoverOptions = {}): TimelineStep[] {
  const records = ctx.cluster().records();
  const steps = failoverTimeline(records, ref);
  const off = stepOf(steps, 'failed-off');
  // The fault that failed the server over: the last one injected on it before it went off (an
  // earlier fault the manager rightly left alone, FO-02, is not where the failover began).
  const injected = records.filter((r) => r.type === 'fault' && r.action === 'inject' && r.ok && r.device === ref.failed);
  const fault = injected.filter((r) => !off || r.t <= off.to).at(-1);
  const done = remapDone(steps);
  const running = stepOf(steps, 'standby-running');
  const last = steps.at(-1)?.window ?? null;
  const measure = (name: string, s: PhaseSpan | null, budget: string | null): void => {
    if (!s) return;
    const judged = budget !== null && opts.budgets !== false;
    ctx.measure(name, ctx.toSutMs(s.ms), { unit: 'ms', source: SOURCE, resolution: ctx.toSutMs(s.resolutionMs), ...(judged ? { budget, budgetParams: foBudgetParams(ctx, opts.dumpMs) } : {}) });
  };
  measure('failover.fault-to-off', fault && off ? span(fault.t, off) : null, 'fo.fault-to-off');
  measure('failover.remap', off && done ? span(off, done) : null, 'fo.remap');
  measure('failover.boot', done && running ? span(done, running) : null, 'fo.boot');
  measure('failover.total', fault && last ? span(fault.t, last) : null, 'fo.total');
  return steps;
}
