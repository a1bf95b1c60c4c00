/**
 * FT-02 / FT-08, the operator's module actions (Chassis.Reset on a module chassis,
 * redfish-model.md §1.7): ForceOff brings down the module carrying the active NIC while the
 * system runs on the other (module Disabled, its IO moved, the system simplex with its lost
 * redundancy announced, nothing else changed, and it stays so); ForceOff of the last module in
 * lockstep is refused and changes nothing; On brings it back (202 with the re-integration Task,
 * a full resync to duplex); PowerCycle re-runs diagnostics and the resync; the module's power
 * events are exactly those of each action.
 */
import type { SoloContext } from '../../harness/scenario.ts';
import { ChangeRefusedError, type BmcEvent, type FtSystemSnapshot, type ModuleIndex, type ModuleResetType } from '../../drivers/capabilities/index.ts';
import { errorMessage } from '../../lib/errors.ts';
import { FT, ftEvent, isMessage, eventModule } from '../../lib/domains/ft/messages.ts';
import { ftScenario } from './lib/define.ts';
import { ioMemberAfterLoss, ioSettled, moduleOfMember, onlyExpected } from './lib/expect.ts';
import { oneWorkloadAddress, systemStaysOn } from './lib/invariants.ts';
import { checkProbeEvidence, measureOutageCausedAt, startProbe, stopProbe } from './lib/probe.ts';
import { moduleOf, otherModule } from './lib/state.ts';
import { documented, holdForStall, holdStays, requestMayBeRefused, observeResync, requireDuplex, STAYS_WINDOW_SUT_MS, systemStatusChanged, verifyDuplexAtEnd } from './lib/steps.ts';
import { sutDeadline } from './lib/time.ts';

const NEEDS = ['FtState', 'EventSource', 'FtLabFaultInjection', 'WorkloadLocator'] as const;
type Ctx = SoloContext<(typeof NEEDS)[number]>;
const REQ = ['FT-02', 'FT-08'];

/**
 * The module whose IO carries the active NIC (else the active storage path, else module 1): its
 * power-down must also move the IO to the other module, and the expectation says where.
 */
function busyModule(s: FtSystemSnapshot): ModuleIndex {
  const busy = moduleOfMember(s.nicActive) ?? moduleOfMember(s.storagePathActive);
  return busy === 0 ? 0 : 1;
}

function poweredOff(m: number): (e: BmcEvent) => boolean {
  return (e) => isMessage(e, 'ResourceEvent', 'ResourcePoweredOff') && eventModule(e) === m;
}

/** The ResourcePoweredOn / ResourcePoweredOff events of module m since `since`, in order of receipt, e.g. "Off,On". */
function powerEvents(ctx: Ctx, m: number, since: number): string {
  const power = (e: BmcEvent): boolean => eventModule(e) === m && (isMessage(e, 'ResourceEvent', 'ResourcePoweredOn') || isMessage(e, 'ResourceEvent', 'ResourcePoweredOff'));
  return ctx.events({ since }).filter(power).map((e) => (isMessage(e, 'ResourceEvent', 'ResourcePoweredOn') ? 'On' : 'Off')).join(',');
}

async function reset(ctx: Ctx, m: ModuleIndex, type: ModuleResetType): Promise<{ since: number; status: number; task: string | null }> {
  const since = ctx.clock.now();
  const what = `Chassis.Reset ${type} of module ${m}`;
  const r = await ctx.phase(what, sutDeadline(ctx, 30_000), (signal) => documented(ctx, what, () => ctx.caps.FtLabFaultInjection.resetModule(m, type, signal)));
  return { since, ...r };
}

