import test from 'ava';
import { withDeadline } from '../../lib/deadline.ts';
import { DeadlineError } from '../../lib/errors.ts';
import { RedfishClient, type RedfishCallRecord } from './client.ts';
import {
  ActionValidationError,
  RedfishAuthError,
  RedfishConnectionError,
  RedfishHttpError,
  RedfishPreconditionFailedError,
  RedfishProtocolError,
  RedfishServiceUnavailableError,
  TaskFailedError,
} from './errors.ts';
import { RecordingClock, redfishError, sendJson, startPeer } from './testing/peer.ts';

const ROOT = { '@odata.id': '/redfish/v1', Id: 'RootService', Systems: { '@odata.id': '/redfish/v1/Systems' }, Links: { Sessions: { '@odata.id': '/redfish/v1/Sessions' } } };

test('GET on 503 is retried after the Retry-After the server asked for, then succeeds', async (t) => {
  let n = 0;
  const peer = await startPeer((req, res) => {
    n += 1;
    if (n <= 2) sendJson(res, 503, redfishError('Base.1.22.ServiceTemporarilyUnavailable', 'busy'), { 'Retry-After': n === 1 ? '7' : '2' });
    else sendJson(res, 200, { Id: 'ok' });
  });
  t.teardown(() => peer.close());
  const clock = new RecordingClock();
  const calls: RedfishCallRecord[] = [];
  const c = new RedfishClient({ baseUrl: peer.url, clock, retries: 3, onCall: (r) => calls.push(r) });
  t.teardown(() => c.close());
  t.deepEqual(await c.getJson('/redfish/v1/Systems/1'), { Id: 'ok' });
  t.deepEqual(clock.sleeps, [7000, 2000]);
  t.deepEqual(
    calls.map((r) => [r.method, r.path, r.status, r.attempt]),
    [
      ['GET', '/redfish/v1/Systems/1', 503, 1],
      ['GET', '/redfish/v1/Systems/1', 503, 2],
      ['GET', '/redfish/v1/Systems/1', 200, 3],
    ],
  );
});

test('503 retries are bounded by the count: the last answer becomes RedfishServiceUnavailableError', async (t) => {
  const peer = await startPeer((_req, res) => sendJson(res, 503, redfishError('Base.1.22.ServiceTemporarilyUnavailable', 'busy')));
  t.teardown(() => peer.close());
  const clock = new RecordingClock();
  const c = new RedfishClient({ baseUrl: peer.url, clock, retries: 2, retryDelayMs: 5 });
  t.teardown(() => c.close());
  const e = await t.throwsAsync(c.getJson('/redfish/v1/Chassis'), { instanceOf: RedfishServiceUnavailableError });
  t.is(e?.status, 503);
  t.is(e?.messageId, 'Base.1.22.ServiceTemporarilyUnavailable');
  t.is(peer.seen.length, 3);
  t.deepEqual(clock.sleeps, [5, 10], 'exponential backoff without Retry-After');
});

test('503 retries are bounded by the caller deadline: the phase error, not a late success', async (t) => {
  const peer = await startPeer((_req, res) => sendJson(res, 503, {}, { 'Retry-After': '3600' }));
  t.teardown(() => peer.close());
  const c = new RedfishClient({ baseUrl: peer.url, retries: 5, maxRetryAfterMs: 3_600_000 });
  t.teardown(() => c.close());
  const e = await t.throwsAsync(withDeadline('read chassis', 300, (signal) => c.getJson('/redfish/v1/Chassis', { signal })), { instanceOf: DeadlineError });
  t.is(e?.phase, 'read chassis');
  t.true(peer.seen.length <= 1, 'no retry after the deadline');
});

