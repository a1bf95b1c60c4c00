import test from 'ava';
import type { FtSystemSnapshot, ModuleState } from '../../../drivers/capabilities/index.ts';
import type { HistoryRecord } from '../../../lib/history/records.ts';
import { reportedPhaseAgrees, reportedPhaseProblem } from './reported-phase.ts';

const mod = (index: number, opState: ModuleState['opState']): ModuleState => ({ index, uri: `/m${index}`, state: 'Enabled', health: 'OK', opState, ledOn: false, keptOut: false, counters: {}, faultyComponent: null });

function snap(ftState: string | null, syncPhase: string | null, ops: [ModuleState['opState'], ModuleState['opState']], powerState = 'On'): FtSystemSnapshot {
  const active = powerState === 'On' ? ops.flatMap((o, i) => (o === 'Duplex' || o === 'Simplex' ? [i] : [])) : [];
  return {
    uri: '/s', powerState, state: 'Enabled', health: 'OK', activeModules: active, redundancyHealth: 'OK', modules: ops.map((o, i) => mod(i, o)),
    nicActive: null, storagePathActive: null, memoryGiB: 8, hypervisorMode: false, bmcTime: null, ftState, syncPhase,
  };
}

test('reportedPhaseProblem: each FtState with the module states it goes with', (t) => {
  t.is(reportedPhaseProblem(snap('Duplex', 'None', ['Duplex', 'Duplex'])), null);
  t.is(reportedPhaseProblem(snap('Simplex', 'None', ['Simplex', 'Absent'])), null);
  t.is(reportedPhaseProblem(snap('Simplex', 'None', ['Simplex', 'Diagnostics'])), null, 'diagnostics after an isolation is not a resync');
  t.is(reportedPhaseProblem(snap('Syncing', 'Diagnostics', ['Simplex', 'Diagnostics'])), null);
  t.is(reportedPhaseProblem(snap('Syncing', 'Brownout', ['Simplex', 'Brownout'])), null);
  t.is(reportedPhaseProblem(snap('Syncing', 'Blackout', ['Blackout', 'Simplex'])), null);
  t.is(reportedPhaseProblem(snap('Down', 'None', ['Disabled', 'Disabled'], 'Off')), null);
  t.is(reportedPhaseProblem(snap(null, null, ['Duplex', 'Absent'])), null, 'not reported: nothing to judge');
  t.is(reportedPhaseProblem(snap('Down', 'Brownout', ['Simplex', 'Brownout'])), 'FtState Down, SyncPhase Brownout while module 1 is in resync phase Brownout');
  t.is(reportedPhaseProblem(snap('Syncing', 'Brownout', ['Simplex', 'Blackout'])), 'FtState Syncing, SyncPhase Brownout while module 1 is in resync phase Blackout');
  t.is(reportedPhaseProblem(snap('Syncing', 'None', ['Duplex', 'Duplex'])), 'FtState Syncing, SyncPhase None while no module is being resynchronised');
  t.is(reportedPhaseProblem(snap('Duplex', 'None', ['Simplex', 'Absent'])), 'FtState Duplex, SyncPhase None while 1 module(s) are in lockstep and none is being resynchronised (expected Simplex, None)');
  t.is(reportedPhaseProblem(snap('Duplex', 'None', ['Disabled', 'Disabled'], 'Off')), 'FtState Duplex, SyncPhase None while the system is Off');
});

test('reportedPhaseAgrees: only the same disagreement in two readings in a row of one device fails', (t) => {
  let t0 = 0;
  const sample = (device: string, s: FtSystemSnapshot): HistoryRecord => ({ type: 'sample', t: (t0 += 100), device, capability: 'FtState', state: s } as HistoryRecord);
  const wrong = snap('Duplex', 'None', ['Simplex', 'Absent']);
  const right = snap('Simplex', 'None', ['Simplex', 'Absent']);
  t.deepEqual(reportedPhaseAgrees.evaluate([sample('ft0', wrong), sample('ft0', right), sample('ft1', wrong), sample('ft0', wrong)]), { holds: 'in all 4 readings that report them' });
  t.regex(String(reportedPhaseAgrees.evaluate([sample('ft0', right), sample('ft0', wrong), sample('ft0', wrong)])), /^ft0 at t=\d+ ms, two readings in a row: FtState Duplex/);
  t.deepEqual(reportedPhaseAgrees.evaluate([sample('ft0', snap(null, null, ['Duplex', 'Duplex']))]), { notApplicable: 'the BMC reports no FtState' });
});