/** ForceOff of module m (undo: On): Disabled, the other module alone, nothing else changed, for the stays window. */
async function forceOff(ctx: Ctx, start: FtSystemSnapshot, m: ModuleIndex): Promise<FtSystemSnapshot> {
  const o = otherModule(m);
  const since = ctx.clock.now();
  const what = `Chassis.Reset ForceOff of module ${m}`;
  await ctx.fault(what, { module: m }, async () => void (await documented(ctx, what, () => ctx.caps.FtLabFaultInjection.resetModule(m, 'ForceOff', ctx.signal))), async () => {
    const s = await ctx.caps.FtState.snapshot();
    if (s.powerState === 'On' && moduleOf(s, m)?.opState === 'Disabled') await ctx.caps.FtLabFaultInjection.resetModule(m, 'On');
  });
  await ctx.waitForEvent(`ForceOff: module ${m} powered off (ResourcePoweredOff)`, sutDeadline(ctx, 30_000), poweredOff(m), { since });
  const off = await ctx.waitForState('FtState', `ForceOff: module ${m} Disabled, module ${o} alone`, sutDeadline(ctx, 30_000), (s) => moduleOf(s, m)?.opState === 'Disabled' && ioSettled(start, s));
  const expected = {
    active: `[${o}]`,
    [`M${m}.opState`]: 'Disabled',
    [`M${o}.opState`]: 'Simplex',
    [`M${m}.sub.Cpu`]: 'Offline',
    [`M${m}.sub.Io`]: 'Offline',
    nic: ioMemberAfterLoss(start.nicActive, m),
    storagePath: ioMemberAfterLoss(start.storagePathActive, m),
  };
  ctx.check(`exactly: ForceOff takes module ${m} down (Disabled, subsystems Offline), module ${o} runs alone, nothing else changed`, { kind: 'assertion', requirements: REQ }, () =>
    onlyExpected(start, off, expected, [`M${m}.sub.Cpu`, `M${m}.sub.Io`]),
  );
  await holdStays(ctx);
  const later = await ctx.sample('FtState');
  ctx.check(`ForceOff of module ${m}: within the stays window the BMC has announced the system's lost redundancy (ResourceStatusChangedWarning of the system)`, { kind: 'assertion', requirements: ['FT-02'] }, () =>
    ctx.events({ since }).some(systemStatusChanged('Warning')) ? true : 'no ResourceStatusChangedWarning whose origin is the ComputerSystem',
  );
  ctx.check(`module ${m} stays down after ForceOff for ${STAYS_WINDOW_SUT_MS} ms SUT: no resync, nothing changed`, { kind: 'assertion', requirements: REQ }, () => {
    const resync = ctx.events({ since }).find(ftEvent(FT.ResyncStarted, m));
    return resync ? `ResyncStarted(${m}) at ${resync.eventTimestamp} without an On` : onlyExpected(off, later, {});
  });
  return later;
}

/** ForceOff of the last module in lockstep: refused (400/409), nothing changed. */
async function lastModuleRefused(ctx: Ctx, before: FtSystemSnapshot, last: ModuleIndex): Promise<void> {
  let answer: string;
  try {
    await ctx.caps.FtLabFaultInjection.resetModule(last, 'ForceOff', ctx.signal);
    answer = 'accepted';
  } catch (e) {
    if (!(e instanceof ChangeRefusedError)) throw e;
    answer = `refused: ${errorMessage(e)}`;
  }
  const after = await ctx.sample('FtState');
  ctx.check(`ForceOff of module ${last}, the last in lockstep, is refused and changes nothing`, { kind: 'assertion', requirements: ['FT-01', 'FT-02'] }, () =>
    answer === 'accepted' ? `the BMC accepted it (power ${after.powerState})` : onlyExpected(before, after, {}),
  );
}

