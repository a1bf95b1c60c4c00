/**
 * Integration tests: the emulator runs in-process on 127.0.0.1 port 0 at a high time scale; the
 * tests talk to it only over real HTTP (Redfish, SSE) and UDP/TCP (workload). No assertion on
 * wall-clock durations: order, presence and state only.
 */
import test from 'ava';
import net from 'node:net';
import { withDeadline } from '../../lib/deadline.ts';
import { formatTimestamp } from '../redfish/index.ts';
import type { DefectName } from './defects.ts';
import { loadDefaultProfile, loadProfile, memoryMiB, shippedProfilePath, type FtProfile } from './profile.ts';
import { planResync } from './resync-plan.ts';
import { startFtServer, type FtServer } from './server.ts';
import { RedfishClient, UdpProbe, at, type Doc } from './testing/client.ts';
import type { TruthDocument } from './truth.ts';

const SCALE = 50;
type Truth = TruthDocument & { Workload: { udpAnswered: number; udpQueued: number; udpDropped: number } };

async function boot(
  t: { teardown(fn: () => unknown): void },
  opts: { defects?: DefectName[]; profile?: FtProfile; timeScale?: number } = {},
): Promise<{ server: FtServer; rf: RedfishClient }> {
  const server = await startFtServer({ port: 0, timeScale: opts.timeScale ?? SCALE, defects: opts.defects ?? [], ...(opts.profile ? { profile: opts.profile } : {}) });
  t.teardown(() => server.close());
  return { server, rf: new RedfishClient(server.redfishUrl) };
}

async function probe(t: { teardown(fn: () => unknown): void }, server: FtServer): Promise<UdpProbe> {
  const p = new UdpProbe('127.0.0.1', server.workload.udp);
  await p.open();
  t.teardown(() => p.close());
  return p;
}

const plan = (p: FtProfile) => planResync({ memoryMiB: memoryMiB(p), ...p.resync, hypervisorMode: p.system.hypervisorMode });

test('service root is public, the rest needs credentials; Oem.FtLab advertises the contract', async (t) => {
  const { server, rf } = await boot(t);
  const root = await rf.request('GET', '/redfish/v1', undefined, { auth: false });
  t.is(at(root, ['status']), 200);
  t.is((await rf.request('GET', '/redfish/v1/Systems', undefined, { auth: false })).status, 401);
  t.is((await rf.request('GET', '/redfish/v1/Oem/FtLab/Truth', undefined, { auth: false })).status, 401);
  const ft = (root.body.Oem as Record<string, Record<string, unknown>>).FtLab!;
  t.deepEqual(ft.FaultInjection, { '@odata.id': '/redfish/v1/Oem/FtLab/FaultInjection' });
  t.deepEqual(ft.Truth, { '@odata.id': '/redfish/v1/Oem/FtLab/Truth' });
  t.like(ft.Workload, { Udp: server.workload.udp, Tcp: server.workload.tcp });
  t.is(ft.TimeScale, SCALE);
  t.deepEqual(ft.Defects, []);
  const sys = await rf.get<Doc>('/redfish/v1/Systems/ft0');
  t.like(sys, { PowerState: 'On', MemorySummary: { TotalSystemMemoryGiB: 128, MemoryMirroring: 'System' } });
  t.like(at(sys, ['Oem', 'FtLab']), { FtState: 'Duplex', SyncPhase: 'None', ActiveModules: [0, 1], HypervisorMode: false });
  const m0 = await rf.get<Doc>('/redfish/v1/Chassis/Module0');
  t.like(m0, { ChassisType: 'Module', Status: { State: 'Enabled', Health: 'OK' }, LocationIndicatorActive: false });
  t.like(at(m0, ['Oem', 'FtLab']), { OpState: 'Duplex', KeptOut: false, FaultPolicy: 'UseThreshold', ErrorCounters: { Cpu: { Count: 0, Threshold: 3, WindowSeconds: 86400 } } });
  const devs = await rf.get<Doc>('/redfish/v1/Chassis/Module0/PCIeDevices/M0-SER0');
  t.is(at(devs, ['Oem', 'FtLab', 'SurpriseRemovalSupported']), false);
  const bond = await rf.get<Doc>('/redfish/v1/Systems/ft0/EthernetInterfaces/bond0');
  t.like(bond, { EthernetInterfaceType: 'Virtual', TeamMode: 'ActiveBackup', LinkStatus: 'LinkUp' });
});

