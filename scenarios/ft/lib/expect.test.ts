import test from 'ava';
import type { FtSystemSnapshot, ModuleState } from '../../../drivers/capabilities/index.ts';
import { cpuComponentOf, factsOf, ioMemberAfterLoss, moduleOfMember, onlyExpected, plus, unexpectedChanges } from './expect.ts';

function mod(index: number, over: Partial<ModuleState> = {}): ModuleState {
  return {
    index, uri: `/redfish/v1/Chassis/Module${index}`, state: 'Enabled', health: 'OK', opState: 'Duplex', ledOn: false, keptOut: false,
    counters: { Cpu: { count: 1, windowSeconds: 86400, threshold: 3 }, Io: { count: 0, windowSeconds: 86400, threshold: 3 } },
    faultyComponent: null, subsystems: { Cpu: 'Online', Io: 'Online' }, ...over,
  };
}

function snap(over: Partial<FtSystemSnapshot> = {}, modules = [mod(0), mod(1)]): FtSystemSnapshot {
  return {
    uri: '/redfish/v1/Systems/ft0', powerState: 'On', state: 'Enabled', health: 'OK', activeModules: [0, 1], redundancyHealth: 'OK', modules,
    nicActive: 'M0-NIC0', storagePathActive: 'M0-HBA0', memoryGiB: 128, hypervisorMode: false, bmcTime: null, ...over,
  };
}

test('factsOf flattens every reported fact', (t) => {
  const f = factsOf(snap());
  t.is(f['M0.count.Cpu'], '1');
  t.is(f['M1.sub.Io'], 'Online');
  t.is(f.nic, 'M0-NIC0');
  t.is(f.active, '[0,1]');
});

test('only the named facts may change, each to its exact value', (t) => {
  const before = snap();
  const after = snap({ activeModules: [1], nicActive: 'M1-NIC0' }, [
    mod(0, { opState: 'KeptOut', keptOut: true, ledOn: true, faultyComponent: 'M0-CPU0', counters: { Cpu: { count: 2, windowSeconds: 86400, threshold: 3 }, Io: { count: 0, windowSeconds: 86400, threshold: 3 } } }),
    mod(1, { opState: 'Simplex' }),
  ]);
  const expect = {
    active: '[1]', 'M1.opState': 'Simplex', 'M0.opState': 'KeptOut', 'M0.keptOut': 'true', 'M0.led': 'on',
    'M0.faultyComponent': cpuComponentOf(0), 'M0.count.Cpu': plus(1), nic: ioMemberAfterLoss('M0-NIC0', 0),
  };
  t.is(onlyExpected(before, after, expect), true);
  // the storage path also moved: not expected
  t.deepEqual(unexpectedChanges(before, snap({ ...after, storagePathActive: 'M1-HBA0' }), expect), ['storagePath: M0-HBA0 -> M1-HBA0 (expected unchanged)']);
  // the wrong module's CPU named, the count moved by 2
  const wrong = snap({ ...after, modules: [mod(0, { ...after.modules[0], faultyComponent: 'M1-CPU0', counters: { Cpu: { count: 3, windowSeconds: 86400, threshold: 3 }, Io: { count: 0, windowSeconds: 86400, threshold: 3 } } }), after.modules[1] ?? mod(1)] });
  t.deepEqual(unexpectedChanges(before, wrong, expect), [
    'M0.faultyComponent: - -> M1-CPU0 (expected a processor of module 0 (e.g. M0-CPU0))',
    'M0.count.Cpu: 1 -> 3 (expected +1)',
  ]);
});

test('an expected fact the BMC does not report fails unless optional', (t) => {
  const bare = snap({}, [mod(0, { subsystems: undefined }), mod(1)]);
  t.deepEqual(unexpectedChanges(bare, bare, { 'M0.sub.Io': 'Online' }), ['M0.sub.Io: not reported (expected Online)']);
  t.deepEqual(unexpectedChanges(bare, bare, { 'M0.sub.Io': 'Online' }, ['M0.sub.Io']), []);
});

test('IO members: the module they name, and what must hold after a module lost its IO', (t) => {
  t.is(moduleOfMember('M1-HBA0'), 1);
  t.is(moduleOfMember('/redfish/v1/Chassis/Module0/PCIeDevices/x'), 0);
  t.is(moduleOfMember('bond0'), undefined);
  t.is(ioMemberAfterLoss('M1-NIC0', 0), 'M1-NIC0');
  const moved = ioMemberAfterLoss('M0-NIC0', 0);
  t.true(typeof moved !== 'string' && moved.test('M1-NIC0', 'M0-NIC0'));
  t.true(typeof moved !== 'string' && !moved.test('M0-NIC0', 'M0-NIC0'));
  t.true(typeof moved !== 'string' && !moved.test('-', 'M0-NIC0'));
});
