import test from 'ava';
import { FakeClock } from '../../lib/clock.ts';
import { InfraError } from '../../lib/errors.ts';
import { silentLogger } from '../../lib/log.ts';
import { defineFixture, FixtureStack } from './fixtures.ts';

const stack = () => new FixtureStack({ clock: new FakeClock(), log: silentLogger, teardownMs: 1000 });

test('teardowns run newest first, each with its value; a setup that throws is still torn down', async (t) => {
  const s = stack();
  const order: string[] = [];
  await s.push('a', async () => 'A', async (v) => void order.push(`down a=${v}`));
  await s.push('b', async () => 'B', async (v) => void order.push(`down b=${v}`));
  await t.throwsAsync(
    s.push(
      'c',
      async () => {
        throw new Error('c half set up');
      },
      async (v) => void order.push(`down c=${String(v)}`),
    ),
    { message: 'c half set up' },
  );
  t.is(await s.teardownAll(), null);
  t.deepEqual(order, ['down c=undefined', 'down b=B', 'down a=A']);
});

test('every teardown runs when one fails; the first failure is kept as an infra error naming the fixture', async (t) => {
  const s = stack();
  const ran: string[] = [];
  await s.push('events', async () => 1, async () => {
    ran.push('events');
    throw new Error('socket already closed');
  });
  await s.push('probe', async () => 2, async () => {
    ran.push('probe');
    throw new Error('worker gone');
  });
  const err = await s.teardownAll();
  t.deepEqual(ran, ['probe', 'events']);
  t.true(err instanceof InfraError);
  t.is(err?.message, 'could not tear down probe: worker gone');
  t.is(await s.teardownAll(), null, 'a second call finds nothing left');
});

test('a teardown that hangs is cut off at its own deadline', async (t) => {
  const clock = new FakeClock();
  const s = new FixtureStack({ clock, log: silentLogger, teardownMs: 1000 });
  await s.push('stuck', async () => 0, () => new Promise<void>(() => undefined), 50);
  const done = s.teardownAll();
  clock.advance(60);
  t.regex((await done)?.message ?? '', /could not tear down stuck: .*tear down stuck.*50/);
});

test('a fixture is set up once per stack, peeked without setting up, and torn down with its value', async (t) => {
  const s = stack();
  let setups = 0;
  const torn: number[] = [];
  const counter = defineFixture<{ n: number }>({ name: 'counter', setup: () => ({ n: ++setups }), teardown: (v) => void torn.push(v?.n ?? -1) });
  t.is(s.peek(counter), undefined);
  const a = await s.use(counter, new AbortController().signal);
  const b = await s.use(counter, new AbortController().signal);
  t.is(a, b);
  t.is(s.peek(counter), a);
  t.is(setups, 1);
  await s.teardownAll();
  t.deepEqual(torn, [1]);
});

test('onFailure steps run in order within their deadline; one failing does not stop the next', async (t) => {
  const s = stack();
  const ran: string[] = [];
  s.onFailure('collect logs', async () => {
    ran.push('logs');
    throw new Error('log service down');
  });
  s.onFailure('collect console', async () => void ran.push('console'));
  const failed = await s.runFailureSteps(1000);
  t.deepEqual(ran, ['logs', 'console']);
  t.deepEqual(failed, [{ name: 'collect logs', error: 'log service down' }]);
});
