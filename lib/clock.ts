/**
 * Time as a dependency. Everything that waits, stamps or measures takes a Clock, so tests can
 * drive time with a FakeClock and the emulator can run scaled time.
 *
 * - `now()` is monotonic milliseconds (fractional), unrelated to wall time; use it for durations.
 * - `wallNow()` is epoch milliseconds; use it only for timestamps shown to people or peers.
 */
export interface Timer {
  cancel(): void;
}

export interface Clock {
  now(): number;
  wallNow(): number;
  setTimer(ms: number, fn: () => void): Timer;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** Longest delay Node's timers accept; longer ones fire at once, so clamp. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** Why `signal` was aborted, as an Error (its reason when that is one). */
export function abortReason(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new Error('aborted');
}

export const systemClock: Clock = {
  now: () => performance.now(),
  wallNow: () => Date.now(),
  setTimer(ms, fn) {
    const t = setTimeout(fn, Math.min(Math.max(0, ms), MAX_TIMER_MS));
    return { cancel: () => clearTimeout(t) };
  },
  sleep(ms, signal) {
    return sleepOn(systemClock, ms, signal);
  },
};

export function sleepOn(clock: Clock, ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortReason(signal));
    const onAbort = (): void => {
      timer.cancel();
      reject(abortReason(signal as AbortSignal));
    };
    const timer = clock.setTimer(ms, () => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    });
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Something a sleeping loop can be woken through: `wake` is set while it sleeps. */
export interface Wakeable {
  wake: (() => void) | null;
}

/** Sleep `ms` on `clock`, or until `w.wake()` is called (an event, a stop), whichever comes first. */
export function sleepUntilWoken(clock: Clock, ms: number, w: Wakeable): Promise<void> {
  return new Promise((resolve) => {
    let timer: Timer | null = null;
    w.wake = () => {
      w.wake = null;
      timer?.cancel();
      resolve();
    };
    timer = clock.setTimer(ms, () => w.wake?.());
  });
}

/**
 * A clock that runs `scale` times faster than `base`, starting at the base's current instant.
 * Timers set for `ms` of scaled time fire after `ms / scale` of base time. Used by the
 * emulator's `--time-scale`; every timestamp it reports is in this (SUT) time.
 */
export class ScaledClock implements Clock {
  private readonly baseStart: number;
  private readonly wallStart: number;
  constructor(
    readonly scale: number,
    private readonly base: Clock = systemClock,
  ) {
    if (!(scale > 0) || !Number.isFinite(scale)) throw new RangeError(`time scale must be a positive number, got ${scale}`);
    this.baseStart = base.now();
    this.wallStart = base.wallNow();
  }
  now(): number {
    return this.baseStart + (this.base.now() - this.baseStart) * this.scale;
  }
  wallNow(): number {
    return this.wallStart + (this.base.now() - this.baseStart) * this.scale;
  }
  setTimer(ms: number, fn: () => void): Timer {
    return this.base.setTimer(ms / this.scale, fn);
  }
  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return sleepOn(this, ms, signal);
  }
}

interface PendingTimer {
  at: number;
  seq: number;
  fn: () => void;
}

/** A clock for tests: time moves only when `advance` is called; timers fire in order. */
export class FakeClock implements Clock {
  private t: number;
  private readonly wallOffset: number;
  private seq = 0;
  private timers: PendingTimer[] = [];
  constructor(start = 0, wallStart = Date.UTC(2026, 0, 1)) {
    this.t = start;
    this.wallOffset = wallStart - start;
  }
  now(): number {
    return this.t;
  }
  wallNow(): number {
    return this.t + this.wallOffset;
  }
  setTimer(ms: number, fn: () => void): Timer {
    const entry: PendingTimer = { at: this.t + Math.max(0, ms), seq: this.seq++, fn };
    this.timers.push(entry);
    return { cancel: () => (this.timers = this.timers.filter((x) => x !== entry)) };
  }
  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return sleepOn(this, ms, signal);
  }
  /** Move time forward by `ms`, firing every timer that falls due, in order (timers set by timers included). */
  advance(ms: number): void {
    const end = this.t + ms;
    for (;;) {
      const due = this.timers.filter((x) => x.at <= end).sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
      if (!due) break;
      this.timers = this.timers.filter((x) => x !== due);
      this.t = Math.max(this.t, due.at);
      due.fn();
    }
    this.t = end;
  }
  /** Advance in steps, yielding to the microtask queue between them so awaited code can run. */
  async advanceAsync(ms: number, step = 1): Promise<void> {
    const end = this.t + ms;
    while (this.t < end) {
      this.advance(Math.min(step, end - this.t));
      await new Promise<void>((r) => setImmediate(r));
    }
  }
  pendingTimers(): number {
    return this.timers.length;
  }
}
