import test from 'ava';
import { FakeClock } from '../../lib/clock.ts';
import { ConfigError } from '../../lib/errors.ts';
import { checkLockoutPolicy, LoginLockout } from './lockout.ts';

test('the threshold-th failure within the window locks that name only, for the lockout time; success clears the count', (t) => {
  const clock = new FakeClock();
  const locked: string[] = [];
  const l = new LoginLockout({ threshold: 3, resetAfterMs: 10_000, lockoutMs: 30_000 }, clock, (n) => locked.push(n));
  t.false(l.failed('a'));
  t.false(l.failed('a'));
  l.succeeded('a');
  t.false(l.failed('a'));
  t.false(l.failed('a'));
  t.true(l.failed('a'), 'third failure since the success');
  t.deepEqual(locked, ['a']);
  t.is(l.remainingMs('a'), 30_000);
  t.is(l.remainingMs('b'), 0, 'other names are not affected');
  t.false(l.failed('a'), 'failures while locked do not extend the lockout');
  clock.advance(30_000);
  t.is(l.remainingMs('a'), 0);
  t.false(l.failed('a'), 'a fresh count after the lockout');
});

test('failures spread over more than the reset interval never lock; threshold 0 turns the lockout off', (t) => {
  const clock = new FakeClock();
  const l = new LoginLockout({ threshold: 2, resetAfterMs: 1000, lockoutMs: 5000 }, clock);
  t.false(l.failed('a'));
  clock.advance(1000);
  t.false(l.failed('a'), 'the window restarted');
  t.true(l.failed('a'));
  const off = new LoginLockout({ threshold: 0, resetAfterMs: 1000, lockoutMs: 5000 }, clock);
  for (let i = 0; i < 10; i++) t.false(off.failed('a'));
  t.is(off.remainingMs('a'), 0);
});

test('a bad policy is a ConfigError naming the field', (t) => {
  t.throws(() => checkLockoutPolicy({ threshold: 256, resetAfterMs: 0, lockoutMs: 0 }), { instanceOf: ConfigError, message: /lockout\.threshold: an integer 0\.\.255/ });
  t.throws(() => checkLockoutPolicy({ threshold: 5, resetAfterMs: -1, lockoutMs: 0 }), { instanceOf: ConfigError, message: /lockout\.resetAfterMs/ });
});
