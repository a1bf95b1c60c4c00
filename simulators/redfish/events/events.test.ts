import test from 'ava';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { withDeadline } from '../../../lib/deadline.ts';
import { call, openSse } from '../testing/client.ts';
import { ADMIN, fakeClock, OPERATOR, READONLY, startLab } from '../testing/fixture.ts';

type EventBody = { Id: string; Context: string; Events: { EventId: string; MessageId: string; Message: string; EventTimestamp: string; OriginOfCondition?: { '@odata.id': string }; LogEntry?: { '@odata.id': string } }[] };
const parse = (data: string): EventBody => JSON.parse(data) as EventBody;

test('SSE: filter, one id per event, EventDestination while open, Last-Event-ID replay', async (t) => {
  const { svc, url } = await startLab(t);
  const stream = await openSse(url, `/redfish/v1/EventService/SSE?$filter=${encodeURIComponent("RegistryPrefix eq 'ResourceEvent'")}`, READONLY);
  t.teardown(() => stream.close());
  t.is(stream.status, 200);
  t.regex(String(stream.headers['content-type']), /^text\/event-stream/);
  const subs = (await call(url, 'GET', '/redfish/v1/EventService/Subscriptions', { headers: ADMIN })).json();
  t.is(subs['Members@odata.count'], 1);
  const destPath = (subs.Members as { '@odata.id': string }[])[0]?.['@odata.id'] ?? '';
  const dest = (await call(url, 'GET', destPath, { headers: ADMIN })).json();
  t.is(dest.SubscriptionType, 'SSE');
  t.truthy(dest.Context);

  svc.events.emit({ MessageId: 'TaskEvent.1.0.TaskStarted', MessageArgs: ['9'] });
  const reset = await call(url, 'POST', '/redfish/v1/Systems/1/Actions/ComputerSystem.Reset', { headers: OPERATOR, body: { ResetType: 'ForceOff' } });
  t.is(reset.status, 204);
  const ev = await stream.next();
  const body = parse(ev.data);
  t.is(body.Events[0]?.MessageId, 'ResourceEvent.1.4.ResourcePoweredOff', 'the TaskEvent was filtered out');
  t.is(ev.id, body.Events[0]?.EventId);
  t.is(body.Context, String(dest.Context));
  t.regex(body.Events[0]?.EventTimestamp ?? '', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}\+00:00$/);
  t.is(body.Events[0]?.Message, "The resource '/redfish/v1/Systems/1' has powered off.");
  const firstId = Number(ev.id);

  svc.events.emit({ MessageId: 'ResourceEvent.1.4.ResourcePoweredOn', MessageArgs: ['/redfish/v1/Systems/1'], OriginOfCondition: '/redfish/v1/Systems/1' });
  svc.events.emit({ MessageId: 'ResourceEvent.1.4.ResourceStateChanged', MessageArgs: ['/redfish/v1/Systems/1', 'Enabled'] });
  const ids = [(await stream.next()).id, (await stream.next()).id].map(Number);
  t.deepEqual(ids, [firstId + 1, firstId + 2]);
  stream.close();

  // The destination disappears when the stream closes.
  await withDeadline('SSE destination removed', 10_000, async (signal) => {
    for (;;) {
      const now = (await call(url, 'GET', '/redfish/v1/EventService/Subscriptions', { headers: ADMIN })).json();
      if (now['Members@odata.count'] === 0) return;
      await svc.clock.sleep(20, signal);
    }
  });

  // Replay: a client reconnecting with Last-Event-ID gets what it missed, filtered.
  const again = await openSse(url, `/redfish/v1/EventService/SSE?$filter=${encodeURIComponent("OriginResource eq '/redfish/v1/Systems/1'")}`, { ...READONLY, 'Last-Event-ID': String(firstId) });
  t.teardown(() => again.close());
  const replayed = parse((await again.next()).data);
  t.is(replayed.Events[0]?.MessageId, 'ResourceEvent.1.4.ResourcePoweredOn');
  t.is(replayed.Events[0]?.EventId, String(firstId + 1));
  svc.events.emit({ MessageId: 'ResourceEvent.1.4.ResourcePoweredOff', MessageArgs: ['x'], OriginOfCondition: '/redfish/v1/Systems/1' });
  t.is(parse((await again.next()).data).Events[0]?.EventId, String(firstId + 3), 'the StateChanged event (no origin) is filtered out');
});

