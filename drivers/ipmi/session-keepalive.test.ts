/**
 * Keep-alive against a real ipmi_sim:
 * - with an injected FakeClock: a keep-alive goes out exactly when the session has been idle for
 *   keepAliveMs (calls restart the idle time), is answered, and the session stays the same one;
 * - a keep-alive that fails (simulator stopped with SIGSTOP) marks the session broken with the
 *   typed error, and the next call logs in again;
 * - in real time: ipmi_sim drops sessions idle for 30 s (fixed in OpenIPMI 2.0.33, not
 *   configurable in lan.conf), so one session with keep-alives and one without idle past that;
 *   the first is still the same session, the second was dropped by the BMC.
 */
import test from 'ava';
import { FakeClock } from '../../lib/clock.ts';
import { waitFor } from '../../lib/deadline.ts';
import { startIpmiSim, type IpmiSim } from './testing/ipmi-sim.ts';
import { IpmiClient } from './client.ts';
import { IpmiTimeoutError } from './errors.ts';
import type { IpmiSessionOptions } from './session.ts';

/** ipmi_sim's session idle timeout (lanserv default_session_timeout, 30 one-second ticks). */
const SIM_IDLE_TIMEOUT_MS = 30_000;

let sim: IpmiSim;

test.before(async () => {
  sim = await startIpmiSim();
});

test.after.always(async () => {
  await sim?.stop();
});

function options(extra: Partial<IpmiSessionOptions>): IpmiSessionOptions {
  return { host: sim.host, port: sim.port, user: sim.admin.user, password: sim.admin.password, cipherSuites: [3], ...extra };
}

/** Let queued promise callbacks run (the keep-alive starts in one). */
const settle = (): Promise<void> => new Promise((r) => setImmediate(r));

/**
 * Move fake time to 1 ms before the idle period ends (no keep-alive yet), then to its end (keep-alive
 * number `n` goes out), and wait until it is answered.
 */
async function expectKeepAliveAfter(clock: FakeClock, c: IpmiClient, idleMs: number, n: number): Promise<{ before: number; after: number }> {
  clock.advance(idleMs - 1);
  await settle();
  const before = c.session.stats.keepAlivesSent;
  clock.advance(1);
  await settle();
  const after = c.session.stats.keepAlivesSent;
  await waitFor(`keep-alive ${n} answered`, 10_000, async () => (c.session.stats.keepAlivesAnswered === n ? true : undefined), { intervalMs: 5 });
  return { before, after };
}

test.serial('FakeClock: a keep-alive goes out after keepAliveMs of idle time, calls restart the idle time, the session stays the same', async (t) => {
  const clock = new FakeClock();
  const c = await IpmiClient.connect(options({ clock, keepAliveMs: 1000 }));
  t.teardown(() => c.close());
  const sid = c.session.managedSessionId;

  t.deepEqual(await expectKeepAliveAfter(clock, c, 1000, 1), { before: 0, after: 1 });

  // A call half-way through the idle period pushes the next keep-alive back by a whole period.
  clock.advance(500);
  await c.deviceId();
  t.deepEqual(await expectKeepAliveAfter(clock, c, 1000, 2), { before: 1, after: 2 });

  t.is(c.session.stats.keepAliveFailures, 0);
  t.is(c.session.stats.logins, 1);
  t.is(c.session.managedSessionId, sid);
  t.is(c.session.status, 'active');
});

test.serial('FakeClock: a failed keep-alive (hung BMC) marks the session broken with a timeout; the next call logs in again', async (t) => {
  const clock = new FakeClock();
  const c = await IpmiClient.connect(options({ clock, keepAliveMs: 1000, timeoutMs: 1000, retries: 1 }));
  t.teardown(() => c.close());
  const firstSid = c.session.managedSessionId;

  sim.pause();
  t.teardown(() => sim.resume());
  clock.advance(1000);
  await settle();
  t.is(c.session.stats.keepAlivesSent, 1);
  // Drive fake time through the keep-alive's retries and deadline.
  await clock.advanceAsync(1500, 50);
  await waitFor('keep-alive failure', 10_000, async () => (c.session.status === 'broken' ? true : undefined), { intervalMs: 5 });
  t.is(c.session.stats.keepAliveFailures, 1);
  t.true(c.session.lastKeepAliveError instanceof IpmiTimeoutError);
  t.regex(c.session.lastKeepAliveError?.message ?? '', /Get Device ID .*2 attempts/);

  sim.resume();
  const id = await c.deviceId();
  t.is(id.manufacturerId, 4753);
  t.is(c.session.status, 'active');
  t.is(c.session.stats.logins, 2);
  t.not(c.session.managedSessionId, firstSid);
});

test.serial('real time: keep-alives hold a session past the simulator idle timeout; an unkept session is dropped and logs in again', async (t) => {
  t.timeout(SIM_IDLE_TIMEOUT_MS + 60_000);
  const kept = await IpmiClient.connect(options({ keepAliveMs: 5000 }));
  t.teardown(() => kept.close());
  const idle = await IpmiClient.connect(options({ keepAliveMs: 0, timeoutMs: 1000, retries: 1 }));
  t.teardown(() => idle.close());
  const keptSid = kept.session.managedSessionId;

  await new Promise((r) => setTimeout(r, SIM_IDLE_TIMEOUT_MS + 4000));

  t.is((await kept.deviceId()).manufacturerId, 4753);
  t.is(kept.session.stats.logins, 1);
  t.is(kept.session.managedSessionId, keptSid);
  t.true(kept.session.stats.keepAlivesAnswered >= 1);
  t.is(kept.session.stats.keepAliveFailures, 0);

  // The BMC forgot the idle session: it ignores the request, the call times out, the session is broken...
  await t.throwsAsync(idle.deviceId(), { instanceOf: IpmiTimeoutError });
  t.is(idle.session.status, 'broken');
  // ...and the next call logs in again.
  t.is((await idle.deviceId()).manufacturerId, 4753);
  t.is(idle.session.stats.logins, 2);
});
