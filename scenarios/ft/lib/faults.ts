/** Error injection through the ledger, and what the BMC says about it. */
import type { SoloContext } from '../../../harness/scenario.ts';
import type { BmcEvent, ErrorKind, ModuleIndex, Subsystem } from '../../../drivers/capabilities/index.ts';
import { FT, ftEvent, isMessage, eventModule } from '../../../lib/domains/ft/messages.ts';
import { counterOf, moduleOf } from './state.ts';
import { restoreModuleUndo, replaceModule, observeResync } from './steps.ts';

type FaultCtx = SoloContext<'FtState' | 'FtLabFaultInjection'>;

export interface InjectedError {
  module: ModuleIndex;
  subsystem: Subsystem;
  kind: ErrorKind;
  count: number;
  /** ctx.clock time just before the injection call. */
  since: number;
}

/**
 * Inject `count` errors into one subsystem; the undo brings the module back (replacement if
 * needed) and clears that subsystem's error history through the BMC (FT-11), so the next
 * scenario starts from the counts this one found (the restore check compares them).
 */
export async function injectError(
  ctx: FaultCtx,
  p: { module: ModuleIndex; subsystem: Subsystem; kind: ErrorKind; count?: number },
): Promise<InjectedError> {
  const count = p.count ?? 1;
  const since = ctx.clock.now();
  await ctx.fault(
    `${p.kind} ${p.subsystem} error`,
    { module: p.module, subsystem: p.subsystem, kind: p.kind, count },
    () => ctx.caps.FtLabFaultInjection.injectError({ module: p.module, subsystem: p.subsystem, kind: p.kind, count }, ctx.signal),
    async () => {
      await restoreModuleUndo(ctx, p.module)();
      await clearHistoryIfPresent(ctx, p.module, p.subsystem);
    },
  );
  return { module: p.module, subsystem: p.subsystem, kind: p.kind, count, since };
}

async function clearHistoryIfPresent(ctx: FaultCtx, m: ModuleIndex, subsystem: Subsystem): Promise<void> {
  // Outside the scenario body (its signal may be aborted): read the state directly.
  const mod = moduleOf(await ctx.caps.FtState.snapshot(), m);
  if (mod && mod.opState !== 'Absent') await ctx.caps.FtLabFaultInjection.clearErrorHistory(m, subsystem);
}

/** The BMC's "errors detected" event for module `m` (ResourceEvent ResourceErrorsDetected), if it sent one. */
export function errorDetectedEvent(ctx: FaultCtx, m: number, since: number): BmcEvent | undefined {
  return ctx.events({ since }).find((e) => isMessage(e, 'ResourceEvent', 'ResourceErrorsDetected') && eventModule(e) === m);
}

/** Every isolation event received since `since` that is NOT about (module, subsystem). */
export function strayIsolations(ctx: FaultCtx, since: number, m: number): BmcEvent[] {
  return ctx.events({ since }).filter((e) => ftEvent(FT.ModuleIsolated)(e) && eventModule(e) !== m);
}

/**
 * Room left in a subsystem's error window before the threshold is exceeded (threshold - count).
 * If there is none, replace the module first (a new module starts with a clean history) and
 * read it again. Returns undefined when the BMC does not report the counter.
 */
export async function errorRoom(ctx: FaultCtx, m: ModuleIndex, subsystem: Subsystem, need: number): Promise<{ room: number; threshold: number; count: number } | undefined> {
  const read = async (): Promise<{ room: number; threshold: number; count: number } | undefined> => {
    const c = counterOf(moduleOf(await ctx.sample('FtState'), m), subsystem);
    return c ? { room: c.threshold - c.count, threshold: c.threshold, count: c.count } : undefined;
  };
  let r = await read();
  if (r && r.room < need) {
    ctx.log.info(`module ${m} ${subsystem} error history is at ${r.count}/${r.threshold}: replacing the module for a clean history first`);
    const insertedAt = await replaceModule(ctx, m);
    await observeResync(ctx, m, insertedAt);
    r = await read();
  }
  return r;
}
