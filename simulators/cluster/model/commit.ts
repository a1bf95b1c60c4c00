/**
 * Delayed, whole-or-nothing changes of a device: the request is validated at once (a refusal
 * throws and nothing changes), then applied in one step after the commit time. Every commit of a
 * device takes the same time, so they apply in request order.
 * Under a failing defect the change is dropped whole and the promise rejects.
 */
import type { Clock } from '../../../lib/clock.ts';
import { commitPlan, type ClusterDefect } from './defects.ts';
import { ClusterRejection, type EventBus } from './events.ts';

export class Committer {
  constructor(
    private readonly bus: EventBus,
    private readonly clock: Clock,
    private readonly device: string,
    private readonly defects: ReadonlySet<ClusterDefect>,
    private readonly baseMs: number,
    private readonly kind: 'commit' | 'activation' = 'commit',
  ) {}

  /**
   * `apply` runs after the commit time unless a defect fails it. It checks before it changes
   * anything: a ClusterRejection it throws rejects the request with nothing applied.
   */
  commit(what: string, apply: () => void): Promise<void> {
    const plan = commitPlan(this.defects, this.baseMs, this.kind);
    return new Promise<void>((resolve, reject) => {
      this.clock.setTimer(plan.ms, () => {
        if (plan.fails) {
          this.bus.emit({ type: 'CommitFailed', device: this.device, what });
          reject(new ClusterRejection(`${this.device}: ${this.kind} of ${what} failed`));
          return;
        }
        try {
          apply();
          resolve();
        } catch (e) {
          reject(e instanceof Error ? e : new Error(String(e)));
        }
      });
    });
  }
}
