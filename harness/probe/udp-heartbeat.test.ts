import test from 'ava';
import dgram from 'node:dgram';
import { UdpHeartbeatProbe } from './udp-heartbeat.ts';
import { percentile } from './stats.ts';

/** A real UDP echo peer that can be told to stop answering for a while (a "blackout"). */
async function echoServer(t: { teardown(fn: () => void): void }) {
  const sock = dgram.createSocket('udp4');
  const state = { silent: false, echoed: 0 };
  sock.on('message', (msg, rinfo) => {
    if (state.silent) return;
    state.echoed++;
    sock.send(msg, rinfo.port, rinfo.address);
  });
  await new Promise<void>((r) => sock.bind(0, '127.0.0.1', () => r()));
  t.teardown(() => sock.close());
  return { port: sock.address().port, state };
}

const waitUntil = async (pred: () => boolean, what: string, budgetMs = 10_000): Promise<void> => {
  const end = performance.now() + budgetMs;
  while (!pred()) {
    if (performance.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
};

test('records answers, the answering address and a gap that covers a silence of the peer', async (t) => {
  const echo = await echoServer(t);
  const probe = await UdpHeartbeatProbe.start({ host: '127.0.0.1', port: echo.port, maxDurationMs: 30_000, gapThresholdMs: 20 });
  await waitUntil(() => echo.state.echoed >= 50, 'first answers');
  echo.state.silent = true;
  const silentFrom = performance.now();
  await new Promise((r) => setTimeout(r, 300));
  const silentTo = performance.now();
  echo.state.silent = false;
  const resumedAt = echo.state.echoed;
  await waitUntil(() => echo.state.echoed >= resumedAt + 50, 'answers after the silence');
  const r = await probe.stop();

  t.false(r.stoppedByDeadline);
  t.true(r.sent > r.received, 'datagrams sent during the silence got no answer');
  // The 50 answers before the silence have surely arrived; those echoed just before stop() may still be in flight.
  t.true(r.received >= 50 && r.received <= echo.state.echoed, `received ${r.received} of ${echo.state.echoed} echoed`);
  t.deepEqual(r.repliedFrom, [`127.0.0.1:${echo.port}`]);
  t.true(r.resolutionMs > 0);
  // Answers already in flight may land just after silentFrom; the middle of the silence is surely inside the gap.
  const mid = (silentFrom + silentTo) / 2;
  const covering = r.gaps.filter((g) => g.start <= mid && g.end >= mid);
  t.is(covering.length, 1, `one gap spans the silence; gaps: ${JSON.stringify(r.gaps)}`);
  t.true(covering[0]!.end >= silentTo, 'no answer arrived while the peer was silent');
  t.true((covering[0]!.sentDuring ?? 0) > 0, 'the probe kept sending during the silence: a SUT stall, not a harness stall');
});

test('stops by itself at its deadline and reports the trailing silence as a gap', async (t) => {
  const echo = await echoServer(t);
  echo.state.silent = true;
  const probe = await UdpHeartbeatProbe.start({ host: '127.0.0.1', port: echo.port, maxDurationMs: 200 });
  const r = await probe.done;
  t.true(r.stoppedByDeadline);
  t.is(r.received, 0);
  t.true(r.sent > 0);
  t.is(r.gaps.length, 1);
  t.is(r.gaps[0]!.start, Math.round(r.startedAt * 1000) / 1000);
  t.deepEqual(r.repliedFrom, []);
  t.deepEqual(await probe.stop(), r, 'stop() after the deadline returns the same result');
});

test('percentile is nearest-rank', (t) => {
  t.is(percentile([5, 1, 4, 2, 3], 50), 3);
  t.is(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 99), 10);
  t.is(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90), 9);
  t.true(Number.isNaN(percentile([], 50)));
});

test('on a worker thread: the same answers, gaps and addresses, in this thread\'s time base', async (t) => {
  const { startThreadedHeartbeat } = await import('./threaded.ts');
  const echo = await echoServer(t);
  const before = performance.now();
  const probe = await startThreadedHeartbeat({ host: '127.0.0.1', port: echo.port, maxDurationMs: 30_000, gapThresholdMs: 20 });
  await waitUntil(() => echo.state.echoed >= 50, 'first answers');
  echo.state.silent = true;
  const silentFrom = performance.now();
  await new Promise((r) => setTimeout(r, 300));
  const silentTo = performance.now();
  echo.state.silent = false;
  const resumedAt = echo.state.echoed;
  await waitUntil(() => echo.state.echoed >= resumedAt + 50, 'answers after the silence');
  const r = await probe.stop();
  const after = performance.now();
  t.true(r.startedAt >= before && r.stoppedAt <= after, "times are in this thread's performance.now() base");
  t.deepEqual(r.repliedFrom, [`127.0.0.1:${echo.port}`]);
  const mid = (silentFrom + silentTo) / 2;
  t.is(r.gaps.filter((g) => g.start <= mid && g.end >= mid).length, 1, JSON.stringify(r.gaps));
});
