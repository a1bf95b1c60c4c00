import test from 'ava';
import { FakeClock } from '../../lib/clock.ts';
import type { DefectName } from './defects.ts';
import { FtModel, ISOLATION_OUTAGE_MS, ModelRejection } from './model.ts';
import { loadDefaultProfile, loadProfile, memoryMiB, shippedProfilePath, type FtProfile } from './profile.ts';
import { planResync } from './resync-plan.ts';
import type { ModelEvent, ModelEventType } from './types.ts';

function setup(opts: { defects?: DefectName[]; profile?: (p: FtProfile) => void; hypervisor?: boolean } = {}) {
  const clock = new FakeClock();
  const profile = opts.hypervisor ? loadProfile(shippedProfilePath('ft-hypervisor')) : loadDefaultProfile();
  opts.profile?.(profile);
  const model = new FtModel({ clock, profile, defects: opts.defects ?? [] });
  const events: ModelEvent[] = [];
  model.on((e) => events.push(e));
  const types = (): ModelEventType[] => events.map((e) => e.type);
  const plan = planResync({
    memoryMiB: memoryMiB(profile),
    ...profile.resync,
    hypervisorMode: profile.system.hypervisorMode,
  });
  const resyncMs = profile.resync.diagnosticsMs + plan.totalMs;
  return { clock, profile, model, events, types, plan, resyncMs };
}

function ofType<T extends ModelEventType>(events: ModelEvent[], type: T): Array<Extract<ModelEvent, { type: T }>> {
  return events.filter((e): e is Extract<ModelEvent, { type: T }> => e.type === type);
}

test('starts duplex: both modules in lockstep, NIC M0 active, workload answers', (t) => {
  const { model } = setup();
  t.is(model.ftState(), 'Duplex');
  t.deepEqual(model.activeModules(), [0, 1]);
  t.is(model.module(0).opState, 'Duplex');
  t.is(model.nicTeam.active, 'M0-NIC0');
  t.is(model.device('M1-NIC0')?.teamState, 'StandbySpare');
  t.is(model.workloadMode(), 'answer');
});

test('a transient CPU error isolates after the detection latency, without outage, then resyncs to duplex', (t) => {
  const { clock, model, events, types, profile, plan, resyncMs } = setup();
  const t0 = model.now();
  model.injectError(1, 'Cpu', 'Transient');
  t.deepEqual(types(), ['ErrorDetected']);
  t.deepEqual(model.activeModules(), [0, 1], 'not isolated before the detection latency');
  clock.advance(profile.faults.detectionLatencyMs);
  t.deepEqual(model.activeModules(), [0]);
  t.is(model.powerState, 'On');
  t.is(model.workloadMode(), 'answer', 'no workload outage on isolation');
  const iso = model.truth.isolations[0];
  t.like(iso, { Module: 1, Subsystem: 'Cpu', Kind: 'Transient', FaultAt: t0, IsolatedAt: t0 + profile.faults.detectionLatencyMs });
  t.deepEqual(types().slice(0, 6), ['ErrorDetected', 'SubsystemIsolated', 'RedundancyLost', 'TransientReintegrating', 'ResyncStarted', 'DiagnosticsStarted']);
  t.is(model.module(1).opState, 'Diagnostics');
  t.is(model.ftState(), 'Syncing');

  // walk to the blackout: the workload is answered until then, queued during it
  clock.advance(profile.resync.diagnosticsMs);
  t.is(model.module(1).opState, 'Brownout');
  t.is(model.workloadMode(), 'answer');
  clock.advance(plan.passes.reduce((s, p) => s + p.durationMs, 0));
  t.is(model.syncPhase(), 'Blackout');
  t.is(model.workloadMode(), 'queue');
  clock.advance(plan.blackoutMs);
  t.is(model.ftState(), 'Duplex');
  t.deepEqual(model.activeModules(), [0, 1]);
  t.is(model.workloadMode(), 'answer');

  const passes = ofType(events, 'BrownoutPassCompleted');
  t.deepEqual(
    passes.map((p) => [p.pass, p.copiedMiB]),
    plan.passes.map((p) => [p.pass, p.copiedMiB]),
  );
  t.true(plan.passes.length >= 2, 'the default profile needs several brownout passes');
  const blackout = ofType(events, 'BlackoutCompleted')[0];
  t.truthy(blackout);
  t.is(Math.round(blackout!.pauseMs * 1000), Math.round(plan.blackoutMs * 1000));
  const r = model.truth.resyncs[0]!;
  t.is(r.Module, 1);
  t.is(r.Passes.length, plan.passes.length);
  t.is(r.BlackoutEnd! - r.BlackoutStart!, blackout!.pauseMs);
  t.true(Math.abs(r.CompletedAt! - r.StartedAt - resyncMs) < 0.01, 'resync length = diagnostics + passes + blackout (float arithmetic)');
  t.false(r.Hypervisor);
  const order = types();
  t.true(order.indexOf('BlackoutStarted') < order.indexOf('BlackoutCompleted'));
  t.true(order.indexOf('BlackoutCompleted') < order.indexOf('DuplexRestored'));
  t.is(order[order.length - 1], 'RedundancyRestored');
  t.deepEqual(model.truth.stalls.map((s) => s.Reason), ['blackout']);
});

