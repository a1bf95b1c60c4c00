/**
 * The brownout's share of the resync Task's PercentComplete, against the pass events (FT-08).
 *
 * After brownout pass k the BMC's events say (1 − dirty_k / memory) of the memory is copied
 * (memory: the size the BMC reports). The rise of PercentComplete from the brownout's start to a
 * reading after pass k, over that fraction, is the share of the whole task the BMC gives the
 * brownout copy; what is left above it (100 − start − share) stands for the blackout and the
 * completion. The brownout copies the whole memory; the blackout only the residual (at most the
 * stop threshold) and the CPU context, so a task whose progress means anything gives the
 * brownout at least as much as what is left. A firmware that scales the brownout's progress
 * wrongly, or does not advance it per pass, shows a brownout share far below that.
 */

/** PercentComplete is an integer (Task v1_4_0): each reading is off by up to this. */
export const PERCENT_RESOLUTION = 1;

export interface PassStretch {
  /** Pass number whose completion starts the stretch (0: the brownout's start, before pass 1). */
  pass: number;
  /** Dirty MiB that pass reported (unused for pass 0). */
  dirtyMiB: number;
  /** PercentComplete of the readings wholly inside the stretch. */
  percents: number[];
}

/** Where the brownout's share is below what is left after it, with the figures; null when not. */
export function brownoutShareProblem(stretches: readonly PassStretch[], memoryMiB: number): string | null {
  const start = stretches.find((s) => s.pass === 0);
  const after = stretches.filter((s) => s.pass > 0);
  if (!start || after.length === 0) return null;
  const base = Math.max(...start.percents);
  for (const s of after) {
    const copied = 1 - s.dirtyMiB / memoryMiB;
    if (!(copied > 0)) continue;
    const shown = Math.min(...s.percents);
    // the most generous reading of both figures within their resolution
    const share = (shown + PERCENT_RESOLUTION - (base - PERCENT_RESOLUTION)) / copied;
    const left = 100 - (base - PERCENT_RESOLUTION) - share;
    if (share < left) {
      return (
        `after pass ${s.pass} (${s.dirtyMiB} MiB of ${memoryMiB} MiB dirty: ${(copied * 100).toFixed(1)} % copied) PercentComplete is ${shown}, ` +
        `${shown - base} above the ${base} at the brownout's start: the brownout stands for ${share.toFixed(1)} points of the task, ` +
        `less than the ${left.toFixed(1)} left for the blackout of at most the stop threshold`
      );
    }
  }
  return null;
}

/** Which pass starts each stretch, from the edge names of the resync (see resync-task-checks.ts). */
export function passStretches(
  stretches: ReadonlyArray<{ stretch: number; percents: number[] }>,
  edgePass: ReadonlyArray<{ pass: number; dirtyMiB: number } | null>,
): PassStretch[] {
  return stretches.flatMap((s) => {
    const p = edgePass[s.stretch];
    return p ? [{ pass: p.pass, dirtyMiB: p.dirtyMiB, percents: s.percents }] : [];
  });
}