test('SSE: DELETE of the EventDestination closes the stream; bad filters → 400; auth needed', async (t) => {
  const { svc, url } = await startLab(t);
  t.is((await openSse(url, '/redfish/v1/EventService/SSE', {})).status, 401);
  const bad = await openSse(url, `/redfish/v1/EventService/SSE?$filter=${encodeURIComponent("Foo eq 'x'")}`, READONLY);
  t.is(bad.status, 400);
  t.regex(await bad.errorText(), /QueryParameterValueError/);
  const syntax = await openSse(url, `/redfish/v1/EventService/SSE?$filter=${encodeURIComponent("(MessageId eq 'x'")}`, READONLY);
  t.is(syntax.status, 400);
  t.regex(await syntax.errorText(), /QueryParameterValueFormatError/);
  const unsupported = await openSse(url, '/redfish/v1/EventService/SSE?$expand=.', READONLY);
  t.is(unsupported.status, 400);

  const stream = await openSse(url, '/redfish/v1/EventService/SSE', READONLY);
  t.teardown(() => stream.close());
  const subs = (await call(url, 'GET', '/redfish/v1/EventService/Subscriptions', { headers: ADMIN })).json();
  const dest = (subs.Members as { '@odata.id': string }[])[0]?.['@odata.id'] ?? '';
  t.is((await call(url, 'DELETE', dest, { headers: ADMIN })).status, 204);
  svc.events.emit({ MessageId: 'ResourceEvent.1.4.TestMessage' });
  await t.throwsAsync(stream.next(2000), { message: /did not finish/ }, 'no events after the destination is gone');
  t.is((await call(url, 'GET', dest, { headers: ADMIN })).status, 404);
});

test('events land in Event logs with Created/EventTimestamp; ClearLog empties and logs LogCleared', async (t) => {
  const clock = fakeClock();
  const { svc, url } = await startLab(t, { clock });
  const log = svc.logs.add('/redfish/v1/Systems/1/LogServices/EventLog', { entryType: 'Event' });
  const sel = svc.logs.add('/redfish/v1/Systems/1/LogServices/SEL', { entryType: 'SEL' });
  clock.advance(1.5);
  const rec = svc.events.emit({ MessageId: 'ResourceEvent.1.4.ResourceStatusChangedWarning', MessageArgs: ['/redfish/v1/Systems/1', 'Warning'], OriginOfCondition: '/redfish/v1/Systems/1', EventGroupId: svc.events.newGroupId() });
  t.is(rec.EventTimestamp, '2026-11-22T10:00:00.001500+00:00');
  sel.append({ MessageId: '0x6f0100ff', Message: 'Redundancy lost', Severity: 'Critical', SensorType: 'Module/Board', EntryCode: 'Redundancy Lost' });
  t.is(rec.LogEntry?.['@odata.id'], '/redfish/v1/Systems/1/LogServices/EventLog/Entries/1');
  const entry = (await call(url, 'GET', rec.LogEntry?.['@odata.id'] ?? '', { headers: READONLY })).json();
  t.like(entry, { EntryType: 'Event', MessageId: rec.MessageId, Severity: 'Warning', Created: rec.EventTimestamp, EventTimestamp: rec.EventTimestamp, EventGroupId: 1 });
  t.deepEqual(entry.MessageArgs, ['/redfish/v1/Systems/1', 'Warning']);
  t.deepEqual(entry.Links, { OriginOfCondition: { '@odata.id': '/redfish/v1/Systems/1' } });
  const services = (await call(url, 'GET', '/redfish/v1/Systems/1/LogServices', { headers: READONLY })).json();
  t.is(services['Members@odata.count'], 2);
  t.is((await call(url, 'GET', '/redfish/v1/Systems/1/LogServices/SEL/Entries', { headers: READONLY })).json()['Members@odata.count'], 1);
  t.is((await call(url, 'POST', '/redfish/v1/Systems/1/LogServices/EventLog/Actions/LogService.ClearLog', { headers: READONLY, body: {} })).status, 403);
  t.is((await call(url, 'POST', '/redfish/v1/Systems/1/LogServices/EventLog/Actions/LogService.ClearLog', { headers: OPERATOR, body: {} })).status, 204);
  t.deepEqual(log.entries().map((e) => e.MessageId), ['LogService.1.1.LogCleared']);
  t.is((await call(url, 'GET', '/redfish/v1/Systems/1/LogServices/EventLog/Entries/1', { headers: READONLY })).status, 404);
});

