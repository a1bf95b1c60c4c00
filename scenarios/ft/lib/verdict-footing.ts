/**
 * Inconclusive checks and the probes they rest on, per testcase (ftScenario sets it up before the
 * scenario runs). A check the harness's own starvation could explain is recorded as not evaluated
 * with the reason; when the scenario found no SUT failure of its own, the testcase then ends as an
 * infra-error naming every such check (never a pass it has not earned, never a SUT failure the
 * host caused). Judgements that need a probe still running (a consistency check inside a phase
 * the probe covers) are deferred until the scenario ends, when every probe has stopped.
 */
import { defineFixture, type SoloContext } from '../../../harness/scenario.ts';
import type { CapabilityName } from '../../../drivers/capabilities/index.ts';
import { judge } from '../../../harness/budgets/verdict.ts';
import { InfraError } from '../../../lib/errors.ts';
import type { ProbeFooting } from './footing.ts';

interface Footing {
  probes: ProbeFooting[];
  inconclusive: string[];
  deferred: Array<() => void>;
  /** Checks and budget measurements of the scenario that found a violation. */
  failedChecks: number;
}

export const verdictFooting = defineFixture<Footing>({
  name: 'verdict footing',
  setup: () => ({ probes: [], inconclusive: [], deferred: [], failedChecks: 0 }),
});

export function footingOf<N extends CapabilityName>(ctx: SoloContext<N>): Footing | undefined {
  return ctx.peek(verdictFooting);
}

/** Record check `name` as not evaluated: the harness was starved beyond what its verdict can rest on. */
export function inconclusiveCheck<N extends CapabilityName>(ctx: SoloContext<N>, name: string, opts: Parameters<SoloContext<N>['check']>[1], reason: string): void {
  const text = `inconclusive (infra): ${reason}`;
  ctx.check(name, { ...opts, required: false }, () => {
    throw new InfraError(text);
  });
  footingOf(ctx)?.inconclusive.push(`${name}: ${reason}`);
}

/** Judge what was deferred (every probe has stopped by now); runs also when the scenario failed. */
export function settleDeferred<N extends CapabilityName>(ctx: SoloContext<N>): void {
  const f = footingOf(ctx);
  if (!f) return;
  for (const judge of f.deferred.splice(0)) judge();
}

/** After a scenario that found no failure itself: an infra-error when a check was inconclusive. */
export function throwIfInconclusive<N extends CapabilityName>(ctx: SoloContext<N>): void {
  const f = footingOf(ctx);
  if (!f || f.inconclusive.length === 0 || f.failedChecks > 0) return;
  throw new InfraError(`inconclusive: the harness's host was starved beyond what ${f.inconclusive.length} check(s) can rest on: ${f.inconclusive.join('; ')}`);
}

/** `ctx` whose failing checks and budget violations are counted (a SUT failure found elsewhere outranks an inconclusive check). */
export function countingFailures<N extends CapabilityName>(ctx: SoloContext<N>): SoloContext<N> {
  const measure = ctx.measure.bind(ctx);
  const measured: SoloContext<N>['measure'] = (name, value, opts) => {
    measure(name, value, opts);
    const f = footingOf(ctx);
    if (f && opts.budget !== undefined && overBudget(ctx, value, opts.budget, opts.budgetParams)) f.failedChecks++;
  };
  const check = ctx.check.bind(ctx);
  const counted: SoloContext<N>['check'] = (name, opts, fn) => {
    let threw = false;
    const ok = check(name, opts, () => {
      try {
        return fn();
      } catch (e) {
        threw = true;
        throw e;
      }
    });
    const f = footingOf(ctx);
    if (!ok && !threw && f) f.failedChecks++;
    return ok;
  };
  return Object.assign(Object.create(ctx) as SoloContext<N>, { check: counted, measure: measured });
}

function overBudget<N extends CapabilityName>(ctx: SoloContext<N>, value: number, id: string, params: Record<string, number> | undefined): boolean {
  try {
    return judge(value, ctx.budget(id, params)).verdict === 'fail';
  } catch {
    return false; // a budget that does not resolve is reported by the measurement itself
  }
}
