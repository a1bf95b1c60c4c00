/**
 * Resync arithmetic (FT-08, FT-09), pure: memory M (MiB), copy bandwidth B (MiB/s), dirty rate
 * R (MiB/s). Pass 1 copies M while the OS runs; during a pass of length T the OS dirties
 * min(M, R*T) again, which the next pass copies. Brownout stops when the residual is at or below
 * the stop threshold or after the maximum number of passes; the blackout then copies the
 * residual plus the CPU context and cache: pause = residual / B + contextCopyMs. In hypervisor
 * mode there is no brownout: the blackout copies everything.
 */
export interface ResyncParams {
  memoryMiB: number;
  copyBandwidthMiBps: number;
  dirtyRateMiBps: number;
  stopThresholdMiB: number;
  maxBrownoutPasses: number;
  contextCopyMs: number;
  hypervisorMode: boolean;
  /** Defect: dirty set never shrinks, passes go on for ever. */
  neverConverges?: boolean;
  /** Defect: blackout multiplied by this factor (1 = none). */
  blackoutFactor?: number;
}

export interface BrownoutPass {
  pass: number;
  copiedMiB: number;
  durationMs: number;
  /** Dirtied during this pass: what the next pass (or the blackout) must copy. */
  dirtyMiB: number;
}

/** Duration of copying `mib` at the profile bandwidth, ms. */
export function copyMs(mib: number, p: ResyncParams): number {
  return (mib / p.copyBandwidthMiBps) * 1000;
}

/** The pass that copies `toCopy` MiB, numbered `pass`. */
export function brownoutPass(pass: number, toCopy: number, p: ResyncParams): BrownoutPass {
  const durationMs = copyMs(toCopy, p);
  const dirtied = Math.min(p.memoryMiB, (p.dirtyRateMiBps * durationMs) / 1000);
  return { pass, copiedMiB: toCopy, durationMs, dirtyMiB: p.neverConverges ? toCopy : dirtied };
}

/** Whether brownout stops after `last` (the blackout follows). Never, with the never-converges defect. */
export function brownoutDone(last: BrownoutPass, p: ResyncParams): boolean {
  if (p.neverConverges) return false;
  return last.dirtyMiB <= p.stopThresholdMiB || last.pass >= p.maxBrownoutPasses;
}

/** Blackout pause for a residual of `residualMiB`, ms. */
export function blackoutMs(residualMiB: number, p: ResyncParams): number {
  return (copyMs(residualMiB, p) + p.contextCopyMs) * (p.blackoutFactor ?? 1);
}

export interface ResyncPlan {
  passes: BrownoutPass[];
  residualMiB: number;
  blackoutMs: number;
  /** Brownout + blackout (no diagnostics). Infinity when it never converges. */
  totalMs: number;
}

/** The whole plan up front (what the model will do, pass by pass). Capped at 1000 passes. */
export function planResync(p: ResyncParams): ResyncPlan {
  if (p.hypervisorMode) {
    const b = blackoutMs(p.memoryMiB, p);
    return { passes: [], residualMiB: p.memoryMiB, blackoutMs: b, totalMs: b };
  }
  const passes: BrownoutPass[] = [];
  let toCopy = p.memoryMiB;
  for (let i = 1; i <= 1000; i++) {
    const pass = brownoutPass(i, toCopy, p);
    passes.push(pass);
    if (brownoutDone(pass, p)) {
      const b = blackoutMs(pass.dirtyMiB, p);
      return { passes, residualMiB: pass.dirtyMiB, blackoutMs: b, totalMs: passes.reduce((s, x) => s + x.durationMs, 0) + b };
    }
    toCopy = pass.dirtyMiB;
  }
  return { passes, residualMiB: toCopy, blackoutMs: Number.POSITIVE_INFINITY, totalMs: Number.POSITIVE_INFINITY };
}
