/** A cluster model of the shipped default config on a FakeClock, with its event log. */
import { FakeClock } from '../../../lib/clock.ts';
import { loadClusterConfig } from '../config/load.ts';
import { ClusterModel } from '../model/cluster.ts';
import type { ClusterDefect } from '../model/defects.ts';
import type { ClusterEvent } from '../model/events.ts';

/** powerOnMs + fabricLoginMs + bootMs of the default config. */
export const BOOT_MS = 15_000 + 2_000 + 60_000;

export interface Rig {
  model: ClusterModel;
  clock: FakeClock;
  events: ClusterEvent[];
  /** Advance time, letting promise continuations (commits) run between steps. */
  settle(ms: number): Promise<void>;
  /** Events since the last call (and forget them). */
  take(): ClusterEvent[];
}

export function rig(defects: ClusterDefect[] = [], opts: { start?: boolean } = {}): Rig {
  const clock = new FakeClock();
  const model = new ClusterModel(loadClusterConfig(), clock, defects);
  const events: ClusterEvent[] = [];
  model.bus.on((e) => events.push(e));
  if (opts.start ?? true) {
    model.start();
    clock.advance(BOOT_MS);
  }
  let seen = events.length;
  return {
    model,
    clock,
    events,
    settle: (ms) => clock.advanceAsync(ms, Math.max(1, Math.min(250, ms))),
    take: () => {
      const out = events.slice(seen);
      seen = events.length;
      return out;
    },
  };
}

/** The events without their time stamps, for exact comparison. */
export function bodies(events: readonly ClusterEvent[]): Array<Omit<ClusterEvent, 'at'>> {
  return events.map(({ at: _at, ...rest }) => rest);
}
