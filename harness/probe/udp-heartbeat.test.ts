import test from 'ava';
import dgram from 'node:dgram';
import { at } from '../../lib/checked.ts';
import { startFtServer } from '../../simulators/ft/server.ts';
import { UdpHeartbeatProbe } from './udp-heartbeat.ts';
import { percentile } from './stats.ts';

/** A real UDP echo peer that can be told to stop answering for a while (a "blackout"). */
async function echoServer(t: { teardown(fn: () => void): void }, host = '127.0.0.1') {
  const sock = dgram.createSocket('udp4');
  const state = { silent: false, hold: false, echoed: 0, lastFrom: '' };
  const held: Array<{ msg: Buffer; port: number; address: string }> = [];
  /** Every datagram received (a copy), with its sender. */
  const seen: Array<{ msg: Buffer; port: number; address: string }> = [];
  sock.on('message', (msg, rinfo) => {
    state.lastFrom = rinfo.address;
    seen.push({ msg: Buffer.from(msg), port: rinfo.port, address: rinfo.address });
    if (state.silent) {
      // A blackout keeps what arrives and answers it when it ends; a dropped window loses it.
      if (state.hold) held.push({ msg, port: rinfo.port, address: rinfo.address });
      return;
    }
    state.echoed++;
    sock.send(msg, rinfo.port, rinfo.address);
  });
  await new Promise<void>((r) => sock.bind(0, host, () => r()));
  t.teardown(() => sock.close());
  const resume = (): void => {
    state.silent = false;
    for (const h of held.splice(0)) {
      state.echoed++;
      sock.send(h.msg, h.port, h.address);
    }
  };
  return { port: sock.address().port, state, resume, seen, sock };
}

type Echo = Awaited<ReturnType<typeof echoServer>>;

