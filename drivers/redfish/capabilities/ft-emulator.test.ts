/**
 * The Redfish capabilities against the real ft emulator (simulators/ft, started in-process; test
 * files may import simulators): sessions, discovery, snapshots, SSE with $filter and resume,
 * OEM fault injection, logs, workload and clock.
 */
import test from 'ava';
import type { BmcEvent } from '../../capabilities/event-source.ts';
import { ChangeRefusedError } from '../../capabilities/cluster-errors.ts';
import { waitFor } from '../../../lib/deadline.ts';
import { startFtServer, type FtServer } from '../../../simulators/ft/server.ts';
import { RedfishClient, type RedfishCallRecord } from '../client.ts';
import { ActionValidationError } from '../errors.ts';
import { isObject } from '../json.ts';
import { probeRedfishCapabilities, redfishCapabilities, waitForPowerState } from './index.ts';

const PASSWORD = 'ftlab';

async function lab(t: { teardown(fn: () => unknown): void }, calls?: RedfishCallRecord[]): Promise<{ server: FtServer; client: RedfishClient }> {
  const server = await startFtServer({ timeScale: 20 });
  t.teardown(() => server.close());
  const client = new RedfishClient({
    baseUrl: server.redfishUrl,
    auth: { mode: 'session', username: 'admin', password: PASSWORD },
    ...(calls ? { onCall: (r: RedfishCallRecord) => calls.push(r) } : {}),
  });
  t.teardown(() => client.close());
  return { server, client };
}

test('probe finds every capability on the ft BMC; snapshot is duplex with both modules', async (t) => {
  const calls: RedfishCallRecord[] = [];
  const { server, client } = await lab(t, calls);
  const { caps, missing } = await probeRedfishCapabilities(client);
  t.deepEqual(missing, { BmcCertificate: 'the service is reached over plain HTTP' }, 'every capability but the HTTPS identity (this BMC serves plain HTTP)');
  const snap = await caps.FtState!.snapshot();
  t.is(snap.uri, '/redfish/v1/Systems/ft0');
  t.is(snap.powerState, 'On');
  t.deepEqual(snap.activeModules, [0, 1]);
  t.deepEqual([snap.ftState, snap.syncPhase], ['Duplex', 'None']);
  t.deepEqual(
    snap.modules.map((m) => [m.index, m.uri, m.opState, m.keptOut]),
    [
      [0, '/redfish/v1/Chassis/Module0', 'Duplex', false],
      [1, '/redfish/v1/Chassis/Module1', 'Duplex', false],
    ],
  );
  t.true(Object.keys(snap.modules[0]!.counters).includes('Cpu'));
  t.deepEqual(snap.modules.map((m) => [m.hotPluggable, m.replaceable]), [[true, true], [true, true]]);
  t.deepEqual(snap.enclosure, { uri: '/redfish/v1/Chassis/Enclosure', powerState: 'On', health: 'OK', healthRollup: 'OK' });
  t.is(snap.assetTag, '');
  await caps.SystemSettings!.setAssetTag('rack 7 / ft0');
  t.is(await caps.SystemSettings!.assetTag(), 'rack 7 / ft0');
  t.is((await caps.FtState!.snapshot()).assetTag, 'rack 7 / ft0');
  t.truthy(snap.nicActive);
  t.truthy(snap.storagePathActive, 'the active storage path is read from Oem.FtLab.ActiveStoragePath');
  t.is(typeof snap.memoryGiB, 'number');
  t.truthy(snap.bmcTime);
  t.deepEqual(await caps.WorkloadLocator!.endpoint(), { host: '127.0.0.1', udpPort: server.workload.udp, tcpPort: server.workload.tcp });
  t.is(await caps.BmcClock!.timeScale(), 20);
  t.true(Number.isFinite(await caps.BmcClock!.wallTime()));
  t.deepEqual(await caps.LogReader!.logs(), ['Event', 'SEL']);
  const devices = await caps.FtLabFaultInjection!.pcieDevices();
  t.true(devices.length > 0);
  t.true(devices.some((d) => d.module === 1));
  // the history hook saw the login and no secret
  t.true(calls.some((c) => c.method === 'POST' && c.path === '/redfish/v1/SessionService/Sessions' && c.status === 201));
  t.false(JSON.stringify(calls).includes(PASSWORD));
});