/** A host under load: every timer fires `late` ms after it is due. */
class LateClock extends FakeClock {
  late = 0;
  override setTimer(ms: number, fn: () => void): ReturnType<FakeClock['setTimer']> {
    return super.setTimer(ms + this.late, fn);
  }
}

test('late timers do not lengthen the outages they end: a blackout begins when its timer fires and lasts exactly its length', (t) => {
  const clock = new LateClock();
  const { profile, plan } = setup();
  const model = new FtModel({ clock, profile, defects: [] });
  const events: ModelEvent[] = [];
  model.on((e) => events.push(e));
  clock.late = 250;
  model.injectError(1, 'Cpu', 'Transient');
  for (let i = 0; i < 10_000 && model.syncPhase() !== 'Blackout'; i++) clock.advance(10);
  t.is(model.syncPhase(), 'Blackout');
  const started = ofType(events, 'BlackoutStarted')[0]!;
  const lastPass = ofType(events, 'BrownoutPassCompleted').at(-1)!;
  t.is(Math.round((started.at - lastPass.at) * 1000), 250_000, 'the copy ends at its modelled instant, the pause begins when the late timer lets the workload stop');
  t.is(model.truth.resyncs[0]?.BlackoutStart, started.at, 'the ground truth dates the pause where the BMC does');
  const resume = model.workloadResume();
  t.deepEqual(resume && { then: resume.then }, { then: 'answer' });
  t.is(Math.round(resume!.inMs * 1000), Math.round((started.at + plan.blackoutMs - clock.now() - Date.UTC(2026, 0, 1)) * 1000), 'the planned resume: the blackout\'s start plus its length');
  clock.advance(plan.blackoutMs + 250);
  t.is(model.ftState(), 'Duplex');
  t.is(model.workloadResume(), null);
  const completed = ofType(events, 'BlackoutCompleted')[0]!;
  t.is(Math.round(completed.pauseMs * 1000), Math.round(plan.blackoutMs * 1000), 'the BMC reports the planned pause, not the late timer');
  t.is(Math.round((completed.at - started.at) * 1000), Math.round(plan.blackoutMs * 1000), 'and the events are that far apart');
  const stall = model.truth.stalls[0]!;
  t.is(Math.round((stall.End! - stall.Start) * 1000), Math.round(plan.blackoutMs * 1000));
  const stamps = events.map((e) => e.at);
  t.deepEqual(stamps, [...stamps].sort((a, b) => a - b), 'event stamps stay in order');
});

test('blackout arithmetic: residual / bandwidth + context copy', (t) => {
  const { plan, profile } = setup();
  const last = plan.passes[plan.passes.length - 1]!;
  t.true(last.dirtyMiB <= profile.resync.stopThresholdMiB);
  t.is(plan.blackoutMs, (last.dirtyMiB / profile.resync.copyBandwidthMiBps) * 1000 + profile.resync.contextCopyMs);
  t.is(plan.passes[0]!.copiedMiB, profile.system.memoryGiB * 1024);
  for (let i = 1; i < plan.passes.length; i++) t.is(plan.passes[i]!.copiedMiB, plan.passes[i - 1]!.dirtyMiB);
});

test('max passes forces the blackout when the dirty rate keeps the residual high', (t) => {
  const { plan, profile } = setup({
    profile: (p) => {
      p.resync.dirtyRateMiBps = p.resync.copyBandwidthMiBps * 0.9;
      p.resync.maxBrownoutPasses = 3;
    },
  });
  t.is(plan.passes.length, profile.resync.maxBrownoutPasses);
  t.true(plan.residualMiB > profile.resync.stopThresholdMiB);
});

