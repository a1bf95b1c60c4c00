import test from 'ava';
import type { FtSystemSnapshot, ModuleState } from '../../../drivers/capabilities/index.ts';
import type { HistoryRecord } from '../../../lib/history/records.ts';
import { moduleStatusAgrees, moduleStatusProblem } from './module-status.ts';

const ONLINE = { Cpu: 'Online', Io: 'Online' };
const mod = (index: number, opState: ModuleState['opState'], o: Partial<ModuleState> = {}): ModuleState => ({
  index, uri: `/m${index}`, state: 'Enabled', health: 'OK', opState, ledOn: false, keptOut: false, counters: {}, faultyComponent: null,
  subsystems: ONLINE, powerState: 'On', conditions: [], ...o,
});
const snap = (modules: ModuleState[], powerState = 'On'): FtSystemSnapshot => ({
  uri: '/s', powerState, state: 'Enabled', health: 'OK', activeModules: [], redundancyHealth: 'OK', modules,
  nicActive: null, storagePathActive: null, memoryGiB: 8, hypervisorMode: false, bmcTime: null,
});

test('moduleStatusProblem: power, health and conditions that go with each module state', (t) => {
  t.is(moduleStatusProblem(snap([mod(0, 'Duplex'), mod(1, 'Duplex')])), null);
  t.is(moduleStatusProblem(snap([mod(0, 'Simplex'), mod(1, 'Absent', { state: 'Absent', health: null, powerState: 'Off', subsystems: {} })])), null);
  t.is(moduleStatusProblem(snap([mod(0, 'Simplex'), mod(1, 'Brownout', { state: 'Starting' })])), null);
  const offline = { Cpu: 'Offline', Io: 'Offline' };
  t.is(moduleStatusProblem(snap([mod(0, 'Disabled', { powerState: 'Off', subsystems: offline }), mod(1, 'Disabled', { powerState: 'Off', subsystems: offline })], 'Off')), null);
  const keptOut = { keptOut: true, health: 'Critical', powerState: 'On', conditions: ['ResourceEvent.1.4.ResourceErrorThresholdExceeded'], subsystems: { Cpu: 'Isolated', Io: 'Isolated' } };
  t.is(moduleStatusProblem(snap([mod(0, 'Simplex'), mod(1, 'KeptOut', keptOut)])), null, 'a kept-out module may stay powered');
  t.is(moduleStatusProblem(snap([mod(0, 'Simplex'), mod(1, 'Absent', { state: 'Absent', health: null, powerState: 'Off', subsystems: {}, keptOut: true })])), null, 'a kept-out module pulled: Absent, no Health');
  t.is(moduleStatusProblem(snap([mod(0, 'Duplex', { health: 'Warning', subsystems: { Cpu: 'Online', Io: 'Isolated' } }), mod(1, 'Duplex')])), null, 'a subsystem out: degraded');
  t.is(moduleStatusProblem(snap([mod(0, 'Duplex', { subsystems: { Cpu: 'Online', Io: 'Diagnostics' } }), mod(1, 'Duplex')])), 'module 0 (Duplex): Health OK in lockstep with subsystem Io Diagnostics (expected Warning: the module is degraded)');
  t.is(moduleStatusProblem(snap([mod(0, 'Duplex', { powerState: null }), mod(1, 'Duplex', { subsystems: {} , health: 'Warning' })])), null, 'not reported: not judged');

  t.is(moduleStatusProblem(snap([mod(0, 'Duplex'), mod(1, 'Duplex', { powerState: 'Off' })])), 'module 1 (Duplex): PowerState Off (expected On with the system On)');
  t.is(moduleStatusProblem(snap([mod(0, 'Simplex'), mod(1, 'Absent', { powerState: 'On' })])), 'module 1 (Absent): PowerState On (expected Off with the system On)');
  t.is(moduleStatusProblem(snap([mod(0, 'Disabled', { powerState: 'On', subsystems: offline }), mod(1, 'Disabled', { powerState: 'Off', subsystems: offline })], 'Off')), 'module 0 (Disabled): PowerState On (expected Off with the system Off)');
  t.is(moduleStatusProblem(snap([mod(0, 'Duplex', { health: 'Warning' }), mod(1, 'Duplex')])), 'module 0 (Duplex): Health Warning in lockstep with every subsystem Online (expected OK)');
  t.is(moduleStatusProblem(snap([mod(0, 'Duplex', { conditions: ['ResourceEvent.1.4.ResourceErrorThresholdExceeded'] }), mod(1, 'Duplex')])), 'module 0 (Duplex): Conditions ResourceEvent.1.4.ResourceErrorThresholdExceeded in lockstep with every subsystem Online (expected none)');
  t.is(moduleStatusProblem(snap([mod(0, 'Simplex'), mod(1, 'KeptOut', { ...keptOut, conditions: [] })])), 'module 1 (KeptOut, kept out): no Condition while kept out (expected one saying why)');
  t.is(moduleStatusProblem(snap([mod(0, 'Simplex'), mod(1, 'KeptOut', { ...keptOut, health: 'OK' })])), 'module 1 (KeptOut, kept out): Health OK while kept out (expected Warning or Critical)');
  t.is(moduleStatusProblem(snap([mod(0, 'Duplex', { hotPluggable: true, replaceable: true }), mod(1, 'Duplex', { hotPluggable: null })])), null, 'not reported: not judged');
  const off = { powerState: 'Off', subsystems: { Cpu: 'Offline', Io: 'Offline' } };
  t.is(moduleStatusProblem(snap([mod(0, 'Disabled', off), mod(1, 'Disabled', off)], 'Off')), null);
  t.is(moduleStatusProblem(snap([mod(0, 'Disabled', off), mod(1, 'Disabled', { ...off, subsystems: { Cpu: 'Offline', Io: 'Online' } })], 'Off')), 'module 1 (Disabled): subsystem Io Online with the system Off (a module that runs nothing has nothing in service)');
  t.is(moduleStatusProblem(snap([mod(0, 'Duplex', { hotPluggable: true, replaceable: false }), mod(1, 'Duplex')])), 'module 0 (Duplex): HotPluggable true, Replaceable false (a module is pulled and replaced while the system runs, FT-02)');
});

test('moduleStatusAgrees: the same problem in two readings in a row of one device fails; none read is not applicable', (t) => {
  const sample = (device: string, s: FtSystemSnapshot, at: number): HistoryRecord =>
    ({ type: 'sample', t: at, wall: '', device, capability: 'FtState', state: s }) as unknown as HistoryRecord;
  const good = snap([mod(0, 'Duplex'), mod(1, 'Duplex')]);
  const bad = snap([mod(0, 'Duplex'), mod(1, 'Duplex', { powerState: 'Off' })]);
  t.deepEqual(moduleStatusAgrees.evaluate([sample('ft0', bad, 1), sample('ft0', good, 2), sample('ft1', bad, 3)]), { holds: 'in all 3 readings that report them' });
  t.is(moduleStatusAgrees.evaluate([sample('ft0', bad, 1), sample('ft0', bad, 2)]), 'ft0 at t=2 ms, two readings in a row: module 1 (Duplex): PowerState Off (expected On with the system On)');
  t.deepEqual(moduleStatusAgrees.evaluate([sample('ft0', snap([]), 1)]), { notApplicable: 'no reading of the modules' });
});
