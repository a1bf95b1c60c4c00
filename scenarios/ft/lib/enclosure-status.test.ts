import test from 'ava';
import type { FtSystemSnapshot, ModuleState } from '../../../drivers/capabilities/index.ts';
import type { EnclosureState } from '../../../lib/domains/ft/state.ts';
import type { HistoryRecord } from '../../../lib/history/records.ts';
import { enclosureAgrees, enclosureProblem } from './enclosure-status.ts';

const mod = (index: number, health: string | null): ModuleState => ({
  index, uri: `/m${index}`, state: 'Enabled', health, opState: 'Duplex', ledOn: false, keptOut: false, counters: {}, faultyComponent: null,
});
const snap = (enclosure: Partial<EnclosureState> | null, o: { power?: string; healths?: (string | null)[] } = {}): FtSystemSnapshot => ({
  uri: '/s', powerState: o.power ?? 'On', state: 'Enabled', health: 'OK', activeModules: [0, 1], redundancyHealth: 'OK',
  modules: (o.healths ?? ['OK', 'OK']).map((h, i) => mod(i, h)), nicActive: null, storagePathActive: null, memoryGiB: 8, hypervisorMode: false, bmcTime: null,
  enclosure: enclosure && { uri: '/e', powerState: 'On', health: 'OK', healthRollup: 'OK', ...enclosure },
});

test('enclosureProblem: the power of the system it holds, and a roll-up no better than any module', (t) => {
  t.is(enclosureProblem(snap({})), null);
  t.is(enclosureProblem(snap(null)), null, 'no enclosure: not judged');
  t.is(enclosureProblem(snap({ powerState: 'Off' }, { power: 'Off' })), null);
  t.is(enclosureProblem(snap({ powerState: 'Off' }, { power: 'PoweringOn' })), null, 'a transition: not judged');
  t.is(enclosureProblem(snap({ powerState: 'On' }, { power: 'Off' })), 'enclosure PowerState On while the system is Off');
  t.is(enclosureProblem(snap({ healthRollup: 'Critical' }, { healths: ['OK', 'Warning'] })), null, 'worse than the modules: other parts may be at fault');
  t.is(enclosureProblem(snap({ healthRollup: 'Warning' }, { healths: [null, 'Warning'] })), null, 'an absent module has no Health');
  t.is(enclosureProblem(snap({ healthRollup: null }, { healths: ['Critical', 'OK'] })), null, 'no roll-up: not judged');

  t.is(enclosureProblem(snap({ powerState: 'Off' })), 'enclosure PowerState Off while the system is On');
  t.is(enclosureProblem(snap({ healthRollup: 'Warning' }, { healths: ['Warning', 'Critical'] })), "enclosure HealthRollup Warning is better than module 1's Health Critical");
  t.is(enclosureProblem(snap({ healthRollup: 'OK' }, { healths: ['Warning', 'OK'] })), "enclosure HealthRollup OK is better than module 0's Health Warning");
});

test('enclosureAgrees: two readings in a row with the same problem fail; none with an enclosure is not applicable', (t) => {
  const sample = (s: FtSystemSnapshot, at: number): HistoryRecord =>
    ({ type: 'sample', t: at, wall: '', device: 'ft0', capability: 'FtState', state: s }) as unknown as HistoryRecord;
  t.deepEqual(enclosureAgrees.evaluate([sample(snap({ powerState: 'Off' }), 1), sample(snap({}), 2)]), { holds: 'in all 2 readings that report them' });
  t.is(enclosureAgrees.evaluate([sample(snap({ powerState: 'Off' }), 1), sample(snap({ powerState: 'Off' }), 2)]), 'ft0 at t=2 ms, two readings in a row: enclosure PowerState Off while the system is On');
  t.deepEqual(enclosureAgrees.evaluate([sample(snap(null), 1)]), { notApplicable: 'no reading of the enclosure' });
});