test('hypervisor profile: HypervisorMode and memory size are in the Redfish view', async (t) => {
  const { rf } = await boot(t, { profile: loadProfile(shippedProfilePath('ft-hypervisor')) });
  const sys = await rf.get<Doc>('/redfish/v1/Systems/ft0');
  t.is(at(sys, ['MemorySummary', 'TotalSystemMemoryGiB']), 128);
  t.true(at(sys, ['Oem', 'FtLab', 'HypervisorMode']));
});

test('a permanent CPU error isolates the module; the System stays On and the workload keeps answering', async (t) => {
  const { server, rf } = await boot(t);
  const udp = await probe(t, server);
  for (let i = 0; i < 20; i++) udp.send();
  const r = await rf.inject('InjectError', { Module: 1, Subsystem: 'Cpu', Kind: 'Permanent' });
  t.is(r.status, 204, JSON.stringify(r.body));
  const m1 = await rf.until<Doc>('module 1 kept out', '/redfish/v1/Chassis/Module1', (b) => at(b, ['Oem', 'FtLab', 'KeptOut']) === true);
  for (let i = 0; i < 20; i++) udp.send();
  t.like(m1, { Status: { State: 'UnavailableOffline', Health: 'Critical' }, LocationIndicatorActive: true });
  t.is(at(m1, ['Oem', 'FtLab', 'FaultyComponent']), 'M1-CPU0');
  t.regex(String(at(m1, ['Oem', 'FtLab', 'LastIsolationReason'])), /Permanent Cpu/);
  const sys = await rf.get<Doc>('/redfish/v1/Systems/ft0');
  t.like(sys, { PowerState: 'On', Status: { State: 'Enabled', Health: 'Warning', HealthRollup: 'Critical' } });
  t.like(at(sys, ['Oem', 'FtLab']), { FtState: 'Simplex', ActiveModules: [0] });
  t.deepEqual(at(sys, ['Redundancy', 0, 'ActiveRedundancySet']), [{ '@odata.id': '/redfish/v1/Chassis/Module0' }]);
  const cpu = await rf.get<Doc>('/redfish/v1/Systems/ft0/Processors/M1-CPU0');
  t.like(at(cpu, ['Status']), { State: 'UnavailableOffline', Health: 'Critical' });
  await udp.waitReplies('every datagram answered', udp.sentCount);
  t.deepEqual(udp.replies, Array.from({ length: udp.sentCount }, (_, i) => i), 'all answered, in order');
  const truth = await rf.get<Truth>('/redfish/v1/Oem/FtLab/Truth');
  t.like(truth.Isolations[0], { Module: 1, Subsystem: 'Cpu', Kind: 'Permanent' });
  t.true(truth.Isolations[0]!.IsolatedAt >= truth.Isolations[0]!.FaultAt);
  t.deepEqual(truth.Crashes, []);
  t.deepEqual(truth.WorkloadStalls, []);
  // the audit trail records the injection
  const audit = await rf.get<Doc>('/redfish/v1/Managers/bmc/LogServices/Log/Entries');
  t.true((at(audit, ['Members']) as unknown[]).length >= 1);
});

