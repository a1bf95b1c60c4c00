/**
 * Keeps a lease alive while its testcase runs: renews it every third of the TTL. When a renewal
 * is refused (the lease is someone else's now) or none succeeded for a whole TTL (the pool did not
 * answer: the lease may have expired), `lost` is aborted with a LostLease naming why.
 */
import type { Logger } from '../../lib/log.ts';
import { errorMessage } from '../../lib/errors.ts';
import { type Lease, type LeaseStore, LostLease } from './lease.ts';

export class LeaseKeeper {
  private readonly ctrl = new AbortController();
  private readonly timer: NodeJS.Timeout;
  private lastRenewed = Date.now();
  private busy = false;

  constructor(
    private readonly store: LeaseStore,
    private readonly lease: Lease,
    private readonly log: Logger,
  ) {
    this.timer = setInterval(() => void this.tick(), Math.max(50, Math.floor(store.ttlMs / 3)));
  }

  get lost(): AbortSignal {
    return this.ctrl.signal;
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private async tick(): Promise<void> {
    if (this.busy || this.ctrl.signal.aborted) return;
    this.busy = true;
    const what = `the lease on ${this.lease.benches.join(', ')} (token ${this.lease.token})`;
    try {
      // Asleep (SIGSTOP) past the TTL: whatever Redis says, the lease may have lapsed meanwhile.
      if (Date.now() - this.lastRenewed > this.store.ttlMs) this.lose(`${what} was not renewed for ${Date.now() - this.lastRenewed} ms (TTL ${this.store.ttlMs} ms)`);
      else if (await this.store.renew(this.lease)) this.lastRenewed = Date.now();
      else this.lose(`${what} is no longer ours (it expired and may be held by another worker)`);
    } catch (e) {
      this.log.warn(`could not renew ${what}: ${errorMessage(e)}`, { component: 'pool' });
    } finally {
      this.busy = false;
    }
  }

  private lose(reason: string): void {
    this.stop();
    this.log.error(`${reason}: the testcase stops driving its benches`, { component: 'pool' });
    this.ctrl.abort(new LostLease(`${reason}: not driving its benches any more`));
  }
}