test('POST is never retried, neither on 503 nor on a connection reset', async (t) => {
  const peer = await startPeer((req, res, raw) => {
    if (req.url.endsWith('Reset503')) sendJson(res, 503, {}, { 'Retry-After': '0' });
    else raw.socket.destroy();
  });
  t.teardown(() => peer.close());
  const c = new RedfishClient({ baseUrl: peer.url, retries: 3, retryDelayMs: 1 });
  t.teardown(() => c.close());
  await t.throwsAsync(c.post('/redfish/v1/Reset503', {}), { instanceOf: RedfishServiceUnavailableError });
  const e = await t.throwsAsync(c.post('/redfish/v1/ResetDrop', {}), { instanceOf: RedfishConnectionError });
  t.regex(e?.message ?? '', /^HTTP POST \/redfish\/v1\/ResetDrop failed: /);
  t.deepEqual(
    peer.seen.map((r) => r.url),
    ['/redfish/v1/Reset503', '/redfish/v1/ResetDrop'],
  );
});

test('GET after a connection reset is retried and succeeds', async (t) => {
  let n = 0;
  const peer = await startPeer((_req, res, raw) => {
    n += 1;
    if (n === 1) raw.socket.destroy();
    else sendJson(res, 200, { Id: 'ok' });
  });
  t.teardown(() => peer.close());
  const c = new RedfishClient({ baseUrl: peer.url, retries: 2, retryDelayMs: 1 });
  t.teardown(() => c.close());
  t.deepEqual(await c.getJson('/redfish/v1/Managers/bmc'), { Id: 'ok' });
  t.is(peer.seen.length, 2);
});

test('refused connections are retried (bounded), then RedfishConnectionError with ECONNREFUSED', async (t) => {
  const peer = await startPeer((_req, res) => sendJson(res, 200, {}));
  const url = peer.url;
  await peer.close();
  const calls: RedfishCallRecord[] = [];
  const c = new RedfishClient({ baseUrl: url, retries: 2, retryDelayMs: 1, onCall: (r) => calls.push(r) });
  t.teardown(() => c.close());
  const e = await t.throwsAsync(c.getJson('/redfish/v1'), { instanceOf: RedfishConnectionError });
  t.is(e?.code, 'ECONNREFUSED');
  t.deepEqual(
    calls.map((r) => [r.attempt, r.status]),
    [
      [1, null],
      [2, null],
      [3, null],
    ],
  );
});

test('a slow answer times out per request (ETIMEDOUT) and names the request', async (t) => {
  const peer = await startPeer(() => {
    /* never answers */
  });
  t.teardown(() => peer.close());
  const calls: RedfishCallRecord[] = [];
  const c = new RedfishClient({ baseUrl: peer.url, retries: 1, retryDelayMs: 1, timeoutMs: 150, onCall: (r) => calls.push(r) });
  t.teardown(() => c.close());
  const e = await t.throwsAsync(c.getJson('/redfish/v1/Systems'), { instanceOf: RedfishConnectionError });
  t.is(e?.code, 'ETIMEDOUT');
  t.is(e?.message, 'HTTP GET /redfish/v1/Systems failed: no answer within 150 ms');
  t.deepEqual(
    calls.map((r) => [r.attempt, r.status, r.error]),
    [
      [1, null, e?.message],
      [2, null, e?.message],
    ],
    'the one retry allowed was used',
  );
});

function sessionPeer(opts: { expireAfter: number; refuseRelogin?: boolean }) {
  let tokens = 0;
  let served = 0;
  const valid = new Set<string>();
  return startPeer((req, res) => {
    if (req.url === '/redfish/v1') return sendJson(res, 200, ROOT);
    if (req.url === '/redfish/v1/Sessions' && req.method === 'POST') {
      const body = JSON.parse(req.body) as { UserName: string; Password: string };
      if (body.Password !== 'sekret-pw' || (opts.refuseRelogin && tokens >= 1)) return sendJson(res, 401, redfishError('Base.1.22.NoValidSession', 'no'));
      tokens += 1;
      const token = `tok-${tokens}-abcdef`;
      valid.add(token);
      return sendJson(res, 201, { Id: String(tokens) }, { 'X-Auth-Token': token, Location: `/redfish/v1/Sessions/${tokens}` });
    }
    const token = String(req.headers['x-auth-token'] ?? '');
    if (req.method === 'DELETE' && req.url.startsWith('/redfish/v1/Sessions/')) {
      valid.delete(token);
      return sendJson(res, 204, undefined);
    }
    if (!valid.has(token)) return sendJson(res, 401, redfishError('Base.1.22.NoValidSession', 'session expired'));
    served += 1;
    if (served >= opts.expireAfter) valid.clear();
    return sendJson(res, 200, { Id: 'x', served });
  });
}