test('pull + insert: resync phases as SSE events, a Task with subtasks, and in the ground truth', async (t) => {
  const { server, rf } = await boot(t);
  const sse = await rf.sse();
  t.teardown(() => sse.close());
  const udp = await probe(t, server);
  t.is((await rf.inject('PullModule', { Module: 1 })).status, 204);
  const absent = await rf.get<Doc>('/redfish/v1/Chassis/Module1');
  t.is(at(absent, ['Status', 'State']), 'Absent');
  t.is((await rf.inject('InsertModule', { Module: 1 })).status, 204);
  // probe the workload through the resync
  let probing = true;
  const pump = (async () => {
    while (probing) {
      udp.send();
      await new Promise((r) => setTimeout(r, 2));
    }
  })();
  await sse.waitFor('DuplexRestored', (e) => e.MessageId === 'FtLab.1.0.DuplexRestored');
  probing = false;
  await pump;
  const ids = sse.ids();
  const order = [
    'FtLab.1.0.ModuleRemoved',
    'FtLab.1.0.ModuleInserted',
    'FtLab.1.0.ResyncStarted',
    'TaskEvent.1.0.TaskStarted',
    'FtLab.1.0.BrownoutPassCompleted',
    'FtLab.1.0.BlackoutStarted',
    'FtLab.1.0.BlackoutCompleted',
    'FtLab.1.0.DuplexRestored',
    'TaskEvent.1.0.TaskCompletedOK',
  ].map((id) => ids.indexOf(id));
  t.false(order.includes(-1), `missing events: ${ids.join(' ')}`);
  t.deepEqual([...order].sort((a, b) => a - b), order, 'phases in order');
  const passes = sse.events.filter((e) => e.MessageId === 'FtLab.1.0.BrownoutPassCompleted');
  const truth = await rf.get<Truth>('/redfish/v1/Oem/FtLab/Truth');
  const rs = truth.Resyncs[truth.Resyncs.length - 1]!;
  t.is(rs.Module, 1);
  t.false(rs.Hypervisor);
  t.is(passes.length, rs.Passes.length);
  t.is(rs.Passes.length, plan(server.model.profile).passes.length, 'passes follow the modelled copy times');
  t.deepEqual(rs.Passes.map((x) => x.CopiedMiB), plan(server.model.profile).passes.map((x) => x.copiedMiB));
  t.deepEqual(passes.map((e) => e.MessageArgs[1]), rs.Passes.map((p) => String(p.Pass)));
  t.true(rs.BlackoutStart! < rs.BlackoutEnd!);
  t.true(rs.StartedAt < rs.Passes[0]!.Start && rs.Passes[rs.Passes.length - 1]!.End! <= rs.BlackoutStart!);
  // event timestamps are the model's transition times (SUT, microseconds)
  const bs = sse.events.find((e) => e.MessageId === 'FtLab.1.0.BlackoutStarted')!;
  const bc = sse.events.find((e) => e.MessageId === 'FtLab.1.0.BlackoutCompleted')!;
  t.is(bs.EventTimestamp, formatTimestamp(rs.BlackoutStart!));
  t.is(bc.EventTimestamp, formatTimestamp(rs.BlackoutEnd!));
  t.regex(bs.EventTimestamp, /\.\d{6}\+00:00$/);
  t.deepEqual(truth.WorkloadStalls.map((s) => s.Reason), ['blackout']);
  // the Task and its subtasks
  const taskStarted = sse.events.find((e) => e.MessageId === 'TaskEvent.1.0.TaskStarted')!;
  const taskUri = taskStarted.OriginOfCondition!['@odata.id'];
  const task = await rf.get<Doc>(taskUri);
  t.like(task, { Name: 'Reintegrate Module1', TaskState: 'Completed', TaskStatus: 'OK', PercentComplete: 100 });
  const subs = await rf.get<Doc>(`${taskUri}/SubTasks`);
  const subBodies = await Promise.all((at(subs, ['Members']) as Array<{ '@odata.id': string }>).map((x) => rf.get<Doc>(x['@odata.id'])));
  t.deepEqual(subBodies.map((s) => [s.Name, s.TaskState]), [
    ['Diagnostics', 'Completed'],
    ['BrownoutCopy', 'Completed'],
    ['BlackoutCopy', 'Completed'],
  ]);
  const sys = await rf.get<Doc>('/redfish/v1/Systems/ft0');
  t.like(at(sys, ['Oem', 'FtLab']), { FtState: 'Duplex', ActiveModules: [0, 1] });
  // the workload was never dropped: queued during the blackout, answered afterwards, in order
  await udp.waitReplies('all probes answered', udp.sentCount);
  t.deepEqual(udp.replies, Array.from({ length: udp.sentCount }, (_, i) => i));
  t.is(truth.Workload.udpDropped, 0);
});