test('errors over the threshold within the window keep the module out: LED, event, simplex', (t) => {
  const { clock, model, events, profile } = setup();
  model.injectError(0, 'Cpu', 'Transient', profile.faults.errorThreshold + 1);
  clock.advance(10);
  const v = model.module(0);
  t.true(v.keptOut);
  t.true(v.ledOn);
  t.is(v.opState, 'KeptOut');
  t.deepEqual(v.subsystems, { Cpu: 'KeptOut', Io: 'KeptOut' });
  t.is(v.faultyComponent, 'Module0');
  t.deepEqual(model.activeModules(), [1]);
  t.is(model.nicTeam.active, null, 'NIC on the kept-out module fails over');
  const k = ofType(events, 'ModuleKeptOut')[0];
  t.like(k, { module: 0, subsystem: 'Cpu', count: profile.faults.errorThreshold + 1, threshold: profile.faults.errorThreshold });
  clock.advance(profile.io.nicFailoverMs);
  t.is(model.nicTeam.active, 'M1-NIC0');
  clock.advance(3_600_000);
  t.true(model.module(0).keptOut, 'stays out');
  t.is(ofType(events, 'ResyncStarted').length, 0);
});

test('errors at or below the threshold are transient; errors outside the window do not count', (t) => {
  const { clock, model, profile } = setup();
  const th = profile.faults.errorThreshold;
  model.injectError(0, 'Io', 'Transient', th);
  clock.advance(10);
  t.false(model.module(0).keptOut);
  t.is(model.module(0).subsystems.Io, 'Diagnostics');
  t.deepEqual(model.module(0).subsystems, { Cpu: 'Online', Io: 'Diagnostics' }, 'only the IO subsystem is isolated');
  t.deepEqual(model.activeModules(), [0, 1]);
  clock.advance(profile.resync.diagnosticsMs);
  t.is(model.module(0).subsystems.Io, 'Online');
  clock.advance(profile.faults.errorWindowSeconds * 1000);
  model.injectError(0, 'Io', 'Transient', 1);
  clock.advance(10);
  t.false(model.module(0).keptOut, 'old errors expired');
  t.is(model.module(0).counters.Io.count, 1);
});

test('a transient IO error on the module with the active NIC fails the team over; the IO comes back as standby', (t) => {
  const { clock, model, profile } = setup();
  model.injectError(0, 'Io', 'Transient');
  clock.advance(profile.faults.detectionLatencyMs);
  t.is(model.workloadMode(), 'drop', 'NIC failover window');
  t.deepEqual(model.activeModules(), [0, 1], 'the CPU lockstep is untouched');
  clock.advance(profile.io.nicFailoverMs);
  t.is(model.nicTeam.active, 'M1-NIC0');
  t.is(model.workloadMode(), 'answer');
  clock.advance(profile.resync.diagnosticsMs);
  t.is(model.module(0).subsystems.Io, 'Online');
  t.is(model.device('M0-NIC0')?.teamState, 'StandbySpare');
  t.is(model.nicTeam.active, 'M1-NIC0', 'no fail-back');
});

test('policies: NeverRestart keeps out on the first error; AlwaysRestart re-integrates beyond the threshold', (t) => {
  const a = setup();
  a.model.setFaultPolicy(1, 'NeverRestart');
  a.model.injectError(1, 'Cpu', 'Transient');
  a.clock.advance(5);
  t.true(a.model.module(1).keptOut);
  const b = setup();
  b.model.setFaultPolicy(1, 'AlwaysRestart');
  b.model.injectError(1, 'Cpu', 'Transient', 50);
  b.clock.advance(5);
  t.false(b.model.module(1).keptOut);
  b.clock.advance(b.resyncMs);
  t.is(b.model.ftState(), 'Duplex');
});