test('session auth: an expired session is renewed exactly once and the request repeated', async (t) => {
  const peer = await sessionPeer({ expireAfter: 1 });
  t.teardown(() => peer.close());
  const calls: RedfishCallRecord[] = [];
  const c = new RedfishClient({ baseUrl: peer.url, auth: { mode: 'session', username: 'admin', password: 'sekret-pw' }, onCall: (r) => calls.push(r) });
  t.deepEqual(await c.getJson('/redfish/v1/Systems/1'), { Id: 'x', served: 1 });
  t.deepEqual(await c.getJson('/redfish/v1/Systems/1'), { Id: 'x', served: 2 });
  await c.close();
  t.deepEqual(
    peer.seen.map((r) => `${r.method} ${r.url} ${String(r.headers['x-auth-token'] ?? '-')}`),
    [
      'GET /redfish/v1 -',
      'POST /redfish/v1/Sessions -',
      'GET /redfish/v1/Systems/1 tok-1-abcdef',
      'GET /redfish/v1/Systems/1 tok-1-abcdef',
      'POST /redfish/v1/Sessions -',
      'GET /redfish/v1/Systems/1 tok-2-abcdef',
      'DELETE /redfish/v1/Sessions/2 tok-2-abcdef',
    ],
  );
  const recorded = JSON.stringify(calls);
  t.false(recorded.includes('sekret-pw'));
  t.false(recorded.includes('tok-'));
});

test('session auth: a re-login that is refused ends in RedfishAuthError after one try', async (t) => {
  const peer = await sessionPeer({ expireAfter: 1, refuseRelogin: true });
  t.teardown(() => peer.close());
  const c = new RedfishClient({ baseUrl: peer.url, auth: { mode: 'session', username: 'admin', password: 'sekret-pw' } });
  t.teardown(() => c.close());
  await c.getJson('/redfish/v1/Systems/1');
  const e = await t.throwsAsync(c.getJson('/redfish/v1/Systems/1'), { instanceOf: RedfishAuthError });
  t.is(e?.status, 401);
  t.is(e?.message, 'HTTP POST /redfish/v1/Sessions returned 401: Base.1.22.NoValidSession (no)');
  t.is(peer.seen.filter((r) => r.method === 'POST').length, 2);
});

test('basic auth: credentials on every request, a 401 is an auth error at once', async (t) => {
  const peer = await startPeer((req, res) => {
    if (req.headers.authorization === `Basic ${Buffer.from('admin:right-pw').toString('base64')}`) sendJson(res, 200, { Id: 'ok' });
    else sendJson(res, 401, redfishError('Base.1.22.InsufficientPrivilege', 'nope'));
  });
  t.teardown(() => peer.close());
  const good = new RedfishClient({ baseUrl: peer.url, auth: { mode: 'basic', username: 'admin', password: 'right-pw' } });
  const bad = new RedfishClient({ baseUrl: peer.url, auth: { mode: 'basic', username: 'admin', password: 'wrong-pw' } });
  t.teardown(async () => {
    await good.close();
    await bad.close();
  });
  t.deepEqual(await good.getJson('/redfish/v1/Systems'), { Id: 'ok' });
  await t.throwsAsync(bad.getJson('/redfish/v1/Systems'), { instanceOf: RedfishAuthError });
  t.is(peer.seen.length, 2);
});

