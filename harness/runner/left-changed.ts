/**
 * Devices a testcase left changed: its restore was not verified (observe.ts). The next testcase on
 * such a device starts only once the device reads as it did before the testcase that changed it
 * (a module replaced by hand, errors forgotten by their window); until then it ends as
 * infra-error naming that testcase and what still differs, instead of running on a changed lab.
 */
import type { StateReading } from '../scenario.ts';

interface Change {
  by: string;
  baseline: StateReading;
}

export class LeftChangedDevices {
  private readonly changed = new Map<string, Change>();

  /** `by` (a testcase label) left `device` changed; `baseline` is its reading before that testcase. */
  mark(device: string, by: string, baseline: StateReading): void {
    if (!this.changed.has(device)) this.changed.set(device, { by, baseline });
  }

  /** Null when `device`, reading `now`, may be used (a device back to its baseline is released); else why not. */
  blocked(device: string, now: StateReading, differences: (before: StateReading, after: StateReading) => string[]): string | null {
    const c = this.changed.get(device);
    if (!c) return null;
    const still = differences(c.baseline, now);
    if (still.length === 0) {
      this.changed.delete(device);
      return null;
    }
    return `not run: ${c.by} left device "${device}" changed and it still differs from its state before that testcase: ${still.join('; ')}`;
  }
}