test('a permanent fault names the component, lights the LED and needs a replacement (FT-12, FT-13)', (t) => {
  const { clock, model, events, resyncMs } = setup();
  model.injectError(1, 'Cpu', 'Permanent');
  clock.advance(5);
  t.like(model.module(1), { keptOut: true, ledOn: true, faultyComponent: 'M1-CPU0', opState: 'KeptOut' });
  model.clearErrorHistory(1);
  t.true(model.module(1).keptOut, 'clearing the history does not repair a permanent fault');
  t.throws(() => model.resetModule(1, 'On'), { instanceOf: ModelRejection });
  model.pullModule(1);
  t.like(model.module(1), { present: false, opState: 'Absent', ledOn: false });
  t.is(model.ftState(), 'Simplex');
  model.insertModule(1);
  t.like(model.module(1), { keptOut: false, faultyComponent: null, opState: 'Diagnostics' });
  clock.advance(resyncMs);
  t.is(model.ftState(), 'Duplex');
  const seq = events.map((e) => e.type).filter((x) => ['ModuleKeptOut', 'ModuleRemoved', 'ModuleInserted', 'ResyncStarted', 'BlackoutCompleted', 'DuplexRestored'].includes(x));
  t.deepEqual(seq, ['ModuleKeptOut', 'ModuleRemoved', 'ModuleInserted', 'ResyncStarted', 'BlackoutCompleted', 'DuplexRestored']);
});

test('ClearErrorHistory brings a threshold-kept-out module back through a resync', (t) => {
  const { clock, model, profile, resyncMs } = setup();
  model.injectError(0, 'Io', 'Transient', profile.faults.errorThreshold + 1);
  clock.advance(5);
  t.true(model.module(0).keptOut);
  model.clearErrorHistory(0);
  t.false(model.module(0).keptOut);
  t.false(model.module(0).ledOn);
  clock.advance(resyncMs);
  t.is(model.ftState(), 'Duplex');
  t.is(model.module(0).counters.Io.count, 0);
});

test('hypervisor mode copies the whole memory in the blackout (FT-09)', (t) => {
  const { clock, model, events, profile, plan } = setup({ hypervisor: true });
  t.true(profile.system.hypervisorMode);
  model.pullModule(1);
  model.insertModule(1);
  clock.advance(profile.resync.diagnosticsMs);
  t.is(model.syncPhase(), 'Blackout');
  t.is(model.workloadMode(), 'queue');
  clock.advance(plan.blackoutMs);
  t.is(model.ftState(), 'Duplex');
  t.is(ofType(events, 'BrownoutPassCompleted').length, 0);
  const pause = ofType(events, 'BlackoutCompleted')[0]!.pauseMs;
  t.is(pause, (memoryMiB(profile) / profile.resync.copyBandwidthMiBps) * 1000 + profile.resync.contextCopyMs);
  t.true(model.truth.resyncs[0]!.Hypervisor);
  t.true(pause > 1000, 'seconds, not milliseconds');
});

test('NIC link loss fails over to the standby after the failover time; traffic dropped meanwhile (FT-05)', (t) => {
  const { clock, model, events, profile } = setup();
  model.setLink('M0-NIC0', false);
  t.is(model.workloadMode(), 'drop');
  t.deepEqual(model.workloadResume(), { inMs: profile.io.nicFailoverMs, then: 'answer' }, 'the window\'s planned end, for the echo thread');
  t.is(model.device('M0-NIC0')?.teamState, 'UnavailableOffline');
  clock.advance(profile.io.nicFailoverMs - 1);
  t.is(model.workloadMode(), 'drop');
  clock.advance(1);
  t.is(model.workloadMode(), 'answer');
  t.is(model.workloadResume(), null);
  t.is(model.nicTeam.active, 'M1-NIC0');
  t.is(model.device('M1-NIC0')?.teamState, 'Enabled');
  const io = model.truth.ioFailovers[0]!;
  t.like(io, { Kind: 'Nic', Interface: 'M0-NIC0', To: 'M1-NIC0' });
  t.is(io.End! - io.Start, profile.io.nicFailoverMs);
  t.deepEqual(
    events.map((e) => e.type),
    ['LinkChanged', 'IoFailoverStarted', 'IoFailoverCompleted'],
  );
  model.setLink('M0-NIC0', true);
  t.is(model.device('M0-NIC0')?.teamState, 'StandbySpare', 'a recovered member becomes the standby');
  t.is(model.workloadMode(), 'answer');
});

test('both NICs down: no traffic until one comes back', (t) => {
  const { clock, model, profile } = setup();
  model.setLink('M0-NIC0', false);
  model.setLink('M1-NIC0', false);
  clock.advance(profile.io.nicFailoverMs * 3);
  t.is(model.workloadMode(), 'drop');
  model.setLink('M1-NIC0', true);
  clock.advance(profile.io.nicFailoverMs);
  t.is(model.workloadMode(), 'answer');
  t.is(model.powerState, 'On');
});