test('PATCH sends If-Match from the last GET (ETag header or @odata.etag); 412 is its own class', async (t) => {
  let etag = 'W/"1"';
  const peer = await startPeer((req, res) => {
    if (req.url === '/a' && req.method === 'GET') return sendJson(res, 200, { Id: 'a' }, { ETag: etag });
    if (req.url === '/b' && req.method === 'GET') return sendJson(res, 200, { Id: 'b', '@odata.etag': '"body-etag"' });
    if (req.method === 'PATCH') {
      if (req.headers['if-match'] && req.url === '/a' && req.headers['if-match'] !== etag) return sendJson(res, 412, redfishError('Base.1.22.PreconditionFailed', 'stale'));
      return sendJson(res, 200, { ok: true });
    }
    sendJson(res, 404, {});
  });
  t.teardown(() => peer.close());
  const c = new RedfishClient({ baseUrl: peer.url });
  t.teardown(() => c.close());
  await c.getJson('/a');
  await c.getJson('/b');
  await c.patch('/a', { LocationIndicatorActive: true });
  await c.patch('/b', { LocationIndicatorActive: true });
  await c.patch('/b', { X: 1 }, { etag: '"explicit"' });
  await c.patch('/b', { X: 1 }, { etag: false });
  etag = 'W/"2"';
  const e = await t.throwsAsync(c.patch('/a', { X: 1 }), { instanceOf: RedfishPreconditionFailedError });
  t.is(e?.messageId, 'Base.1.22.PreconditionFailed');
  t.deepEqual(
    peer.seen.filter((r) => r.method === 'PATCH').map((r) => [r.url, r.headers['if-match'] ?? null, r.body]),
    [
      ['/a', 'W/"1"', '{"LocationIndicatorActive":true}'],
      ['/b', '"body-etag"', '{"LocationIndicatorActive":true}'],
      ['/b', '"explicit"', '{"X":1}'],
      ['/b', null, '{"X":1}'],
      ['/a', 'W/"1"', '{"X":1}'],
    ],
  );
});

test('error messages name method, path, status, MessageId and text', async (t) => {
  const peer = await startPeer((req, res) => {
    if (req.url === '/notjson') {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      return res.end('{oops');
    }
    sendJson(res, 400, redfishError('Base.1.22.ActionParameterValueNotInList', 'The value Dance for ResetType is not in the list.'));
  });
  t.teardown(() => peer.close());
  const c = new RedfishClient({ baseUrl: peer.url });
  t.teardown(() => c.close());
  const e = await t.throwsAsync(c.post('/redfish/v1/Systems/1/Actions/ComputerSystem.Reset', { ResetType: 'Dance' }), { instanceOf: RedfishHttpError });
  t.is(e?.message, 'HTTP POST /redfish/v1/Systems/1/Actions/ComputerSystem.Reset returned 400: Base.1.22.ActionParameterValueNotInList (The value Dance for ResetType is not in the list.)');
  t.is(e?.extendedInfo.length, 1);
  await t.throwsAsync(c.getJson('/notjson'), { instanceOf: RedfishProtocolError, message: /not valid JSON/ });
});