test('a permanent CPU fault injected through the OEM service: events over SSE, simplex state, log entries', async (t) => {
  const { client } = await lab(t);
  const caps = redfishCapabilities(client);
  const events: BmcEvent[] = [];
  const sub = caps.EventSource!.subscribe({ originResources: ['/redfish/v1/Chassis/Module1'] }, (e) => events.push(e));
  t.teardown(() => sub.close());
  await sub.ready;

  await t.throwsAsync(caps.FtLabFaultInjection!.injectError({ module: 1, subsystem: 'Cpu', kind: 'Permanent', count: 0 }), { message: /Count/ });
  await caps.FtLabFaultInjection!.injectError({ module: 1, subsystem: 'Cpu', kind: 'Permanent' });
  const first = await waitFor('event from Module1', 20_000, async () => events[0], { intervalMs: 20 });
  t.is(first.originOfCondition, '/redfish/v1/Chassis/Module1');
  t.regex(first.eventTimestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}/);
  t.truthy(first.id);
  const simplex = await waitFor(
    'module 1 out of the lockstep set',
    20_000,
    async () => {
      const s = await caps.FtState!.snapshot();
      return s.activeModules.length === 1 ? s : undefined;
    },
    { intervalMs: 50 },
  );
  t.deepEqual(simplex.activeModules, [0]);
  t.not(simplex.modules[1]!.opState, 'Duplex');
  t.true(events.every((e) => e.originOfCondition === '/redfish/v1/Chassis/Module1'), 'the $filter held');
  t.is(sub.lastEventId, events[events.length - 1]!.id);

  const logged = await caps.LogReader!.entries('Event');
  t.true(logged.some((r) => r.originOfCondition === '/redfish/v1/Chassis/Module1'));
  const out = await waitFor('module 1 kept out', 20_000, async () => ((await caps.FtState!.snapshot()).modules[1]?.keptOut ? caps.FtState!.snapshot() : undefined), { intervalMs: 50 });
  t.deepEqual([out.modules[0]?.health, out.modules[1]?.health, out.enclosure?.healthRollup], ['OK', 'Critical', 'Critical'], 'the enclosure rolls up the worst module');
});

test('an SSE stream closed by the service is resumed with Last-Event-ID: nothing lost, nothing twice', async (t) => {
  const { server, client } = await lab(t);
  const caps = redfishCapabilities(client, { events: { reconnect: { initialDelayMs: 10 } } });
  const got: BmcEvent[] = [];
  const sub = caps.EventSource!.subscribe({ messageIds: ['ResourceEvent.1.4.TestMessage'] }, (e) => got.push(e));
  t.teardown(() => sub.close());
  await sub.ready;
  const emit = (n: number): void => {
    server.svc.events.emit({ MessageId: 'ResourceEvent.1.4.TestMessage', MessageArgs: [], Message: `test ${n}`, OriginOfCondition: '/redfish/v1/Systems/ft0' });
  };
  emit(1);
  await waitFor('first event', 10_000, async () => (got.length >= 1 ? true : undefined), { intervalMs: 10 });
  // the service ends the stream when its EventDestination is deleted
  const subs = await client.members('/redfish/v1/EventService/Subscriptions');
  let deleted = 0;
  for (const p of subs) {
    const d = await client.getJson(p);
    if (isObject(d) && d.SubscriptionType === 'SSE') {
      await client.delete(p);
      deleted += 1;
    }
  }
  t.is(deleted, 1);
  emit(2);
  emit(3);
  await waitFor('events 2 and 3', 10_000, async () => (got.length >= 3 ? true : undefined), { intervalMs: 10 });
  await new Promise((r) => setTimeout(r, 100));
  t.deepEqual(
    got.map((e) => e.message),
    ['test 1', 'test 2', 'test 3'],
  );
  t.is(new Set(got.map((e) => e.id)).size, 3);
});

test('session ended on the BMC side: one re-login, the request goes through', async (t) => {
  const calls: RedfishCallRecord[] = [];
  const { client, server } = await lab(t, calls);
  await client.getJson('/redfish/v1/Systems');
  // an administrator ends every session (as an idle timeout would)
  const admin = new RedfishClient({ baseUrl: server.redfishUrl, auth: { mode: 'basic', username: 'admin', password: PASSWORD } });
  t.teardown(() => admin.close());
  for (const s of await admin.members('/redfish/v1/SessionService/Sessions')) await admin.delete(s);
  t.true((await client.getJson('/redfish/v1/Chassis')).Members !== undefined);
  t.deepEqual(
    calls.map((c) => `${c.method} ${c.path} ${String(c.status)}`),
    [
      'GET /redfish/v1 200',
      'POST /redfish/v1/SessionService/Sessions 201',
      'GET /redfish/v1/Systems 200',
      'GET /redfish/v1/Chassis 401',
      'POST /redfish/v1/SessionService/Sessions 201',
      'GET /redfish/v1/Chassis 200',
    ],
  );
});