test('PCIe fatal error on a supported device: surprise removal and failover, no crash (FT-06)', (t) => {
  const { clock, model, events, profile } = setup();
  model.pcieFatalError('M0-HBA0');
  t.is(model.powerState, 'On');
  t.like(model.device('M0-HBA0'), { removed: true, usable: false });
  clock.advance(profile.io.storageFailoverMs);
  t.is(model.storageSet.active, 'M1-HBA0');
  t.deepEqual(
    events.map((e) => e.type).slice(0, 3),
    ['PCIeFatalError', 'DeviceSurpriseRemoved', 'IoFailoverStarted'],
  );
  t.is(model.truth.crashes.length, 0);
});

test('PCIe fatal error on a device that does not exist is refused and changes nothing', (t) => {
  const { model, events } = setup();
  t.throws(() => model.pcieFatalError('M0-NOPE0'), { instanceOf: ModelRejection, message: /unknown PCIe device M0-NOPE0; expected one of: .*M0-HBA0/ });
  t.is(model.powerState, 'On');
  t.deepEqual(events, []);
});

test('PCIe fatal error on an unsupported device crashes the system (FT-06)', (t) => {
  const { model, events } = setup();
  model.pcieFatalError('M0-SER0');
  t.is(model.powerState, 'Off');
  t.is(model.ftState(), 'Down');
  t.is(model.workloadMode(), 'down');
  t.is(model.truth.crashes.length, 1);
  t.regex(model.truth.crashes[0]!.Reason, /M0-SER0/);
  t.true(events.some((e) => e.type === 'SystemCrashed'));
  t.throws(() => model.injectError(0, 'Cpu', 'Transient'), { instanceOf: ModelRejection });
});

test('a fault on the last module in lockstep crashes the system', (t) => {
  const { clock, model } = setup();
  model.pullModule(1);
  model.injectError(0, 'Cpu', 'Transient');
  clock.advance(5);
  t.is(model.powerState, 'Off');
  t.regex(model.truth.crashes[0]!.Reason, /last/);
});

test('system reset: ForceOff, then On boots simplex and resyncs the other module', (t) => {
  const { clock, model, profile, resyncMs } = setup();
  model.resetSystem('ForceOff');
  t.is(model.powerState, 'Off');
  t.is(model.workloadMode(), 'down');
  t.is(model.truth.crashes.length, 0, 'a requested power-off is not a crash');
  model.resetSystem('On');
  t.is(model.powerState, 'PoweringOn');
  clock.advance(profile.power.bootMs);
  t.is(model.powerState, 'On');
  t.is(model.ftState(), 'Syncing');
  t.is(model.workloadMode(), 'answer');
  clock.advance(resyncMs);
  t.is(model.ftState(), 'Duplex');
});

test('module reset: ForceOff goes simplex; the last module cannot be powered down; On re-integrates', (t) => {
  const { clock, model, resyncMs } = setup();
  t.is(model.resetModule(0, 'ForceOff'), null);
  t.is(model.module(0).opState, 'Disabled');
  t.is(model.ftState(), 'Simplex');
  t.throws(() => model.resetModule(1, 'ForceOff'), { instanceOf: ModelRejection, message: /last module/ });
  const id = model.resetModule(0, 'On');
  t.is(typeof id, 'number');
  clock.advance(resyncMs);
  t.is(model.ftState(), 'Duplex');
});

test('a fault on the joining module during resync aborts it', (t) => {
  const { clock, model, events, profile } = setup();
  model.pullModule(1);
  model.insertModule(1);
  clock.advance(profile.resync.diagnosticsMs + 1000);
  t.is(model.syncPhase(), 'Brownout');
  model.injectError(1, 'Cpu', 'Transient');
  clock.advance(5);
  t.is(ofType(events, 'ResyncAborted').length, 1);
  t.is(model.powerState, 'On');
  t.truthy(model.truth.resyncs[0]!.AbortedAt);
  t.is(model.truth.resyncs.length, 2, 'a new resync starts for the transient error');
});

// ------------------------------------------------------------------ defects

