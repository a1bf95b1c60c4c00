import test from 'ava';
import { eventModule } from '../../lib/domains/ft/messages.ts';
import { buildStateLanes, type StateEvent, type StateLane, type StateSample } from './module-states.ts';

const MOD = (m: number): string => `/redfish/v1/Chassis/Module${m}`;
const SYS = '/redfish/v1/Systems/ft0';

function ev(at: number, messageId: string, args: string[], origin: string | null): StateEvent {
  return { at, messageId, args, origin };
}

function sample(at: number, m0: string, m1: string, power = 'On'): StateSample {
  return { at, power, modules: [{ index: 0, state: m0 }, { index: 1, state: m1 }] };
}

/** A lane as "state@start-end" strings, for readable assertions. */
function story(lanes: readonly StateLane[], label: string): string[] {
  const lane = lanes.find((l) => l.label === label);
  return (lane?.segments ?? []).map((s) => `${s.state}@${s.start}-${s.end}`);
}

/** The events the ft BMC sends for a pull → insert → resync of module 1 (as in a real run). */
function pullInsertResync(version = '1.0'): StateEvent[] {
  const ft = (key: string): string => `FtLab.${version}.${key}`;
  return [
    ev(100, ft('ModuleRemoved'), ['1'], MOD(1)),
    ev(100.2, 'ResourceEvent.1.4.ResourceStateChanged', [MOD(1), 'Absent'], MOD(1)),
    ev(300, ft('ModuleInserted'), ['1'], MOD(1)),
    ev(300.1, ft('ResyncStarted'), ['1'], MOD(1)),
    ev(300.2, 'ResourceEvent.1.4.ResourceStateChanged', [MOD(1), 'InTest'], MOD(1)),
    ev(400, 'ResourceEvent.1.4.ResourceStateChanged', [MOD(1), 'Starting'], MOD(1)),
    ev(700, ft('BrownoutPassCompleted'), ['1', '1', '12800'], MOD(1)),
    ev(760, ft('BrownoutPassCompleted'), ['1', '2', '1250'], MOD(1)),
    ev(761, ft('BlackoutStarted'), ['1'], MOD(1)),
    ev(765, ft('BlackoutCompleted'), ['1', '53.46'], MOD(1)),
    ev(765.2, ft('DuplexRestored'), [], SYS),
  ];
}

test('a pull/insert resync seen only by samples before and after tells the whole story from events', (t) => {
  const lanes = buildStateLanes([sample(10, 'Duplex', 'Duplex'), sample(900, 'Duplex', 'Duplex')], pullInsertResync(), 1000);
  t.deepEqual(story(lanes, 'module 1'), ['Duplex@10-100', 'Absent@100-300', 'Inserted@300-300.1', 'Diagnostics@300.1-400', 'Brownout@400-761', 'Blackout@761-765', 'Duplex@765-1000']);
  t.deepEqual(story(lanes, 'module 0'), ['Duplex@10-100', 'Simplex@100-765', 'Duplex@765-1000']);
  t.deepEqual(story(lanes, 'power'), ['On@10-1000']);
  const m1 = lanes.find((l) => l.label === 'module 1');
  t.deepEqual(
    m1?.ticks.map((k) => [k.at, k.label]),
    [
      [700, 'pass 1'],
      [760, 'pass 2'],
    ],
  );
  t.regex(m1?.ticks[0]?.detail ?? '', /12800 MiB dirtied/);
  t.regex(m1?.segments[1]?.cause ?? '', /^ModuleRemoved\(1\)$/);
  t.is(m1?.segments[1]?.source, 'event');
});

test('messages match on registry prefix and key, not on version digits', (t) => {
  const a = buildStateLanes([sample(10, 'Duplex', 'Duplex')], pullInsertResync('1.0'), 1000);
  const b = buildStateLanes([sample(10, 'Duplex', 'Duplex')], pullInsertResync('1.7'), 1000);
  t.deepEqual(story(b, 'module 1'), story(a, 'module 1'));
  t.true(story(b, 'module 1').includes('Blackout@761-765'));
  // Another registry with the same key does not count.
  const other = buildStateLanes([sample(10, 'Duplex', 'Duplex')], [ev(100, 'Acme.1.0.ModuleRemoved', ['1'], MOD(1))], 1000);
  t.deepEqual(story(other, 'module 1'), ['Duplex@10-1000']);
});