test('hypervisor mode: the blackout stalls the workload, queued datagrams are answered in order afterwards', async (t) => {
  // a long blackout (whole memory, x10) so the datagrams surely land inside it
  const { server, rf } = await boot(t, { profile: loadProfile(shippedProfilePath('ft-hypervisor')), defects: ['blackout-overrun'], timeScale: 200 });
  const sse = await rf.sse("RegistryPrefix eq 'FtLab'");
  t.teardown(() => sse.close());
  const udp = await probe(t, server);
  await rf.inject('PullModule', { Module: 0 });
  await rf.inject('InsertModule', { Module: 0 });
  const tcp = net.connect(server.workload.tcp, '127.0.0.1');
  t.teardown(() => tcp.destroy());
  await new Promise<void>((r) => tcp.once('connect', () => r()));
  let echoed = '';
  tcp.setEncoding('utf8').on('data', (d: string) => (echoed += d));
  await sse.waitFor('BlackoutStarted', (e) => e.MessageId === 'FtLab.1.0.BlackoutStarted');
  for (let i = 0; i < 5; i++) udp.send();
  tcp.write('held-during-blackout');
  await udp.waitReplies('answers after the blackout', 5);
  t.deepEqual(udp.replies, [0, 1, 2, 3, 4]);
  await withDeadline('tcp echo after the blackout', 20_000, async (signal) => {
    while (echoed !== 'held-during-blackout' && !signal.aborted) await new Promise((r) => setTimeout(r, 10));
  });
  t.is(echoed, 'held-during-blackout');
  const truth = await rf.get<Truth>('/redfish/v1/Oem/FtLab/Truth');
  t.true(truth.Workload.udpQueued >= 1, 'datagrams were held during the blackout');
  const rs = truth.Resyncs[0]!;
  t.true(rs.Hypervisor);
  t.deepEqual(rs.Passes, [], 'no brownout in hypervisor mode');
  t.not(rs.BlackoutEnd, null);
  t.false(sse.ids().includes('FtLab.1.0.BrownoutPassCompleted'));
});

test('fault-injection errors: 400 names the parameter and the allowed values; 409 says why', async (t) => {
  const { rf } = await boot(t);
  const text = (b: Record<string, unknown>): string => JSON.stringify(b);
  const bad = async (action: string, params: Record<string, unknown>, param: string, allowed: string[]): Promise<void> => {
    const r = await rf.inject(action, params);
    t.is(r.status, 400, `${action} ${text(params)}`);
    t.true(text(r.body).includes(param), `${action}: names ${param}: ${text(r.body)}`);
    for (const a of allowed) t.true(text(r.body).includes(a), `${action}: lists ${a}`);
  };
  await bad('InjectError', { Module: 2, Subsystem: 'Cpu', Kind: 'Transient' }, 'Module', ['0, 1']);
  await bad('InjectError', { Module: 0, Subsystem: 'Memory', Kind: 'Transient' }, 'Subsystem', ['Cpu', 'Io']);
  await bad('InjectError', { Module: 0, Subsystem: 'Cpu', Kind: 'Sometimes' }, 'Kind', ['Transient', 'Permanent']);
  await bad('InjectError', { Module: 0, Subsystem: 'Cpu', Kind: 'Transient', Count: 0 }, 'Count', ['1']);
  await bad('PullModule', { Module: 'x' }, 'Module', ['0, 1']);
  await bad('PCIeFatalError', { Device: 'M9-GPU0' }, 'Device', ['M0-NIC0', 'M0-SER0']);
  await bad('SetLink', { Interface: 'eth7', LinkUp: false }, 'Interface', ['M0-NIC0', 'M1-NIC0']);
  const missing = await rf.inject('SetLink', { Interface: 'M0-NIC0' });
  t.is(missing.status, 400);
  t.true(text(missing.body).includes('LinkUp'));
  t.is((await rf.inject('InsertModule', { Module: 0 })).status, 409, 'already inserted');
  const info = await rf.get<Doc>('/redfish/v1/Oem/FtLab/FaultInjection');
  t.deepEqual(at(info, ['Actions', '#FtLabFaultInjection.InjectError', 'Module@Redfish.AllowableValues']), ['0', '1']);
  t.is(at(info, ['Actions', '#FtLabFaultInjection.SetLink', 'target']), '/redfish/v1/Oem/FtLab/FaultInjection/Actions/FtLabFaultInjection.SetLink');
  // nothing was applied by the refused requests
  const truth = await rf.get<Truth>('/redfish/v1/Oem/FtLab/Truth');
  t.deepEqual([truth.Isolations, truth.IoFailovers, truth.Crashes], [[], [], []]);
});

