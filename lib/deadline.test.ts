import test from 'ava';
import { FakeClock } from './clock.ts';
import { waitFor, withDeadline } from './deadline.ts';
import { DeadlineError } from './errors.ts';

test('withDeadline returns the value when fn settles first', async (t) => {
  const clock = new FakeClock();
  t.is(await withDeadline('quick', 100, async () => 42, { clock }), 42);
  t.is(clock.pendingTimers(), 0);
});

test('withDeadline rejects with a DeadlineError naming the phase, and aborts fn', async (t) => {
  const clock = new FakeClock();
  let aborted = false;
  const p = withDeadline(
    'power-on → BMC ready',
    500,
    (signal) =>
      new Promise<never>(() => {
        signal.addEventListener('abort', () => (aborted = true));
      }),
    { clock },
  );
  clock.advance(500);
  const err = await t.throwsAsync(p, { instanceOf: DeadlineError });
  t.is(err?.phase, 'power-on → BMC ready');
  t.regex(err?.message ?? '', /"power-on → BMC ready" did not finish within 500 ms/);
  t.true(aborted);
});

test('withDeadline follows a parent signal', async (t) => {
  const clock = new FakeClock();
  const parent = new AbortController();
  const p = withDeadline('child', 10_000, () => new Promise<never>(() => undefined), { clock, parent: parent.signal });
  parent.abort(new Error('SIGINT'));
  await t.throwsAsync(p, { message: 'SIGINT' });
});

test('waitFor polls until the probe yields, and names the last observation on timeout', async (t) => {
  const clock = new FakeClock();
  let calls = 0;
  let state = 'Off';
  const ok = waitFor(
    'power on',
    1000,
    async () => {
      calls++;
      return calls >= 3 ? 'On' : undefined;
    },
    { clock, intervalMs: 100 },
  );
  await clock.advanceAsync(300, 50);
  t.is(await ok, 'On');

  const never = waitFor('power on', 1000, async () => undefined, {
    clock,
    intervalMs: 100,
    describeLast: () => `accepted but PowerState still ${state} after 1 s`,
  });
  state = 'Off';
  await clock.advanceAsync(1100, 50);
  const err = await t.throwsAsync(never, { instanceOf: DeadlineError });
  t.regex(err?.message ?? '', /accepted but PowerState still Off after 1 s/);
});
