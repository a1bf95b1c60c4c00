/** The invariants over the continuous observation, the verified-restore comparison and the resync stop rule. */
import test from 'ava';
import type { BmcEvent, FtSystemSnapshot, ModuleState, ResyncFigures } from '../../../drivers/capabilities/index.ts';
import type { HistoryRecord } from '../../../lib/history/records.ts';
import { keptOutStaysOut, systemStaysOn } from './invariants.ts';
import { ftRestoreDifferences } from './restore.ts';
import { stopRuleProblem } from './resync-figures.ts';
import type { ResyncObservation } from './steps.ts';

function mod(index: number, over: Partial<ModuleState> = {}): ModuleState {
  return { index, uri: `/redfish/v1/Chassis/Module${index}`, state: 'Enabled', health: 'OK', opState: 'Duplex', ledOn: false, keptOut: false, counters: {}, faultyComponent: null, ...over };
}

function snap(over: Partial<FtSystemSnapshot> = {}, modules = [mod(0), mod(1)]): FtSystemSnapshot {
  return {
    uri: '/redfish/v1/Systems/ft', powerState: 'On', state: 'Enabled', health: 'OK', activeModules: [0, 1], redundancyHealth: 'OK', modules,
    nicActive: 'M0-NIC0', storagePathActive: 'M0-HBA0', memoryGiB: 128, hypervisorMode: false, bmcTime: null, ...over,
  };
}

const scenario = { id: 's', iteration: 0 };
const sample = (t: number, state: FtSystemSnapshot): HistoryRecord => ({ type: 'sample', t, wall: t, scenario, device: 'ft0', capability: 'FtState', state });
const offset: HistoryRecord = { type: 'clock-offset', t: 0, wall: 0, device: 'ft0', offsetMs: 0, uncertaintyMs: 1, timeScale: 10 };

function event(t: number, messageId: string, args: string[]): HistoryRecord {
  const e: BmcEvent = { id: String(t), messageId, messageArgs: args, message: '', severity: 'OK', originOfCondition: `/redfish/v1/Chassis/Module${args[0] ?? ''}`, eventTimestamp: '2026-01-01T00:00:00Z', receivedAt: t, extra: {} };
  return { type: 'event', t, wall: t, scenario, device: 'ft0', capability: 'EventSource', event: e };
}

test('systemStaysOn states its window: samples, SUT span and largest interval; an Off sample anywhere breaks it', (t) => {
  const on = [offset, sample(0, snap()), sample(50, snap()), sample(250, snap())];
  t.deepEqual(systemStaysOn.evaluate(on), { holds: 'On in all 3 samples over 2.5 s SUT (largest interval 2000 ms SUT)' });
  t.is(systemStaysOn.evaluate([...on, sample(260, snap({ powerState: 'Off' })), sample(270, snap())]), 'power of ft0 was Off at t=260 ms');
  t.deepEqual(systemStaysOn.evaluate([offset]), { notApplicable: 'no state sample was taken' });
});

test('keptOutStaysOut: kept out until pulled or released by an error-history clear; back in lockstep on its own breaks it', (t) => {
  const out = snap({ activeModules: [1] }, [mod(0, { opState: 'KeptOut', keptOut: true, ledOn: true }), mod(1)]);
  const absent = snap({ activeModules: [1] }, [mod(0, { opState: 'Absent' }), mod(1)]);
  const back = snap();
  t.deepEqual(keptOutStaysOut.evaluate([offset, sample(0, snap()), sample(10, out), sample(110, out), sample(120, absent), sample(130, back)]), {
    holds: 'module 0 kept out in all 2 samples over 1.0 s SUT (largest interval 1000 ms SUT), until pulled',
  });
  t.regex(String(keptOutStaysOut.evaluate([offset, sample(10, out), sample(110, out), sample(130, back)])), /module 0 left "kept out" without being replaced at t=130 ms: active \[0,1\]/);
  const torn = snap({ activeModules: [0, 1] }, [mod(0, { opState: 'KeptOut', keptOut: true }), mod(1)]);
  t.like(keptOutStaysOut.evaluate([offset, sample(10, torn), sample(110, out)]), { holds: 'module 0 kept out in all 2 samples over 1.0 s SUT (largest interval 1000 ms SUT)' }, 'a snapshot read across the keep-out may still list the module in lockstep');
  const cleared = keptOutStaysOut.evaluate([offset, sample(10, out), event(100, 'ResourceEvent.1.3.ResourceErrorThresholdCleared', ['0']), sample(130, back)]);
  t.deepEqual(cleared, { holds: 'module 0 kept out in all 1 samples over 0.0 s SUT (largest interval 0 ms SUT), until its error history was cleared' });
  t.deepEqual(keptOutStaysOut.evaluate([offset, sample(0, snap())]), { notApplicable: 'no module was kept out' });
});

