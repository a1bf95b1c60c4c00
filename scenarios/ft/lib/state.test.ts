import test from 'ava';
import type { FtSystemSnapshot, ModuleState } from '../../../drivers/capabilities/index.ts';
import { countersMovedExcept } from './state.ts';

function mod(index: number, counts: Record<string, number>): ModuleState {
  const counters = Object.fromEntries(Object.entries(counts).map(([k, count]) => [k, { count, windowSeconds: 3600, threshold: 3 }]));
  return { index, uri: `/redfish/v1/Chassis/Module${index}`, state: 'Enabled', health: 'OK', opState: 'Duplex', ledOn: false, keptOut: false, counters, faultyComponent: null };
}

function snapshot(modules: ModuleState[]): FtSystemSnapshot {
  return {
    uri: '/redfish/v1/Systems/ft', powerState: 'On', state: 'Enabled', health: 'OK', activeModules: [0, 1], redundancyHealth: 'OK', modules,
    nicActive: null, storagePathActive: null, memoryGiB: null, hypervisorMode: null, bmcTime: null,
  };
}

test('countersMovedExcept: the expected counter moving is not reported; any other is, with both values', (t) => {
  const before = snapshot([mod(0, { Cpu: 0, Io: 1 }), mod(1, { Cpu: 2, Io: 0 })]);
  t.deepEqual(countersMovedExcept(before, snapshot([mod(0, { Cpu: 0, Io: 1 }), mod(1, { Cpu: 3, Io: 0 })]), 1, 'cpu'), []);
  t.deepEqual(countersMovedExcept(before, snapshot([mod(0, { Cpu: 1, Io: 1 }), mod(1, { Cpu: 3, Io: 1 })]), 1, 'Cpu'), ['M0 Cpu: 0 -> 1', 'M1 Io: 0 -> 1']);
  t.deepEqual(countersMovedExcept(before, snapshot([mod(0, { Cpu: 0, Io: 1, Mem: 1 }), mod(1, { Cpu: 2, Io: 0 })]), 0, 'Io'), ['M0 Mem: 0 -> 1'], 'a counter new in the second snapshot started at 0');
});