test('without a brownout-start event the brownout band begins at the first completed pass, and says so', (t) => {
  const events = pullInsertResync().filter((e) => !(e.args[1] === 'Starting'));
  const lanes = buildStateLanes([sample(10, 'Duplex', 'Duplex')], events, 1000);
  t.true(story(lanes, 'module 1').includes('Diagnostics@300.1-700'));
  t.true(story(lanes, 'module 1').includes('Brownout@700-761'));
  t.regex(lanes.find((l) => l.label === 'module 1')?.segments.find((s) => s.state === 'Brownout')?.cause ?? '', /brownout start not reported/);
});

test('the first sample after an event that still shows the old state is stale and ignored; later samples win', (t) => {
  const events = [ev(100, 'FtLab.1.0.ModuleIsolated', ['0', 'Cpu', 'Permanent Cpu error'], MOD(0))];
  // 105: answered after the event but read before it (still Duplex) → ignored. 200: Isolated agrees.
  const lanes = buildStateLanes([sample(10, 'Duplex', 'Duplex'), sample(105, 'Duplex', 'Duplex'), sample(200, 'Isolated', 'Simplex')], events, 300);
  t.deepEqual(story(lanes, 'module 0'), ['Duplex@10-100', 'Isolated@100-300']);
  t.deepEqual(story(lanes, 'module 1'), ['Duplex@10-100', 'Simplex@100-300']);
  // A second sample that keeps contradicting the event is believed.
  const lanes2 = buildStateLanes([sample(10, 'Duplex', 'Duplex'), sample(105, 'Duplex', 'Duplex'), sample(200, 'Duplex', 'Duplex')], events, 300);
  t.deepEqual(story(lanes2, 'module 0'), ['Duplex@10-100', 'Isolated@100-200', 'Duplex@200-300']);
});

test('an isolated IO subsystem leaves the module in lockstep; a kept-out module stays out', (t) => {
  const lanes = buildStateLanes(
    [sample(10, 'Duplex', 'Duplex')],
    [ev(50, 'FtLab.1.0.ModuleIsolated', ['0', 'Io', 'Transient Io error'], MOD(0)), ev(80, 'FtLab.1.0.ModuleKeptOut', ['1', 'Cpu', '3', '60'], MOD(1))],
    100,
  );
  t.deepEqual(story(lanes, 'module 0'), ['Duplex@10-80', 'Simplex@80-100']);
  t.deepEqual(story(lanes, 'module 1'), ['Duplex@10-80', 'KeptOut@80-100']);
});

test('system power events drive the power lane and disable the modules; events name modules by origin or argument', (t) => {
  const lanes = buildStateLanes(
    [sample(10, 'Duplex', 'Duplex')],
    [
      ev(50, 'ResourceEvent.1.4.ResourcePoweredOff', [SYS], SYS),
      // A module powered off is not the system.
      ev(55, 'ResourceEvent.1.4.ResourcePoweredOff', [MOD(0)], MOD(0)),
      ev(60, 'ResourceEvent.1.4.ResourcePoweringOn', [SYS], SYS),
      ev(90, 'ResourceEvent.1.4.ResourcePoweredOn', [SYS], SYS),
    ],
    100,
  );
  t.deepEqual(story(lanes, 'power'), ['On@10-50', 'Off@50-60', 'PoweringOn@60-90', 'On@90-100']);
  t.deepEqual(story(lanes, 'module 0'), ['Duplex@10-50', 'Disabled@50-100']);
  t.is(eventModule({ originOfCondition: null, messageArgs: ['1'] }), 1);
  t.is(eventModule({ originOfCondition: null, messageArgs: ['Module0'] }), 0);
  t.is(eventModule({ originOfCondition: '/redfish/v1/Chassis/Module1/PCIeDevices/M1-NIC0', messageArgs: [] }), 1);
  t.is(eventModule({ originOfCondition: SYS, messageArgs: [] }), null);
});

test('no samples and no module events: no lanes', (t) => {
  t.deepEqual(buildStateLanes([], [ev(5, 'FtLab.1.0.NicTeamFailover', ['bond0', 'a', 'b'], '/x')], 10), []);
});