/** A reset that re-integrates module m: 202 with a Task, then the whole resync to duplex; `off`: the module went down first. */
async function reintegrate(ctx: Ctx, start: FtSystemSnapshot, m: ModuleIndex, type: ModuleResetType): Promise<void> {
  const r = await reset(ctx, m, type);
  ctx.check(`Chassis.Reset ${type} of module ${m} answers 202 with the re-integration Task`, { kind: 'assertion', requirements: ['FT-08'] }, () =>
    r.status === 202 && r.task !== null ? true : `answered ${r.status}${r.task ? ` (Location ${r.task})` : ' without a Location'}`,
  );
  if (type !== 'On') {
    await ctx.waitForEvent(`${type}: module ${m} powered off first (ResourcePoweredOff)`, sutDeadline(ctx, 30_000), poweredOff(m), { since: r.since });
  }
  const o = await observeResync(ctx, m, r.since);
  const after = await verifyDuplexAtEnd(ctx, REQ);
  ctx.check(`exactly: after ${type} module ${m} is back in duplex and nothing else changed`, { kind: 'assertion', requirements: REQ }, () =>
    onlyExpected(start, after, { nic: ioMemberAfterLoss(start.nicActive, m), storagePath: ioMemberAfterLoss(start.storagePathActive, m) }),
  );
  const expected = type === 'On' ? 'On' : 'Off,On';
  ctx.check(`${type} of module ${m}: the BMC reports module ${m} powered ${expected === 'On' ? 'on' : 'off, then on'}, nothing more`, { kind: 'assertion', requirements: ['FT-02'] }, () => {
    const seen = powerEvents(ctx, m, r.since);
    return seen === expected ? true : `power events of module ${m}: ${seen || 'none'} (expected ${expected})`;
  });
  ctx.check(`${type} of module ${m}: one resync, of module ${m} only`, { kind: 'assertion', requirements: ['FT-08'] }, () => {
    const others = ctx.events({ since: r.since }).filter((e) => ftEvent(FT.ResyncStarted)(e) && e.id !== o.started.id);
    return others.length === 0 ? true : `also ${others.map((e) => `ResyncStarted(${e.messageArgs.join(',')})`).join(', ')}`;
  });
}

/** Chassis.Reset On of a module already in lockstep: accepted or refused, nothing happens (no power event, no resync). */
async function onWhileRunning(ctx: Ctx, start: FtSystemSnapshot, m: ModuleIndex): Promise<void> {
  const since = ctx.clock.now();
  await requestMayBeRefused(ctx, `Chassis.Reset On of module ${m}, already in lockstep`, sutDeadline(ctx, 30_000), (signal) => ctx.caps.FtLabFaultInjection.resetModule(m, 'On', signal));
  await holdForStall(ctx);
  const after = await ctx.sample('FtState');
  ctx.check(`Chassis.Reset On of module ${m} while it runs in lockstep changes nothing`, { kind: 'assertion', requirements: REQ }, () => {
    const moved = powerEvents(ctx, m, since) || (ctx.events({ since }).some(ftEvent(FT.ResyncStarted, m)) ? 'ResyncStarted' : '');
    return moved ? `events of module ${m}: ${moved}` : onlyExpected(start, after, {});
  });
}

async function moduleReset(ctx: Ctx): Promise<void> {
  const start = await requireDuplex(ctx);
  const m = busyModule(start);
  const probe = await startProbe(ctx, 'workload through the module resets');
  await onWhileRunning(ctx, start, m);
  const offAt = ctx.clock.now();
  const down = await forceOff(ctx, start, m);
  await lastModuleRefused(ctx, down, otherModule(m));
  await reintegrate(ctx, start, m, 'On');
  const duplex = await requireDuplex(ctx, 'PowerCycle: from duplex');
  await reintegrate(ctx, duplex, m, 'PowerCycle');
  const stopped = await stopProbe(probe);
  checkProbeEvidence(ctx, stopped);
  const seen = ctx.events({ since: offAt }).find(poweredOff(m));
  measureOutageCausedAt(ctx, stopped, 'forceoff-gap', { causeAt: offAt, seenAt: seen?.receivedAt ?? offAt, budget: 'ft.isolation.gap', requirements: ['FT-01', 'FT-02'] });
}

export const ftModuleReset = ftScenario({
  id: 'ft-module-reset',
  title: "The operator's module reset: ForceOff takes one module down (the last one is refused), On and PowerCycle bring it back through a resync",
  requirements: ['FT-01', 'FT-02', 'FT-08'],
  tags: ['ft', 'module-reset', 'operator'],
  needs: NEEDS,
  checks: [{ name: 'forceoff-gap', kind: 'budget' }],
  timeoutMs: 1_200_000,
  invariants: [systemStaysOn, oneWorkloadAddress],
  run: moduleReset,
});