test('NIC link loss: team fails over to the other module, event and truth window', async (t) => {
  const { server, rf } = await boot(t);
  const sse = await rf.sse();
  t.teardown(() => sse.close());
  t.is((await rf.inject('SetLink', { Interface: 'M0-NIC0', LinkUp: false })).status, 204);
  const ev = await sse.waitFor('NicTeamFailover', (e) => e.MessageId === 'FtLab.1.0.NicTeamFailover');
  t.deepEqual(ev.MessageArgs, ['bond0', 'M0-NIC0', 'M1-NIC0']);
  const m1 = await rf.get<Doc>('/redfish/v1/Systems/ft0/EthernetInterfaces/M1-NIC0');
  const m0 = await rf.get<Doc>('/redfish/v1/Systems/ft0/EthernetInterfaces/M0-NIC0');
  t.is(at(m1, ['Status', 'State']), 'Enabled');
  t.like(m0, { Status: { State: 'UnavailableOffline' }, LinkStatus: 'LinkDown' });
  const truth = await rf.get<Truth>('/redfish/v1/Oem/FtLab/Truth');
  t.like(truth.IoFailovers[0], { Kind: 'Nic', Interface: 'M0-NIC0', To: 'M1-NIC0' });
  t.true(truth.IoFailovers[0]!.End! > truth.IoFailovers[0]!.Start);
  const udp = await probe(t, server);
  udp.send();
  await udp.waitReplies('workload answers via the standby NIC', 1);
  t.pass();
});

test('PCIe fatal error: supported device is surprise-removed (no crash); unsupported device crashes the system', async (t) => {
  const { server, rf } = await boot(t);
  t.is((await rf.inject('PCIeFatalError', { Device: 'M0-HBA0' })).status, 204);
  const hba = await rf.get<Doc>('/redfish/v1/Chassis/Module0/PCIeDevices/M0-HBA0');
  t.like(hba, { Status: { State: 'UnavailableOffline', Health: 'Critical' }, Oem: { FtLab: { SurpriseRemoved: true } } });
  await rf.until<Doc>('storage path failover', '/redfish/v1/Systems/ft0/Storage/mirror0', (b) => at(b, ['Oem', 'FtLab', 'ActivePath']) === 'M1-HBA0');
  t.is((await rf.get<Doc>('/redfish/v1/Systems/ft0')).PowerState, 'On');

  // a TCP client connected before the crash is cut off
  const sock = net.connect(server.workload.tcp, '127.0.0.1');
  t.teardown(() => sock.destroy());
  await new Promise<void>((r) => sock.once('connect', () => r()));
  const closed = new Promise<void>((r) => sock.once('close', () => r()));
  sock.on('error', () => undefined);
  t.is((await rf.inject('PCIeFatalError', { Device: 'M0-SER0' })).status, 204);
  await closed;
  const sys = await rf.get<Doc>('/redfish/v1/Systems/ft0');
  t.like(sys, { PowerState: 'Off' });
  t.is(at(sys, ['Oem', 'FtLab', 'FtState']), 'Down');
  const truth = await rf.get<Truth>('/redfish/v1/Oem/FtLab/Truth');
  t.is(truth.Crashes.length, 1);
  t.regex(truth.Crashes[0]!.Reason, /M0-SER0/);
  // new connections are refused while down
  const again = net.connect(server.workload.tcp, '127.0.0.1');
  again.on('error', () => undefined);
  await new Promise<void>((r) => again.once('close', () => r()));
  t.pass();
  // power on again → boots, answers
  t.is((await rf.post('/redfish/v1/Systems/ft0/Actions/ComputerSystem.Reset', { ResetType: 'On' })).status, 204);
  await rf.until<Doc>('system back on', '/redfish/v1/Systems/ft0', (b) => at(b, ['PowerState']) === 'On');
});