test('push subscriptions: delivery in order to a real HTTP receiver, bounded retries, then terminated', async (t) => {
  const { svc, url } = await startLab(t, { deliveryRetryAttempts: 2, deliveryRetryIntervalSeconds: 1 });
  const received: { body: EventBody; header: string | undefined }[] = [];
  let failNext = 1;
  const waiters: Array<() => void> = [];
  const receiver = createServer((req: IncomingMessage, res) => {
    let data = '';
    req.on('data', (c: Buffer) => (data += c.toString()));
    req.on('end', () => {
      if (failNext > 0) {
        failNext--;
        res.writeHead(500).end();
      } else {
        received.push({ body: parse(data), header: req.headers['x-test'] as string | undefined });
        res.writeHead(204).end();
      }
      waiters.splice(0).forEach((w) => w());
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  t.teardown(() => new Promise<void>((r) => receiver.close(() => r())));
  const dest = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/events`;
  const until = (pred: () => boolean): Promise<void> =>
    withDeadline('push delivery', 15_000, async () => {
      while (!pred()) await new Promise<void>((r) => waiters.push(r));
    });

  const bad = await call(url, 'POST', '/redfish/v1/EventService/Subscriptions', { headers: OPERATOR, body: { Destination: 'ftp://x', Protocol: 'Redfish' } });
  t.is(bad.status, 400);
  t.is((await call(url, 'POST', '/redfish/v1/EventService/Subscriptions', { headers: OPERATOR, body: { Protocol: 'Redfish' } })).status, 400);
  const created = await call(url, 'POST', '/redfish/v1/EventService/Subscriptions', {
    headers: OPERATOR,
    body: { Destination: dest, Protocol: 'Redfish', Context: 'ctx-1', RegistryPrefixes: ['ResourceEvent'], HttpHeaders: [{ 'X-Test': 'yes' }] },
  });
  t.is(created.status, 201);
  const location = String(created.headers.location);
  t.is(created.json().Destination, dest);
  t.deepEqual(created.json().HttpHeaders, [], 'headers are never shown');

  svc.events.emit({ MessageId: 'TaskEvent.1.0.TaskStarted', MessageArgs: ['1'] });
  svc.events.emit({ MessageId: 'ResourceEvent.1.4.ResourcePoweredOff', MessageArgs: ['a'] });
  svc.events.emit({ MessageId: 'ResourceEvent.1.4.ResourcePoweredOn', MessageArgs: ['b'] });
  await until(() => received.length >= 2);
  t.deepEqual(received.map((r) => r.body.Events[0]?.MessageId), ['ResourceEvent.1.4.ResourcePoweredOff', 'ResourceEvent.1.4.ResourcePoweredOn'], 'first POST failed, was retried, order kept');
  t.is(received[0]?.body.Context, 'ctx-1');
  t.is(received[0]?.header, 'yes');

  // SubmitTestEvent goes through the same path.
  t.is((await call(url, 'POST', '/redfish/v1/EventService/Actions/EventService.SubmitTestEvent', { headers: OPERATOR, body: { MessageId: 'ResourceEvent.1.4.TestMessage' } })).status, 204);
  await until(() => received.length >= 3);
  t.is(received[2]?.body.Events[0]?.MessageId, 'ResourceEvent.1.4.TestMessage');

  // A receiver that keeps failing: 1 try + 2 retries, then the subscription is deleted.
  failNext = 1000;
  svc.events.emit({ MessageId: 'ResourceEvent.1.4.ResourcePoweredOff', MessageArgs: ['c'] });
  await withDeadline('subscription terminated', 15_000, async (signal) => {
    while ((await call(url, 'GET', location, { headers: ADMIN })).status !== 404) await svc.clock.sleep(50, signal);
  });
  t.is(1000 - failNext, 3);
});
