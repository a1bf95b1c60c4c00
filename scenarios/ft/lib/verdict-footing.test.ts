import test from 'ava';
import type { SoloContext } from '../../../harness/scenario.ts';
import { InfraError } from '../../../lib/errors.ts';
import { countingFailures, footingOf, inconclusiveCheck, settleDeferred, throwIfInconclusive, verdictFooting } from './verdict-footing.ts';

type Ctx = SoloContext<'FtState'>;

/** The few context methods verdict-footing uses, recording the checks. */
function fakeCtx() {
  const footing = verdictFooting.setup({} as never) as ReturnType<typeof footingOf> & object;
  const checks: Array<{ name: string; ok: boolean; detail: string }> = [];
  const ctx = {
    peek: () => footing,
    check: (name: string, _opts: unknown, fn: () => true | string) => {
      try {
        const r = fn();
        checks.push({ name, ok: r === true, detail: r === true ? 'holds' : r });
        return r === true;
      } catch (e) {
        checks.push({ name, ok: false, detail: `could not be evaluated: ${(e as Error).message}` });
        return false;
      }
    },
    measure: () => undefined,
    budget: () => ({ id: 'b', limit: 100, unit: 'ms', marginalBand: 0.1, source: 'test', requirement: [] }),
  };
  return { ctx: ctx as unknown as Ctx, checks, footing };
}

test('an inconclusive check is recorded as not evaluated, and the testcase then ends as an infra-error naming it', (t) => {
  const { ctx, checks } = fakeCtx();
  const c = countingFailures(ctx);
  inconclusiveCheck(c, 'consistent: blackout', { kind: 'invariant' }, 'the host stalled 70 ms');
  t.deepEqual(checks, [{ name: 'consistent: blackout', ok: false, detail: 'could not be evaluated: inconclusive (infra): the host stalled 70 ms' }]);
  const e = t.throws(() => throwIfInconclusive(c), { instanceOf: InfraError });
  t.regex(e.message, /inconclusive: .*consistent: blackout: the host stalled 70 ms/);
});

test('a failing check or a budget violation found by the scenario outranks an inconclusive check', (t) => {
  const a = fakeCtx();
  const ca = countingFailures(a.ctx);
  inconclusiveCheck(ca, 'x', { kind: 'invariant' }, 'starved');
  ca.check('exactly: module 1 kept out', { kind: 'assertion' }, () => 'M1.keptOut: false');
  t.notThrows(() => throwIfInconclusive(ca));
  const b = fakeCtx();
  const cb = countingFailures(b.ctx);
  inconclusiveCheck(cb, 'x', { kind: 'invariant' }, 'starved');
  cb.measure('blackout-pause', 99, { unit: 'ms', source: 'events', budget: 'b' });
  t.throws(() => throwIfInconclusive(cb), { instanceOf: InfraError }, 'within the budget: nothing outranks it');
  cb.measure('blackout-pause', 537, { unit: 'ms', source: 'events', budget: 'b' });
  t.notThrows(() => throwIfInconclusive(cb));
});

test('deferred judgements run once, when the scenario ends', (t) => {
  const { ctx, footing } = fakeCtx();
  let runs = 0;
  footing.deferred.push(() => runs++);
  settleDeferred(ctx);
  settleDeferred(ctx);
  t.is(runs, 1);
});
