/**
 * Per-subsystem error counting (FT-11): errors are remembered with their SUT time; the count is
 * the number inside the sliding window. The policy decides what an isolation leads to.
 */
import type { ErrorKind, FaultPolicy } from './types.ts';

export class ErrorCounter {
  private times: number[] = [];
  private last: number | null = null;
  /** `forgets` false is the window-never-forgets defect: errors stay counted forever. */
  constructor(
    public windowSeconds: number,
    public threshold: number,
    private readonly forgets = true,
  ) {}

  /** Record `n` errors at `at` (SUT epoch ms); returns the count inside the window. */
  record(at: number, n: number): number {
    for (let i = 0; i < n; i++) this.times.push(at);
    this.last = at;
    return this.count(at);
  }

  count(at: number): number {
    if (!this.forgets) return this.times.length;
    const from = at - this.windowSeconds * 1000;
    this.times = this.times.filter((t) => t > from);
    return this.times.length;
  }

  lastErrorAt(): number | null {
    return this.last;
  }

  clear(): void {
    this.times = [];
    this.last = null;
  }
}

export type Verdict = 'reintegrate' | 'keep-out';

/**
 * After an isolation: Permanent faults and NeverRestart keep the module out; AlwaysRestart
 * re-integrates; UseThreshold keeps it out when the count in the window exceeds the threshold.
 * `defects`: transient-kept-out (every transient error keeps out) and threshold-off-by-one.
 */
export function decide(
  kind: ErrorKind,
  policy: FaultPolicy,
  count: number,
  threshold: number,
  defects: { treatTransientAsPermanent?: boolean; keepOutAtThreshold?: boolean } = {},
): Verdict {
  if (kind === 'Permanent') return 'keep-out';
  if (defects.treatTransientAsPermanent) return 'keep-out';
  switch (policy) {
    case 'NeverRestart':
      return 'keep-out';
    case 'AlwaysRestart':
      return 'reintegrate';
    case 'UseThreshold':
      return count > threshold || (defects.keepOutAtThreshold === true && count === threshold) ? 'keep-out' : 'reintegrate';
  }
}