test('Chassis.Reset on a module: ForceOff → simplex; On → 202 with a task monitor; last module refused', async (t) => {
  const { rf } = await boot(t);
  t.is((await rf.post('/redfish/v1/Chassis/Module0/Actions/Chassis.Reset', { ResetType: 'ForceOff' })).status, 204);
  const off = await rf.get<Doc>('/redfish/v1/Chassis/Module0');
  t.like(off, { Status: { State: 'Disabled' }, PowerState: 'Off' });
  const refused = await rf.post('/redfish/v1/Chassis/Module1/Actions/Chassis.Reset', { ResetType: 'ForceOff' });
  t.is(refused.status, 409);
  t.regex(JSON.stringify(refused.body), /last module/);
  const on = await rf.post('/redfish/v1/Chassis/Module0/Actions/Chassis.Reset', { ResetType: 'On' });
  t.is(on.status, 202);
  const monitor = on.headers.get('location');
  t.truthy(monitor);
  await rf.until<Doc>('duplex again', '/redfish/v1/Systems/ft0', (b) => at(b, ['Oem', 'FtLab', 'FtState']) === 'Duplex');
  const done = await rf.request('GET', monitor!);
  t.not(done.status, 202);
});

test('DELETE on the resync task monitor cancels the re-integration', async (t) => {
  // a resync that never converges stays cancellable
  const { rf } = await boot(t, { defects: ['resync-never-converges'] });
  await rf.post('/redfish/v1/Chassis/Module1/Actions/Chassis.Reset', { ResetType: 'ForceOff' });
  const on = await rf.post('/redfish/v1/Chassis/Module1/Actions/Chassis.Reset', { ResetType: 'On' });
  t.is(on.status, 202);
  const monitor = on.headers.get('location')!;
  t.is((await rf.request('GET', monitor)).status, 202, 'still running');
  const del = await rf.request('DELETE', monitor);
  t.true(del.status < 300, JSON.stringify(del.body));
  const m1 = await rf.get<Doc>('/redfish/v1/Chassis/Module1');
  t.like(m1, { Status: { State: 'Disabled' } });
  t.is(at(await rf.get<Doc>('/redfish/v1/Systems/ft0'), ['Oem', 'FtLab', 'FtState']), 'Simplex');
  const truth = await rf.get<Truth>('/redfish/v1/Oem/FtLab/Truth');
  t.is(truth.Resyncs[0]!.AbortReason, 'cancelled by a client');
});

test('errors over the threshold keep the module out (LED, Condition, events); ClearErrorHistory re-integrates it', async (t) => {
  const { rf } = await boot(t);
  const sse = await rf.sse();
  t.teardown(() => sse.close());
  t.is((await rf.inject('InjectError', { Module: 0, Subsystem: 'Io', Kind: 'Transient', Count: 4 })).status, 204);
  const m0 = await rf.until<Doc>('kept out', '/redfish/v1/Chassis/Module0', (b) => at(b, ['Oem', 'FtLab', 'KeptOut']) === true);
  t.like(m0, { LocationIndicatorActive: true, Status: { State: 'UnavailableOffline', Health: 'Critical' } });
  t.is(at(m0, ['Status', 'Conditions', 0, 'MessageId']), 'ResourceEvent.1.4.ResourceErrorThresholdExceeded');
  t.is(at(m0, ['Oem', 'FtLab', 'ErrorCounters', 'Io', 'Count']), 4);
  const exceeded = await sse.waitFor('threshold event', (e) => e.MessageId === 'ResourceEvent.1.4.ResourceErrorThresholdExceeded');
  t.deepEqual(exceeded.MessageArgs, ['Oem/FtLab/ErrorCounters/Io/Count', '3']);
  await sse.waitFor('keep-out event', (e) => e.MessageId === 'FtLab.1.0.ModuleKeptOut');
  const action = at(m0, ['Actions', 'Oem', '#FtLabChassis.ClearErrorHistory', 'target']);
  t.is(action, '/redfish/v1/Chassis/Module0/Actions/Oem/FtLabChassis.ClearErrorHistory');
  t.is((await rf.post(String(action), {})).status, 204);
  await sse.waitFor('duplex again', (e) => e.MessageId === 'FtLab.1.0.DuplexRestored');
  const back = await rf.get<Doc>('/redfish/v1/Chassis/Module0');
  t.like(back, { LocationIndicatorActive: false, Status: { State: 'Enabled', Health: 'OK' } });
  t.is(at(back, ['Oem', 'FtLab', 'ErrorCounters', 'Io', 'Count']), 0);
  t.true(sse.ids().includes('ResourceEvent.1.4.ResourceErrorThresholdCleared'));
});