test('defect blackout-overrun: the blackout lasts 10x the model', (t) => {
  const { clock, model, events, plan, resyncMs } = setup({ defects: ['blackout-overrun'] });
  model.injectError(1, 'Cpu', 'Transient');
  clock.advance(5 + resyncMs + plan.blackoutMs * 9);
  const pause = ofType(events, 'BlackoutCompleted')[0]!.pauseMs;
  t.is(Math.round(pause * 1000), Math.round(plan.blackoutMs * 10 * 1000));
});

test('defect resync-never-converges: passes go beyond the maximum and no blackout comes', (t) => {
  const { clock, model, events, profile, plan } = setup({ defects: ['resync-never-converges'] });
  model.injectError(1, 'Cpu', 'Transient');
  clock.advance(5 + profile.resync.diagnosticsMs + plan.passes[0]!.durationMs * (profile.resync.maxBrownoutPasses + 2));
  t.true(ofType(events, 'BrownoutPassCompleted').length > profile.resync.maxBrownoutPasses);
  t.is(ofType(events, 'BlackoutStarted').length, 0);
  t.is(model.ftState(), 'Syncing');
});

test('defect transient-kept-out: a single transient error keeps the module out', (t) => {
  const { clock, model } = setup({ defects: ['transient-kept-out'] });
  model.injectError(1, 'Cpu', 'Transient');
  clock.advance(5);
  t.true(model.module(1).keptOut);
});

test('defect no-error-hiding: a PCIe fatal error on a supported NIC crashes', (t) => {
  const { model } = setup({ defects: ['no-error-hiding'] });
  model.pcieFatalError('M0-NIC0');
  t.is(model.powerState, 'Off');
  t.is(model.truth.crashes.length, 1);
});

test('defect isolation-outage: CPU isolation stalls the workload for 2 s', (t) => {
  const { clock, model, profile } = setup({ defects: ['isolation-outage'] });
  model.injectError(1, 'Cpu', 'Transient');
  clock.advance(profile.faults.detectionLatencyMs);
  t.is(model.workloadMode(), 'queue');
  clock.advance(ISOLATION_OUTAGE_MS - 1);
  t.is(model.workloadMode(), 'queue');
  clock.advance(1);
  t.is(model.workloadMode(), 'answer');
  t.like(model.truth.stalls[0], { Reason: 'isolation-outage' });
  t.is(model.truth.stalls[0]!.End! - model.truth.stalls[0]!.Start, ISOLATION_OUTAGE_MS);
});

test('defect silent-isolation: the state changes but no isolation event is emitted', (t) => {
  const { clock, model, events } = setup({ defects: ['silent-isolation'] });
  model.injectError(1, 'Cpu', 'Transient');
  clock.advance(5);
  t.deepEqual(model.activeModules(), [0]);
  t.is(model.truth.isolations.length, 1);
  t.is(ofType(events, 'SubsystemIsolated').length, 0);
  t.is(ofType(events, 'RedundancyLost').length, 0);
});

test('defect slow-io-failover: NIC failover takes 10x', (t) => {
  const { clock, model, profile } = setup({ defects: ['slow-io-failover'] });
  model.setLink('M0-NIC0', false);
  clock.advance(profile.io.nicFailoverMs * 5);
  t.is(model.workloadMode(), 'drop');
  clock.advance(profile.io.nicFailoverMs * 5);
  t.is(model.workloadMode(), 'answer');
});

test('the model leaves no timer behind after dispose', (t) => {
  const { clock, model } = setup();
  model.injectError(1, 'Cpu', 'Transient');
  model.setLink('M0-NIC0', false);
  clock.advance(5);
  t.true(clock.pendingTimers() > 0);
  model.dispose();
  t.is(clock.pendingTimers(), 0);
});

test('the server itself follows the model before the BMC reports it: server-state listeners run first', (t) => {
  const { model, clock, resyncMs } = setup();
  const order: string[] = [];
  model.on((e) => order.push(`report:${e.type}`));
  model.onServerState((e) => order.push(`server:${e.type}`));
  model.injectError(1, 'Cpu', 'Transient');
  clock.advance(resyncMs + 60_000);
  const blackout = order.filter((x) => x.endsWith(':BlackoutStarted') || x.endsWith(':BlackoutCompleted'));
  t.deepEqual(blackout, ['server:BlackoutStarted', 'report:BlackoutStarted', 'server:BlackoutCompleted', 'report:BlackoutCompleted']);
});