test('power: validated reset, then the state follows', async (t) => {
  const { client } = await lab(t);
  const power = redfishCapabilities(client).PowerControl!;
  t.is(await power.state(), 'On');
  const bad = await t.throwsAsync(power.request('Dance' as never), { instanceOf: ActionValidationError });
  t.is(bad?.parameter, 'ResetType');
  t.is(await power.state(), 'On', 'nothing was posted');
  await power.request('ForceOff');
  await waitForPowerState(power, 'Off', { budgetMs: 20_000, action: 'ForceOff', intervalMs: 50 });
  t.is(await power.state(), 'Off');
});

test('fault injector: NIC link, module pull, PCIe fatal error; logs read and cleared', async (t) => {
  const { client } = await lab(t);
  const caps = redfishCapabilities(client);
  const state = caps.FtState!;
  const before = await state.snapshot();
  const activeNic = before.nicActive;
  t.truthy(activeNic);

  await caps.FtLabFaultInjection!.setLink(activeNic as string, false);
  const failedOver = await waitFor('NIC team failover', 20_000, async () => {
    const s = await state.snapshot();
    return s.nicActive !== activeNic ? s : undefined;
  }, { intervalMs: 50 });
  t.not(failedOver.nicActive, activeNic);
  await t.throwsAsync(caps.FtLabFaultInjection!.setLink('no-such-nic', true), { instanceOf: ActionValidationError, message: /parameter Interface: one of / });

  const device = (await caps.FtLabFaultInjection!.pcieDevices()).find((d) => d.surpriseRemovalSupported && d.module === 1);
  t.truthy(device);
  await caps.FtLabFaultInjection!.pcieFatalError(device!.id);

  await caps.FtLabFaultInjection!.pullModule(1);
  const pulled = await waitFor('module 1 absent', 20_000, async () => {
    const s = await state.snapshot();
    return s.modules[1]?.state === 'Absent' ? s : undefined;
  }, { intervalMs: 50 });
  t.deepEqual(pulled.activeModules, [0]);

  const log = caps.LogReader!;
  const events = await log.entries('Event');
  t.true(events.length > 0);
  t.true(events.every((e) => e.id !== '' && e.created !== ''));
  await t.notThrowsAsync(log.entries('SEL'), 'the SEL service is found and its entries parse');
  await log.clear('Event');
  const after = await log.entries('Event');
  const oldIds = new Set(events.map((e) => e.id));
  t.false(after.some((e) => oldIds.has(e.id) && events.find((o) => o.id === e.id)?.created === e.created), 'old entries are gone');
});

test('module reset and its resync Task: ForceOff accepted, On answers 202 with the Task monitor; resyncTask reads the module Task to Completed', async (t) => {
  const { client } = await lab(t);
  const caps = redfishCapabilities(client);
  const inject = caps.FtLabFaultInjection!;
  const state = caps.FtState!;
  t.deepEqual(await state.resyncTask!(1), { offered: true, task: null }, 'no resync yet');
  const off = await inject.resetModule(1, 'ForceOff');
  t.deepEqual([off.status < 300, off.task], [true, null]);
  await t.throwsAsync(() => inject.resetModule(0, 'ForceOff'), { instanceOf: ChangeRefusedError, message: /HTTP 409/ }, 'the last module in lockstep is refused');
  const on = await inject.resetModule(1, 'On');
  t.is(on.status, 202);
  t.regex(on.task ?? '', /^\/redfish\/v1\/TaskService\/TaskMonitors\/\d+$/);
  const running = await state.resyncTask!(1);
  t.like(running, { offered: true, task: { name: 'Reintegrate Module1', state: 'Running', status: 'OK' } });
  t.deepEqual(await state.resyncTask!(0), { offered: true, task: null }, 'the task names module 1 only');
  const done = await waitFor('resync task completed', 30_000, async () => {
    const r = await state.resyncTask!(1);
    return r.offered && r.task?.state === 'Completed' ? r.task : undefined;
  }, { intervalMs: 20 });
  t.is(done.percent, 100);
  t.truthy(done.startTime);
  t.truthy(done.endTime);
  t.true(Date.parse(done.seenBy ?? '') >= Date.parse(done.endTime ?? ''), 'the BMC clock read after the finished task is not before its EndTime');
  t.deepEqual([done.messages[0], done.messages.at(-1)], ['TaskEvent.1.0.TaskStarted', 'TaskEvent.1.0.TaskCompletedOK']);
});