test('PATCH a module: LED, fault policy and threshold go to the model', async (t) => {
  const { rf } = await boot(t);
  const r = await rf.request('PATCH', '/redfish/v1/Chassis/Module1', {
    LocationIndicatorActive: true,
    Oem: { FtLab: { FaultPolicy: 'NeverRestart', ErrorCounters: { Io: { Threshold: 5 } } } },
  });
  t.is(r.status, 200, JSON.stringify(r.body));
  const m = await rf.get<Doc>('/redfish/v1/Chassis/Module1');
  t.true(at(m, ['LocationIndicatorActive']));
  t.is(at(m, ['Oem', 'FtLab', 'FaultPolicy']), 'NeverRestart');
  t.is(at(m, ['Oem', 'FtLab', 'ErrorCounters', 'Io', 'Threshold']), 5);
  await rf.inject('InjectError', { Module: 1, Subsystem: 'Io', Kind: 'Transient' });
  await rf.until<Doc>('NeverRestart keeps out', '/redfish/v1/Chassis/Module1', (b) => at(b, ['Oem', 'FtLab', 'KeptOut']) === true);
  const bad = await rf.request('PATCH', '/redfish/v1/Chassis/Module1', { Oem: { FtLab: { FaultPolicy: 'Sometimes' } } });
  t.is(bad.status, 400);
  t.regex(JSON.stringify(bad.body), /FaultPolicy/);
});

// ------------------------------------------------------------------ defects over the network

test('defect blackout-overrun: the blackout in the truth is far longer than the model', async (t) => {
  const { server, rf } = await boot(t, { defects: ['blackout-overrun'] });
  await rf.inject('PullModule', { Module: 1 });
  await rf.inject('InsertModule', { Module: 1 });
  const truth = await rf.until<Truth>('resync done', '/redfish/v1/Oem/FtLab/Truth', (b) => b.Resyncs[0]?.CompletedAt != null);
  const rs = truth.Resyncs[0]!;
  t.true(rs.BlackoutEnd! - rs.BlackoutStart! > 5 * plan(server.model.profile).blackoutMs);
  const root = await rf.get<Doc>('/redfish/v1');
  t.deepEqual(at(root, ['Oem', 'FtLab', 'Defects']), ['blackout-overrun']);
});

test('defect resync-never-converges: passes go beyond the maximum, no blackout', async (t) => {
  const { server, rf } = await boot(t, { defects: ['resync-never-converges'], timeScale: 200 });
  await rf.inject('PullModule', { Module: 1 });
  await rf.inject('InsertModule', { Module: 1 });
  const max = server.model.profile.resync.maxBrownoutPasses;
  const truth = await rf.until<Truth>('many passes', '/redfish/v1/Oem/FtLab/Truth', (b) => (b.Resyncs[0]?.Passes.length ?? 0) > max + 1, 60_000);
  t.is(truth.Resyncs[0]!.BlackoutStart, null);
  t.is(at(await rf.get<Doc>('/redfish/v1/Systems/ft0'), ['Oem', 'FtLab', 'FtState']), 'Syncing');
});