const waitUntil = async (pred: () => boolean, what: string, budgetMs = 30_000): Promise<void> => {
  const end = performance.now() + budgetMs;
  while (!pred()) {
    if (performance.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
};

/**
 * The peer drops everything for `ms` (real time, measured on this thread), then answers again
 * until it has echoed `after` more datagrams.
 */
async function silenceThenAnswer(echo: Echo, ms: number, after: number): Promise<{ silentFrom: number; silentTo: number }> {
  echo.state.silent = true;
  const silentFrom = performance.now();
  await new Promise((r) => setTimeout(r, ms));
  const silentTo = performance.now();
  echo.state.silent = false;
  const resumedAt = echo.state.echoed;
  await waitUntil(() => echo.state.echoed >= resumedAt + after, 'answers after the silence');
  return { silentFrom, silentTo };
}

test('records answers, the answering address and a gap that covers a silence of the peer', async (t) => {
  const echo = await echoServer(t);
  const probe = await UdpHeartbeatProbe.start({ host: '127.0.0.1', port: echo.port, maxDurationMs: 30_000, gapThresholdMs: 20 });
  await waitUntil(() => echo.state.echoed >= 50, 'first answers');
  const { silentFrom, silentTo } = await silenceThenAnswer(echo, 300, 50);
  // Silence the peer again and let every answer already echoed land before stopping, so the
  // count below is exact instead of racing the answers still in flight.
  echo.state.silent = true;
  await waitUntil(() => probe.receivedSoFar === echo.state.echoed, 'the answers in flight');
  const r = await probe.stop();

  t.false(r.stoppedByDeadline);
  t.true(r.sent > r.received, 'datagrams sent during the silence got no answer');
  t.true(r.received >= 100, `50 answers before and 50 after the silence; received ${r.received}`);
  t.is(r.received, echo.state.echoed, 'every answer the peer sent was received, each once');
  t.deepEqual(r.repliedFrom, [`127.0.0.1:${echo.port}`]);
  t.true(r.resolutionMs > 0);
  // Answers already in flight may land just after silentFrom; the middle of the silence is surely inside the gap.
  const mid = (silentFrom + silentTo) / 2;
  const covering = r.gaps.filter((g) => g.start <= mid && g.end >= mid);
  t.is(covering.length, 1, `one gap spans the silence; gaps: ${JSON.stringify(r.gaps)}`);
  const silence = at(covering, 0, 'gap spanning the silence');
  t.true(silence.end >= silentTo, 'no answer arrived while the peer was silent');
  t.true((silence.sentDuring ?? 0) > 0, 'the probe kept sending during the silence: a SUT stall, not a harness stall');
});

test('a long blackout (answers held, then sent at once) is estimated from prompt round trips only', async (t) => {
  const echo = await echoServer(t);
  const probe = await UdpHeartbeatProbe.start({ host: '127.0.0.1', port: echo.port, maxDurationMs: 30_000, gapThresholdMs: 20 });
  await waitUntil(() => echo.state.echoed >= 30, 'first answers');
  echo.state.hold = true;
  echo.state.silent = true;
  const silentFrom = performance.now();
  // Long enough that held answers outnumber the prompt ones around it.
  await new Promise((r) => setTimeout(r, 400));
  echo.resume();
  const resumedAt = echo.state.echoed;
  await waitUntil(() => echo.state.echoed >= resumedAt + 30, 'answers after the blackout');
  const r = await probe.stop();
  const blackout = r.gaps.find((g) => g.start <= silentFrom + 200 && g.end >= silentFrom + 200);
  t.truthy(blackout, JSON.stringify(r.gaps));
  t.true(r.rttMs !== undefined && r.rttMs < 20, `median round trip of prompt answers, got ${r.rttMs}`);
  // The estimate removes at most the send phase and the round trip from the reply gap; it can
  // exceed the gap only by a prompt answer's round trip, which is below the gap threshold.
  t.true(blackout?.outageMs !== undefined && blackout.outageMs <= blackout.durationMs + 20, JSON.stringify(blackout));
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
  t.is(at(r.gaps, 0, 'gap').start, Math.round(r.startedAt * 1000) / 1000);
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
  const { silentFrom, silentTo } = await silenceThenAnswer(echo, 300, 50);
  const r = await probe.stop();
  const after = performance.now();
  t.true(r.startedAt >= before && r.stoppedAt <= after, "times are in this thread's performance.now() base");
  t.deepEqual(r.repliedFrom, [`127.0.0.1:${echo.port}`]);
  const mid = (silentFrom + silentTo) / 2;
  t.is(r.gaps.filter((g) => g.start <= mid && g.end >= mid).length, 1, JSON.stringify(r.gaps));
});

/** A UDP socket bound on `host` (port 0 = any), closed at teardown. */
async function udpSocket(t: { teardown(fn: () => void): void }, host: string, port = 0): Promise<dgram.Socket> {
  const sock = dgram.createSocket('udp4');
  await new Promise<void>((resolve, reject) => {
    sock.once('error', reject);
    sock.bind(port, host, () => resolve());
  });
  t.teardown(() => sock.close());
  return sock;
}

const sendFrom = (sock: dgram.Socket, msg: Buffer, port: number, address: string): Promise<void> =>
  new Promise((resolve, reject) => sock.send(msg, port, address, (e) => (e ? reject(e) : resolve())));

test('binds to the wildcard, not to the workload address: a workload on 127.0.0.2 hears the route\'s source address', async (t) => {
  const echo = await echoServer(t, '127.0.0.2');
  const probe = await UdpHeartbeatProbe.start({ host: '127.0.0.2', port: echo.port, maxDurationMs: 30_000 });
  t.is(probe.local.address, '0.0.0.0');
  await waitUntil(() => probe.receivedSoFar >= 10, 'answers from 127.0.0.2');
  const r = await probe.stop();
  // Bound to the workload's address (as before), the datagrams would come from 127.0.0.2 itself.
  t.is(echo.state.lastFrom, '127.0.0.1');
  t.deepEqual(r.repliedFrom, [`127.0.0.2:${echo.port}`]);
  t.is(r.foreign, 0);
});

test('sends from a configured source address', async (t) => {
  const echo = await echoServer(t, '127.0.0.2');
  const probe = await UdpHeartbeatProbe.start({ host: '127.0.0.2', port: echo.port, sourceAddress: '127.0.0.3', maxDurationMs: 30_000 });
  t.is(probe.local.address, '127.0.0.3');
  await waitUntil(() => probe.receivedSoFar >= 10, 'answers');
  await probe.stop();
  t.is(echo.state.lastFrom, '127.0.0.3');
  await t.throwsAsync(UdpHeartbeatProbe.start({ host: '127.0.0.2', port: echo.port, sourceAddress: '::1', maxDurationMs: 1000 }), { message: /family/ });
});

test('each probe carries its own unpredictable nonce', async (t) => {
  const echo = await echoServer(t);
  const a = await UdpHeartbeatProbe.start({ host: '127.0.0.1', port: echo.port, maxDurationMs: 30_000 });
  const b = await UdpHeartbeatProbe.start({ host: '127.0.0.1', port: echo.port, maxDurationMs: 30_000 });
  await waitUntil(() => a.receivedSoFar >= 5 && b.receivedSoFar >= 5, 'answers to both');
  const [ra, rb] = await Promise.all([a.stop(), b.stop()]);
  // Bytes 4..11 of the payload are the nonce: one per probe, the same in each of its datagrams.
  const nonces = new Set(echo.seen.map((d) => d.msg.subarray(4, 12).toString('hex')));
  t.is(nonces.size, 2, `two probes, two nonces: ${[...nonces].join(', ')}`);
  t.false(nonces.has('0000000000000000'));
  t.is(ra.foreign + rb.foreign, 0);
});

test('forged replies never count as answers and are reported as foreign traffic', async (t) => {
  const echo = await echoServer(t);
  // Forgers: another port on the workload's address, and the workload's port on another address.
  const otherPort = await udpSocket(t, '127.0.0.1');
  const otherAddress = await udpSocket(t, '127.0.0.2', echo.port);
  const probe = await UdpHeartbeatProbe.start({ host: '127.0.0.1', port: echo.port, maxDurationMs: 30_000, gapThresholdMs: 20 });
  await waitUntil(() => echo.state.echoed >= 30, 'first answers');

  // The workload goes silent (an outage); the forgers answer the probes it no longer answers.
  echo.state.silent = true;
  const silentFrom = performance.now();
  const firstUnanswered = echo.seen.length;
  await waitUntil(() => echo.seen.length >= firstUnanswered + 40, 'probes during the outage');
  const victims = echo.seen.slice(firstUnanswered, firstUnanswered + 40);
  let forged = 0;
  for (const [i, v] of victims.entries()) {
    if (i % 4 === 0) await sendFrom(otherPort, v.msg, v.port, v.address); // right payload, wrong port
    else if (i % 4 === 1) await sendFrom(otherAddress, v.msg, v.port, v.address); // right payload and port, wrong address
    else if (i % 4 === 2) {
      const wrongNonce = Buffer.from(v.msg);
      wrongNonce.writeUInt8(wrongNonce.readUInt8(4) ^ 0xff, 4);
      await sendFrom(echo.sock, wrongNonce, v.port, v.address); // the workload's address and port, wrong nonce
    } else {
      const unsent = Buffer.from(v.msg);
      unsent.writeUInt32BE(0xfffffff0, 12);
      await sendFrom(echo.sock, unsent, v.port, v.address); // right nonce, a sequence number never sent
    }
    forged++;
  }
  await waitUntil(() => probe.foreignSoFar >= forged, 'the forged datagrams');
  const silentTo = performance.now();
  echo.state.silent = false;
  const resumedAt = echo.state.echoed;
  await waitUntil(() => echo.state.echoed >= resumedAt + 30, 'answers after the outage');
  echo.state.silent = true;
  await waitUntil(() => probe.receivedSoFar === echo.state.echoed, 'the answers in flight');
  const r = await probe.stop();

  t.is(r.received, echo.state.echoed, 'only the workload\'s own answers count');
  t.is(r.foreign, forged);
  t.deepEqual(r.foreignFrom, [`127.0.0.1:${echo.port}`, `127.0.0.1:${otherPort.address().port}`, `127.0.0.2:${echo.port}`].sort());
  t.deepEqual(r.repliedFrom, [`127.0.0.1:${echo.port}`]);
  t.deepEqual(r.echoedBy, [`127.0.0.1:${otherPort.address().port}`, `127.0.0.2:${echo.port}`].sort(), 'who else echoed the probe\'s own datagrams');
  const mid = (silentFrom + silentTo) / 2;
  t.is(r.gaps.filter((g) => g.start <= mid && g.end >= mid).length, 1, `the outage is still a gap: ${JSON.stringify(r.gaps)}`);
});

test('a repeated answer is foreign, not a second answer', async (t) => {
  const echo = await echoServer(t);
  const probe = await UdpHeartbeatProbe.start({ host: '127.0.0.1', port: echo.port, maxDurationMs: 30_000 });
  await waitUntil(() => probe.receivedSoFar >= 5, 'first answers');
  echo.state.silent = true;
  await waitUntil(() => probe.receivedSoFar === echo.state.echoed, 'the answers in flight');
  const first = at(echo.seen, 0, 'first probe');
  await sendFrom(echo.sock, first.msg, first.port, first.address);
  await waitUntil(() => probe.foreignSoFar === 1, 'the repeat');
  const r = await probe.stop();
  t.is(r.received, echo.state.echoed);
  t.is(r.foreign, 1);
  t.deepEqual(r.foreignFrom, [`127.0.0.1:${echo.port}`]);
});

test('on a worker thread: foreign traffic is reported too', async (t) => {
  const { startThreadedHeartbeat } = await import('./threaded.ts');
  const echo = await echoServer(t);
  const forger = await udpSocket(t, '127.0.0.1');
  const probe = await startThreadedHeartbeat({ host: '127.0.0.1', port: echo.port, maxDurationMs: 30_000 });
  await waitUntil(() => echo.seen.length >= 5, 'first probes');
  const v = at(echo.seen, 4, 'fifth probe');
  for (let i = 0; i < 3; i++) await sendFrom(forger, v.msg, v.port, v.address);
  // The worker's counters are not visible from here. The forged datagrams are in the probe's
  // receive queue once sent (loopback); the worker reads its socket on every turn of its loop,
  // and 20 more sends take at least 20 turns.
  const after = echo.state.echoed;
  await waitUntil(() => echo.state.echoed >= after + 20, 'answers after the forgeries');
  const r = await probe.stop();
  t.is(r.foreign, 3);
  t.deepEqual(r.foreignFrom, [`127.0.0.1:${forger.address().port}`]);
  t.deepEqual(r.repliedFrom, [`127.0.0.1:${echo.port}`]);
});

test('the ft emulator\'s workload echoes the probe\'s payload as it is: answers count, nothing is foreign', async (t) => {
  const server = await startFtServer({ port: 0 });
  t.teardown(() => server.close());
  const probe = await UdpHeartbeatProbe.start({ host: server.workload.host, port: server.workload.udp, maxDurationMs: 30_000 });
  await waitUntil(() => probe.receivedSoFar >= 50, 'answers from the emulated workload');
  const r = await probe.stop();
  t.true(r.received >= 50);
  t.is(r.foreign, 0);
  t.deepEqual(r.repliedFrom, [`127.0.0.1:${server.workload.udp}`]);
});
