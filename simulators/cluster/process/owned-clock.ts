/**
 * A clock that remembers the timers set through it, so a cluster process can cancel every pending
 * model transition when it stops (a boot due in 60 s must not keep a stopped process alive, nor
 * fire into closed sockets). Time itself is the base clock's.
 */
import { type Clock, sleepOn, type Timer } from '../../../lib/clock.ts';

export class OwnedClock implements Clock {
  private readonly pending = new Set<Timer>();
  private disposed = false;

  constructor(private readonly base: Clock) {}

  now(): number {
    return this.base.now();
  }

  wallNow(): number {
    return this.base.wallNow();
  }

  setTimer(ms: number, fn: () => void): Timer {
    if (this.disposed) return { cancel: () => undefined };
    const timer: Timer = this.base.setTimer(ms, () => {
      this.pending.delete(timer);
      fn();
    });
    this.pending.add(timer);
    return {
      cancel: () => {
        this.pending.delete(timer);
        timer.cancel();
      },
    };
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return sleepOn(this, ms, signal);
  }

  /** Cancel every pending timer; later ones are never set. */
  dispose(): void {
    this.disposed = true;
    for (const t of this.pending) t.cancel();
    this.pending.clear();
  }
}