test('defect transient-kept-out: one transient error keeps the module out', async (t) => {
  const { rf } = await boot(t, { defects: ['transient-kept-out'] });
  await rf.inject('InjectError', { Module: 0, Subsystem: 'Cpu', Kind: 'Transient', Count: 1 });
  const m = await rf.until<Doc>('kept out', '/redfish/v1/Chassis/Module0', (b) => at(b, ['Oem', 'FtLab', 'KeptOut']) === true);
  t.is(at(m, ['Oem', 'FtLab', 'ErrorCounters', 'Cpu', 'Count']), 1);
});

test('defect no-error-hiding: a PCIe fatal error on a supported NIC crashes the system', async (t) => {
  const { rf } = await boot(t, { defects: ['no-error-hiding'] });
  await rf.inject('PCIeFatalError', { Device: 'M1-NIC0' });
  const sys = await rf.get<Doc>('/redfish/v1/Systems/ft0');
  t.is(at(sys, ['PowerState']), 'Off');
  t.is((await rf.get<Truth>('/redfish/v1/Oem/FtLab/Truth')).Crashes.length, 1);
});

test('defect isolation-outage: CPU isolation stalls the workload', async (t) => {
  const { rf } = await boot(t, { defects: ['isolation-outage'] });
  await rf.inject('InjectError', { Module: 1, Subsystem: 'Cpu', Kind: 'Transient' });
  const truth = await rf.until<Truth>('stall recorded', '/redfish/v1/Oem/FtLab/Truth', (b) => b.WorkloadStalls.some((s) => s.Reason === 'isolation-outage' && s.End !== null));
  const s = truth.WorkloadStalls.find((x) => x.Reason === 'isolation-outage')!;
  t.true(s.End! - s.Start >= 1900, 'about 2 s of SUT time (timer granularity aside)');
});

test('defect silent-isolation: the module is isolated but no isolation event is sent', async (t) => {
  const { rf } = await boot(t, { defects: ['silent-isolation'] });
  const sse = await rf.sse();
  t.teardown(() => sse.close());
  await rf.inject('InjectError', { Module: 1, Subsystem: 'Cpu', Kind: 'Transient' });
  await sse.waitFor('reintegration event', (e) => e.MessageId === 'FtLab.1.0.TransientFaultReintegrating');
  const truth = await rf.get<Truth>('/redfish/v1/Oem/FtLab/Truth');
  t.is(truth.Isolations.length, 1);
  t.false(sse.ids().includes('FtLab.1.0.ModuleIsolated'));
  t.false(sse.ids().includes('ResourceEvent.1.4.ResourceStatusChangedCritical'));
});

test('without defects the same isolation is announced', async (t) => {
  const { rf } = await boot(t);
  const sse = await rf.sse();
  t.teardown(() => sse.close());
  await rf.inject('InjectError', { Module: 1, Subsystem: 'Cpu', Kind: 'Transient' });
  await sse.waitFor('reintegration event', (e) => e.MessageId === 'FtLab.1.0.TransientFaultReintegrating');
  const ids = sse.ids();
  t.true(ids.indexOf('ResourceEvent.1.4.ResourceStatusChangedCritical') >= 0);
  t.true(ids.indexOf('FtLab.1.0.ModuleIsolated') < ids.indexOf('FtLab.1.0.TransientFaultReintegrating'));
  t.true(ids.includes('ResourceEvent.1.4.ResourceStatusChangedWarning'), 'system warning');
});

test('defect slow-io-failover: the NIC failover window is 10x the profile', async (t) => {
  const profile = loadDefaultProfile();
  const { rf } = await boot(t, { defects: ['slow-io-failover'], profile });
  await rf.inject('SetLink', { Interface: 'M0-NIC0', LinkUp: false });
  const truth = await rf.until<Truth>('failover done', '/redfish/v1/Oem/FtLab/Truth', (b) => b.IoFailovers[0]?.End != null);
  const w = truth.IoFailovers[0]!;
  t.true(w.End! - w.Start > 5 * profile.io.nicFailoverMs);
});
