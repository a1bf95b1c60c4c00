import test from 'ava';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { systemClock } from '../../../lib/clock.ts';
import { InfraError } from '../../../lib/errors.ts';
import { EchoTally } from './echo-tally.ts';
import { sessionProblem, TcpSession } from './tcp-session.ts';

test('EchoTally: echoes in order count; split, reordered, repeated and foreign lines are wrong', (t) => {
  const e = new EchoTally('tag');
  const l0 = e.send(0);
  const l1 = e.send(10);
  const l2 = e.send(20);
  e.received(l0.slice(0, 3), 5);
  e.received(l0.slice(3) + l1, 30);
  t.deepEqual(e.counts(), { sent: 3, echoed: 2, wrong: 0, maxWaitMs: 30, lastEchoedSentAt: 10 });
  e.received('tag 9\nother 2\n', 31);
  e.received(l1, 32);
  e.received(l2, 60);
  t.deepEqual(e.counts(), { sent: 3, echoed: 3, wrong: 3, maxWaitMs: 40, lastEchoedSentAt: 20 });
  e.received('x'.repeat(5000), 61);
  t.is(e.counts().wrong, 4, 'an endless line is dropped and counted');
  e.received('tag 3\n', 62);
  t.is(e.counts().wrong, 5, 'an echo of a line never sent');
});

function echoServer(t: import('ava').ExecutionContext, onSocket: (s: net.Socket) => void): Promise<{ host: string; port: number }> {
  const server = net.createServer(onSocket);
  t.teardown(() => new Promise<void>((r) => server.close(() => r())));
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ host: '127.0.0.1', port: (server.address() as AddressInfo).port })));
}

test('a session over a real echo: data the server holds arrives late, in order, and nothing is lost', async (t) => {
  let release: (() => void) | undefined;
  const ep = await echoServer(t, (sock) => {
    const held: Buffer[] = [];
    let holding = true;
    release = () => {
      holding = false;
      for (const d of held.splice(0)) sock.write(d);
    };
    sock.on('data', (d: Buffer) => (holding ? held.push(d) : sock.write(d)));
  });
  const s = await TcpSession.open(ep, systemClock, 2_000);
  await systemClock.sleep(100);
  t.regex(sessionProblem(await s.caughtUp(50)) ?? '', /^\d+ of \d+ lines never came back$/);
  release?.();
  const after = await s.caughtUp(1_000);
  t.is(sessionProblem(after), null);
  t.true(after.sent >= 3 && after.echoed === after.sent);
  t.true(after.maxWaitMs >= 100, `the held lines waited (${after.maxWaitMs} ms)`);
  s.close();
});

test('the session ends on a reset, with how and when; nothing after it is sent', async (t) => {
  let peer: net.Socket | undefined;
  const ep = await echoServer(t, (sock) => {
    peer = sock;
    sock.on('data', (d: Buffer) => sock.write(d));
  });
  const s = await TcpSession.open(ep, systemClock, 2_000);
  const carried = await s.caughtUp(1_000);
  t.true(carried.sent > 0);
  t.is(sessionProblem(carried), null);
  peer?.resetAndDestroy();
  await systemClock.sleep(100);
  const ended = s.summary();
  t.is(ended.ended?.how, 'ECONNRESET');
  await systemClock.sleep(100);
  t.is(s.summary().sent, ended.sent, 'no line after the end');
  t.regex(sessionProblem(ended) ?? '', /^the connection ended \(ECONNRESET\) after \d+ of \d+ lines came back$/);
  s.close();
});

test('a refused session is an InfraError naming the target', async (t) => {
  const ep = await echoServer(t, () => undefined);
  const port = ep.port;
  await new Promise<void>((r) => setTimeout(r, 0));
  const closed = net.createServer();
  await new Promise<void>((r) => closed.listen(0, '127.0.0.1', () => r()));
  const free = (closed.address() as AddressInfo).port;
  await new Promise<void>((r) => closed.close(() => r()));
  t.not(free, port);
  await t.throwsAsync(TcpSession.open({ host: '127.0.0.1', port: free }, systemClock, 2_000), { instanceOf: InfraError, message: new RegExp(`127\\.0\\.0\\.1:${free} \\(TCP\\) refused the session`) });
});
