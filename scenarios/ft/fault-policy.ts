/**
 * FT-11 under a module's fault policy (the BMC's Oem FaultPolicy, like an ftServer's MTBF policy):
 * the error threshold decides only under UseThreshold; NeverRestart keeps a module out at its
 * first transient error, however far below the threshold; AlwaysRestart re-integrates it however
 * far above. Each policy is set through the BMC (undo: the policy found) and read back; each
 * verdict is judged by the event the BMC announces and by the state it reports, exactly. Between
 * the two, the BMC's clear-history action releases the kept-out module (a resync to duplex).
 */
import type { BmcEvent, FaultPolicy } from '../../drivers/capabilities/index.ts';
import type { SoloContext } from '../../harness/scenario.ts';
import type { FtSystemSnapshot } from '../../lib/domains/ft/state.ts';
import { FT, describeEvent, ftEvent, isMessage } from '../../lib/domains/ft/messages.ts';
import { ftScenario } from './lib/define.ts';
import { ioSettled, keptOutExpectations, keptOutOptional, onlyExpected } from './lib/expect.ts';
import { errorRoom, injectError } from './lib/faults.ts';
import { systemStaysOn } from './lib/invariants.ts';
import { counterOf, isSimplexOn, moduleOf } from './lib/state.ts';
import { clearHistory, observeResync, requireDuplex, verifyDuplexAtEnd } from './lib/steps.ts';
import { sutDeadline } from './lib/time.ts';

const M = 1;
const OTHER = 0;
const NEEDS = ['FtState', 'FtLabFaultInjection', 'EventSource'] as const;
type Ctx = SoloContext<(typeof NEEDS)[number]>;

/** Set module M's policy through the BMC (undo: `original`) and wait until a reading reports it. */
async function setPolicy(ctx: Ctx, policy: FaultPolicy, original: FaultPolicy): Promise<FtSystemSnapshot> {
  const fi = ctx.caps.FtLabFaultInjection;
  await ctx.fault(`module ${M} fault policy ${policy}`, { module: M, policy }, () => fi.setFaultPolicy(M, policy, ctx.signal), () => fi.setFaultPolicy(M, original));
  return ctx.waitForState('FtState', `module ${M} reports fault policy ${policy}`, sutDeadline(ctx, 10_000), (s) => moduleOf(s, M)?.faultPolicy === policy);
}

/** One transient Cpu error into module M, and the BMC's verdict on it: keep-out or re-integration. */
async function verdictOnOneError(ctx: Ctx): Promise<BmcEvent> {
  const fault = await injectError(ctx, { module: M, subsystem: 'Cpu', kind: 'Transient', count: 1 });
  const verdict = (e: BmcEvent): boolean => ftEvent(FT.ModuleKeptOut, M)(e) || ftEvent(FT.TransientFaultReintegrating, M)(e);
  return ctx.waitForEvent(`module ${M}: keep-out or re-integration`, sutDeadline(ctx, 60_000), verdict, { since: fault.since });
}

async function neverRestart(ctx: Ctx, original: FaultPolicy, count: number, threshold: number): Promise<void> {
  const before = await setPolicy(ctx, 'NeverRestart', original);
  const verdict = await verdictOnOneError(ctx);
  ctx.check(`NeverRestart: one transient Cpu error (count ${count + 1}, threshold ${threshold}) keeps module ${M} out`, { kind: 'assertion', requirements: ['FT-11'] }, () =>
    isMessage(verdict, 'FtLab', FT.ModuleKeptOut) ? true : `re-integrated: ${describeEvent(verdict)}`,
  );
  const out = await ctx.waitForState('FtState', `module ${M} kept out, module ${OTHER} alone`, sutDeadline(ctx, 30_000), (s) => isSimplexOn(s, OTHER) && moduleOf(s, M)?.keptOut === true && ioSettled(before, s));
  ctx.check(`exactly: NeverRestart keeps module ${M} out with its count ${count + 1}, LED on; module ${OTHER} alone, otherwise unchanged`, { kind: 'assertion', requirements: ['FT-11', 'FT-12'] }, () =>
    onlyExpected(before, out, keptOutExpectations(before, M, count + 1), keptOutOptional(M)),
  );
  const clearedAt = ctx.clock.now();
  await clearHistory(ctx, M, undefined, `clear the error history of kept-out module ${M}`);
  await observeResync(ctx, M, clearedAt);
}

async function alwaysRestart(ctx: Ctx, original: FaultPolicy, threshold: number): Promise<void> {
  const fi = ctx.caps.FtLabFaultInjection;
  await ctx.fault(`module ${M} Cpu threshold 0`, { module: M, threshold: 0 }, () => fi.setErrorLimits(M, 'Cpu', { threshold: 0 }, ctx.signal), () => fi.setErrorLimits(M, 'Cpu', { threshold }));
  const before = await setPolicy(ctx, 'AlwaysRestart', original);
  const count = counterOf(moduleOf(before, M), 'Cpu')?.count ?? 0;
  const verdict = await verdictOnOneError(ctx);
  ctx.check(`AlwaysRestart: a transient Cpu error above the threshold (count ${count + 1}, threshold 0) re-integrates module ${M}`, { kind: 'assertion', requirements: ['FT-11'] }, () =>
    isMessage(verdict, 'FtLab', FT.TransientFaultReintegrating) ? true : `kept out: ${describeEvent(verdict)}`,
  );
  await observeResync(ctx, M, verdict.receivedAt);
  const end = await verifyDuplexAtEnd(ctx, ['FT-11']);
  ctx.check(`exactly: AlwaysRestart brings module ${M} back to duplex with its count ${count + 1}, nothing else changed`, { kind: 'assertion', requirements: ['FT-11'] }, () =>
    onlyExpected(before, end, { [`M${M}.count.Cpu`]: String(count + 1) }),
  );
}

export const ftFaultPolicy = ftScenario({
  id: 'ft-fault-policy',
  title: "A module's fault policy overrides the error threshold: NeverRestart keeps out at the first transient error, AlwaysRestart re-integrates above it",
  requirements: ['FT-11'],
  tags: ['ft', 'error-threshold', 'fault-policy', `module-${M}`],
  needs: [...NEEDS],
  timeoutMs: 1_200_000,
  invariants: [systemStaysOn],
  async run(ctx) {
    const start = await requireDuplex(ctx);
    const original = moduleOf(start, M)?.faultPolicy;
    if (original !== 'UseThreshold' && original !== 'NeverRestart' && original !== 'AlwaysRestart') return ctx.skip(`the BMC reports no fault policy for module ${M}`);
    const room = await errorRoom(ctx, M, 'Cpu', 1);
    if (!room) return ctx.skip(`the BMC reports no Cpu error counter for module ${M}`);
    await neverRestart(ctx, original, room.count, room.threshold);
    await alwaysRestart(ctx, original, room.threshold);
  },
});
