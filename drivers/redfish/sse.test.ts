import test from 'ava';
import type http from 'node:http';
import { FakeClock } from '../../lib/clock.ts';
import { RedfishNotFoundError } from './errors.ts';
import { openSse, sseFilterExpression, type SseMessage } from './sse.ts';
import { sendJson, startPeer } from './testing/peer.ts';

function waitUntil(pred: () => boolean, what: string, ms = 10_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const tick = (): void => {
      if (pred()) return resolve();
      if (Date.now() - started > ms) return reject(new Error(`timed out waiting for ${what}`));
      setTimeout(tick, 5);
    };
    tick();
  });
}

function sseHead(res: http.ServerResponse): void {
  res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' });
}

test('reconnects after a drop and resends Last-Event-ID; events arrive once, in order', async (t) => {
  let connects = 0;
  const peer = await startPeer((req, res, raw) => {
    connects += 1;
    sseHead(res);
    if (connects === 1) {
      // split one event across writes, then drop the connection
      res.write('retry: 20\n: hello\n\nid: 1\ndata: {"n":');
      res.write('1}\n\nid: 2\ndata: {"n":2}\n\n');
      setTimeout(() => raw.socket.destroy(), 30);
    } else {
      const last = Number(req.headers['last-event-id'] ?? 0);
      for (let id = last + 1; id <= 3; id++) res.write(`id: ${id}\ndata: {"n":${id}}\n\n`);
    }
  });
  t.teardown(() => peer.close());
  const got: SseMessage[] = [];
  const opens: number[] = [];
  const stream = openSse({ url: `${peer.url}/redfish/v1/EventService/SSE`, onEvent: (m) => got.push(m), onOpen: (n) => opens.push(n), reconnect: { initialDelayMs: 10 } });
  t.teardown(() => stream.close());
  await stream.ready;
  await waitUntil(() => got.length >= 3, 'three events');
  t.deepEqual(
    got.map((m) => [m.id, m.data]),
    [
      ['1', '{"n":1}'],
      ['2', '{"n":2}'],
      ['3', '{"n":3}'],
    ],
  );
  t.deepEqual(opens, [1, 2]);
  t.is(peer.seen[0]?.headers['last-event-id'], undefined);
  t.is(peer.seen[1]?.headers['last-event-id'], '2');
  t.is(peer.seen[1]?.headers.accept, 'text/event-stream');
  t.is(stream.lastEventId, '3');
});

test('503 on connect is retried; a 404 gives up and rejects ready', async (t) => {
  let n = 0;
  const peer = await startPeer((req, res) => {
    if (req.url.startsWith('/missing')) return sendJson(res, 404, { error: { code: 'Base.1.22.ResourceMissingAtURI', message: 'no' } });
    n += 1;
    if (n === 1) return sendJson(res, 503, { error: { code: 'Base.1.22.ServiceTemporarilyUnavailable', message: 'too many streams' } }, { 'Retry-After': '0' });
    sseHead(res);
    res.write('id: 9\ndata: x\n\n');
  });
  t.teardown(() => peer.close());
  const errors: Array<[string, boolean]> = [];
  const got: string[] = [];
  const s = openSse({ url: `${peer.url}/sse`, onEvent: (m) => got.push(m.data), onError: (e, retry) => errors.push([e.name, retry]), reconnect: { initialDelayMs: 5 } });
  t.teardown(() => s.close());
  await s.ready;
  await waitUntil(() => got.length === 1, 'the event');
  t.deepEqual(errors, [['RedfishServiceUnavailableError', true]]);

  const gone: Array<[string, boolean]> = [];
  const m = openSse({ url: `${peer.url}/missing`, onEvent: () => undefined, onError: (e, retry) => gone.push([e.name, retry]) });
  t.teardown(() => m.close());
  await t.throwsAsync(m.ready, { instanceOf: RedfishNotFoundError, message: /HTTP GET \/missing returned 404: Base.1.22.ResourceMissingAtURI/ });
  t.deepEqual(gone, [['RedfishNotFoundError', false]]);
});

test('close() ends the stream: the server sees the connection close and no reconnect follows', async (t) => {
  let closedByClient = 0;
  const peer = await startPeer((_req, res, raw) => {
    sseHead(res);
    res.write(': open\n\n');
    raw.on('close', () => {
      closedByClient += 1;
    });
  });
  t.teardown(() => peer.close());
  const clock = new FakeClock();
  const s = openSse({ url: `${peer.url}/sse`, clock, onEvent: () => undefined, reconnect: { initialDelayMs: 5 } });
  await s.ready;
  await s.close();
  await waitUntil(() => closedByClient === 1, 'server-side close');
  t.is(clock.pendingTimers(), 0, 'no reconnect (nor connect timeout) is left scheduled');
  clock.advance(60_000); // a reconnect scheduled anyway would have fired by now
  await new Promise((r) => setTimeout(r, 50));
  t.is(peer.seen.length, 1);
});

test('a stream that answers 200 with another content type is an error (not parsed as events)', async (t) => {
  const peer = await startPeer((_req, res) => sendJson(res, 200, { Id: 'EventService' }));
  t.teardown(() => peer.close());
  const s = openSse({ url: `${peer.url}/redfish/v1/EventService`, onEvent: () => undefined, reconnect: { maxAttempts: 1 } });
  t.teardown(() => s.close());
  await t.throwsAsync(s.ready, { message: /Content-Type: expected text\/event-stream, found "application\/json"/ });
});

test('$filter: alternatives or-ed within a property, properties and-ed, quotes escaped', (t) => {
  t.is(sseFilterExpression({}), null);
  t.is(sseFilterExpression({ messageIds: ['FtLab.1.0.ModuleIsolated'] }), "MessageId eq 'FtLab.1.0.ModuleIsolated'");
  t.is(
    sseFilterExpression({ registryPrefixes: ['ResourceEvent', 'FtLab'], originResources: ["/redfish/v1/Chassis/O'Brien"] }),
    "(RegistryPrefix eq 'ResourceEvent' or RegistryPrefix eq 'FtLab') and (OriginResource eq '/redfish/v1/Chassis/O''Brien')",
  );
});

test('a 401 on connect asks for fresh credentials once, then connects with them', async (t) => {
  const peer = await startPeer((req, res) => {
    if (req.headers['x-auth-token'] !== 'fresh-token') return sendJson(res, 401, { error: { code: 'Base.1.22.NoValidSession', message: 'expired' } });
    sseHead(res);
    res.write('id: 1\ndata: ok\n\n');
  });
  t.teardown(() => peer.close());
  const asked: string[] = [];
  const got: string[] = [];
  const s = openSse({
    url: `${peer.url}/sse`,
    headers: async () => ({ 'X-Auth-Token': 'stale-token' }),
    onAuthFailure: async (stale) => {
      asked.push(stale['X-Auth-Token'] ?? '');
      return { 'X-Auth-Token': 'fresh-token' };
    },
    onEvent: (m) => got.push(m.data),
  });
  t.teardown(() => s.close());
  await s.ready;
  await waitUntil(() => got.length === 1, 'the event');
  t.deepEqual(asked, ['stale-token']);
  t.deepEqual(
    peer.seen.map((r) => r.headers['x-auth-token']),
    ['stale-token', 'fresh-token'],
  );

  const refused = openSse({ url: `${peer.url}/sse`, headers: async () => ({ 'X-Auth-Token': 'bad' }), onAuthFailure: async () => null, onEvent: () => undefined });
  t.teardown(() => refused.close());
  await t.throwsAsync(refused.ready, { message: /returned 401: Base.1.22.NoValidSession/ });
});