test('ftRestoreDifferences names every difference of power, lockstep set, module state and error counters; NIC and storage path are not compared', (t) => {
  const before = snap();
  t.deepEqual(ftRestoreDifferences({ FtState: before }, { FtState: snap({ nicActive: 'M1-NIC0', storagePathActive: 'M1-HBA0' }) }), []);
  const after = snap({ activeModules: [1], health: 'Warning' }, [mod(0, { opState: 'KeptOut', keptOut: true }), mod(1)]);
  t.deepEqual(ftRestoreDifferences({ FtState: before }, { FtState: after }), [
    'system health "Warning" (was "OK")',
    'modules in lockstep [1] (was [0,1])',
    'module 0 {"opState":"KeptOut","state":"Enabled","health":"OK","keptOut":true,"led":false,"faulty":null} (was {"opState":"Duplex","state":"Enabled","health":"OK","keptOut":false,"led":false,"faulty":null})',
  ]);
  t.deepEqual(ftRestoreDifferences({ FtState: before }, {}), ['FtState did not answer']);
  t.deepEqual(ftRestoreDifferences({ SystemHealth: { powerState: 'On', state: 'Enabled', health: 'OK' } }, { SystemHealth: { powerState: 'Off', state: 'Disabled', health: 'OK' } }), ['power (health view) "Off" (was "On")']);
});

test('ftRestoreDifferences: an error count may only have dropped (cleared, forgotten, a new module); window and threshold must be as before', (t) => {
  const io = (count: number, windowSeconds = 60, threshold = 3) => ({ Io: { count, windowSeconds, threshold } });
  const at = (counters: ModuleState['counters']) => ({ FtState: snap({}, [mod(0, { counters }), mod(1)]) });
  t.deepEqual(ftRestoreDifferences(at(io(2)), at(io(0))), []);
  t.deepEqual(ftRestoreDifferences(at(io(2)), at(io(2))), []);
  t.deepEqual(ftRestoreDifferences(at(io(0)), at(io(1))), ['module 0 Io error count 1 (was 0): the injected errors were not cleared']);
  t.deepEqual(ftRestoreDifferences(at(io(0)), at(io(0, 5))), ['module 0 Io error window/threshold [5,3] (was [60,3])']);
  t.deepEqual(ftRestoreDifferences(at(io(0)), at({})), ['module 0 Io error counter no longer reported']);
});

const figures: ResyncFigures = { memoryMiB: 1024, copyBandwidthMiBps: 512, stopThresholdMiB: 64, maxBrownoutPasses: 4, contextCopyMs: 50 };

function resync(dirty: Array<[number, number]>): ResyncObservation {
  const ev = (messageId: string, args: string[]): BmcEvent => ({ id: messageId, messageId, messageArgs: args, message: '', severity: 'OK', originOfCondition: null, eventTimestamp: '2026-01-01T00:00:00Z', receivedAt: 0, extra: {} });
  const passes = dirty.map(([pass, mib]) => ev('FtLab.1.0.BrownoutPassCompleted', ['1', String(pass), String(mib)]));
  const e = ev('x', ['1']);
  return { module: 1, since: 0, started: e, passes, blackoutStarted: e, blackoutCompleted: e, duplexRestored: e };
}

test('the resync stop rule: passes 1..n, dirty within memory, brownout stops at the first residual at or below the threshold or at the most passes', (t) => {
  t.is(stopRuleProblem(resync([[1, 200], [2, 40]]), figures), null);
  t.is(stopRuleProblem(resync([[1, 900], [2, 800], [3, 700], [4, 600]]), figures), null, 'the most passes end brownout whatever is left');
  t.is(stopRuleProblem(resync([]), figures), null, 'no brownout (hypervisor mode)');
  t.is(stopRuleProblem(resync([[1, 200], [3, 40]]), figures), 'pass 2 is reported as pass 3');
  t.is(stopRuleProblem(resync([[1, 2048]]), figures), 'pass 1 reports 2048 MiB dirty (memory 1024 MiB)');
  t.is(stopRuleProblem(resync([[1, 60], [2, 10]]), figures), 'pass 1 left 60 MiB dirty (at or below the stop threshold 64 MiB) yet brownout went on');
  t.is(stopRuleProblem(resync([[1, 200]]), figures), 'brownout stopped after pass 1 with 200 MiB dirty, above the stop threshold 64 MiB and before the most passes (4)');
});