test('postAction validates against AllowableValues and ActionInfo before posting anything', async (t) => {
  const system = {
    Id: '1',
    Actions: {
      '#ComputerSystem.Reset': { target: '/redfish/v1/Systems/1/Actions/ComputerSystem.Reset', 'ResetType@Redfish.AllowableValues': ['On', 'ForceOff'] },
      Oem: { '#Acme.Blink': { target: '/redfish/v1/Systems/1/Actions/Oem/Acme.Blink', '@Redfish.ActionInfo': '/redfish/v1/Systems/1/BlinkActionInfo' } },
    },
  };
  const info = { Id: 'BlinkActionInfo', Parameters: [{ Name: 'Times', Required: true, DataType: 'Number', AllowableNumbers: ['1:5'] }, { Name: 'Color', DataType: 'String', AllowableValues: ['Red', 'Blue'] }] };
  const peer = await startPeer((req, res) => {
    if (req.url === '/redfish/v1/Systems/1') return sendJson(res, 200, system);
    if (req.url === '/redfish/v1/Systems/1/BlinkActionInfo') return sendJson(res, 200, info);
    if (req.method === 'POST') return sendJson(res, 204, undefined);
    sendJson(res, 404, {});
  });
  t.teardown(() => peer.close());
  const c = new RedfishClient({ baseUrl: peer.url });
  t.teardown(() => c.close());
  const bad = await t.throwsAsync(c.postAction('/redfish/v1/Systems/1', '#ComputerSystem.Reset', { ResetType: 'PowerCycle' }), { instanceOf: ActionValidationError });
  t.is(bad?.parameter, 'ResetType');
  t.deepEqual(bad?.allowed, ['On', 'ForceOff']);
  t.is(bad?.message, '/redfish/v1/Systems/1 action #ComputerSystem.Reset parameter ResetType: one of On, ForceOff (found "PowerCycle")');
  await t.throwsAsync(c.postAction('/redfish/v1/Systems/1', 'Acme.Blink', { Color: 'Red' }), { instanceOf: ActionValidationError, message: /parameter Times: required/ });
  await t.throwsAsync(c.postAction('/redfish/v1/Systems/1', 'Acme.Blink', { Times: 9 }), { instanceOf: ActionValidationError, message: /Times: a number in 1:5/ });
  await t.throwsAsync(c.postAction('/redfish/v1/Systems/1', 'Acme.Blink', { Times: 2, Colour: 'Red' }), { instanceOf: ActionValidationError, message: /Colour: not a parameter/ });
  await t.throwsAsync(c.postAction('/redfish/v1/Systems/1', 'Acme.Blink', { Times: '2' }), { instanceOf: ActionValidationError, message: /of type Number/ });
  await t.throwsAsync(c.postAction('/redfish/v1/Systems/1', '#Acme.Explode', {}), { message: /does not offer action #Acme.Explode \(offers: #ComputerSystem.Reset, #Acme.Blink\)/ });
  t.is(peer.seen.filter((r) => r.method === 'POST').length, 0, 'nothing posted so far');
  const ok = await c.postAction('/redfish/v1/Systems/1', '#ComputerSystem.Reset', { ResetType: 'ForceOff' });
  t.is(ok.status, 204);
  await c.postAction('/redfish/v1/Systems/1', 'Acme.Blink', { Times: 3, Color: 'Blue' });
  t.deepEqual(
    peer.seen.filter((r) => r.method === 'POST').map((r) => [r.url, r.body]),
    [
      ['/redfish/v1/Systems/1/Actions/ComputerSystem.Reset', '{"ResetType":"ForceOff"}'],
      ['/redfish/v1/Systems/1/Actions/Oem/Acme.Blink', '{"Times":3,"Color":"Blue"}'],
    ],
  );
});

test('a 202 action is followed through its task monitor until done; a failed task is an error', async (t) => {
  let polls = 0;
  const peer = await startPeer((req, res) => {
    if (req.url === '/redfish/v1/Chassis/M1') {
      return sendJson(res, 200, { Id: 'M1', Actions: { '#Chassis.Reset': { target: '/redfish/v1/Chassis/M1/Actions/Chassis.Reset' } } });
    }
    if (req.method === 'POST') {
      const bad = JSON.parse(req.body).ResetType === 'PowerCycle';
      return sendJson(res, 202, { Id: '7', TaskState: 'New' }, { Location: `${bad ? '/redfish/v1/TaskService/Tasks/8' : 'http://ignored.example/redfish/v1/TaskService/TaskMonitors/7'}` });
    }
    if (req.url === '/redfish/v1/TaskService/TaskMonitors/7') {
      polls += 1;
      if (polls < 3) return sendJson(res, 202, { Id: '7', TaskState: 'Running', PercentComplete: polls * 30 }, { 'Retry-After': '1' });
      return sendJson(res, 200, { Id: 'M1', done: true });
    }
    if (req.url === '/redfish/v1/TaskService/Tasks/8') return sendJson(res, 200, { Id: '8', TaskState: 'Exception', Messages: [{ Message: 'blackout did not converge' }] });
    sendJson(res, 404, {});
  });
  t.teardown(() => peer.close());
  const clock = new RecordingClock();
  const c = new RedfishClient({ baseUrl: peer.url, clock });
  t.teardown(() => c.close());
  const r = await c.postAction('/redfish/v1/Chassis/M1', '#Chassis.Reset', { ResetType: 'On' }, { waitForTaskMs: 10_000 });
  t.is(r.status, 202);
  t.is(r.location, '/redfish/v1/TaskService/TaskMonitors/7');
  t.deepEqual(r.task?.body, { Id: 'M1', done: true });
  t.deepEqual(clock.sleeps, [1000, 1000]);
  const e = await t.throwsAsync(c.postAction('/redfish/v1/Chassis/M1', '#Chassis.Reset', { ResetType: 'PowerCycle' }, { waitForTaskMs: 10_000 }), { instanceOf: TaskFailedError });
  t.is(e?.taskState, 'Exception');
  t.deepEqual(e?.messages, ['blackout did not converge']);
});

test('a task monitor that never finishes ends in a DeadlineError naming the monitor', async (t) => {
  const peer = await startPeer((_req, res) => sendJson(res, 202, { TaskState: 'Running' }));
  t.teardown(() => peer.close());
  const c = new RedfishClient({ baseUrl: peer.url });
  t.teardown(() => c.close());
  const e = await t.throwsAsync(c.waitForTask('/redfish/v1/TaskService/TaskMonitors/9', { budgetMs: 200, intervalMs: 20 }), { instanceOf: DeadlineError });
  t.is(e?.phase, 'task monitor /redfish/v1/TaskService/TaskMonitors/9');
});

test('members() follows nextLink pages and rejects non-collections', async (t) => {
  const peer = await startPeer((req, res) => {
    if (req.url === '/c') return sendJson(res, 200, { Members: [{ '@odata.id': '/c/1' }, { '@odata.id': '/c/2/' }], 'Members@odata.nextLink': '/c?$skip=2' });
    if (req.url === '/c?$skip=2') return sendJson(res, 200, { Members: [{ '@odata.id': '/c/3' }] });
    sendJson(res, 200, { Id: 'x' });
  });
  t.teardown(() => peer.close());
  const c = new RedfishClient({ baseUrl: peer.url });
  t.teardown(() => c.close());
  t.deepEqual(await c.members('/c'), ['/c/1', '/c/2', '/c/3']);
  await t.throwsAsync(c.members('/x'), { instanceOf: RedfishProtocolError, message: '/x Members: expected an array of links (is this a collection?)' });
});

test('bad options are configuration errors that name the option', (t) => {
  t.throws(() => new RedfishClient({ baseUrl: 'ftp://x', where: 'lab.yaml: devices.ft0.redfish' }), { message: /lab.yaml: devices.ft0.redfish: baseUrl: an http:\/\/ or https:\/\/ URL/ });
  t.throws(() => new RedfishClient({ baseUrl: 'http://admin:pw@127.0.0.1' }), { message: /without credentials/ });
  t.throws(() => new RedfishClient({ baseUrl: 'http://127.0.0.1', retries: -1 }), { message: /retries: an integer >= 0/ });
  t.throws(() => new RedfishClient({ baseUrl: 'https://127.0.0.1', tls: { ca: '/nonexistent/ca.pem' } }), { message: /tls.ca: a readable PEM file/ });
});
