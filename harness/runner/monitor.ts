/**
 * Continuous observation of a testcase's devices (ScenarioDef.observe): each device's state
 * capabilities are read into the history at a fixed period and again on every event the device
 * sends, from before run() until after the undos and a settle period. Readings of one device never
 * overlap: an event during a reading asks for one more right after it. A reading that does not
 * answer in time is left out (a management outage is judged elsewhere) and counted.
 */
import { type Clock, sleepUntilWoken } from '../../lib/clock.ts';
import type { Logger } from '../../lib/log.ts';
import type { StateReading } from '../scenario.ts';
import type { RunnerRoleContext } from './role-context.ts';

export interface MonitorOptions {
  clock: Clock;
  log: Logger;
  /** Wall ms between periodic readings of a device. */
  periodMs: number;
  /** Wall ms one reading may take. */
  readWithinMs: number;
}

interface DeviceLoop {
  role: RunnerRoleContext;
  readings: number;
  last: StateReading;
  again: boolean;
  wake: (() => void) | null;
  done: Promise<void>;
  unsubscribe: () => void;
}

/** Observation figures for the log and reports. */
export interface MonitorSummary {
  device: string;
  readings: number;
}

export class StateMonitor {
  private stopped = false;
  private readonly loops: DeviceLoop[] = [];
  /** The first reading of every device, taken before run(). */
  readonly before = new Map<string, StateReading>();

  constructor(private readonly opts: MonitorOptions) {}

  /** Take the first reading of every role, then keep observing until stop(). */
  async start(roles: readonly RunnerRoleContext[]): Promise<void> {
    for (const role of roles) {
      const first = await role.readStates(this.opts.readWithinMs);
      this.before.set(role.device, first);
      const loop: DeviceLoop = { role, readings: 1, last: first, again: false, wake: null, done: Promise.resolve(), unsubscribe: () => undefined };
      loop.unsubscribe = role.onEachEvent(() => this.poke(loop));
      loop.done = this.run(loop);
      this.loops.push(loop);
    }
  }

  private poke(loop: DeviceLoop): void {
    loop.again = true;
    loop.wake?.();
  }

  private async run(loop: DeviceLoop): Promise<void> {
    while (!this.stopped) {
      if (!loop.again) await this.pause(loop);
      if (this.stopped) return;
      loop.again = false;
      loop.last = await loop.role.readStates(this.opts.readWithinMs);
      loop.readings++;
    }
  }

  /** Until the period passed, an event arrived or the monitor stopped. */
  private pause(loop: DeviceLoop): Promise<void> {
    return sleepUntilWoken(this.opts.clock, this.opts.periodMs, loop);
  }

  /** Stop observing; resolves when no reading is in flight any more. */
  async stop(): Promise<MonitorSummary[]> {
    this.stopped = true;
    for (const loop of this.loops) {
      loop.unsubscribe();
      loop.wake?.();
    }
    await Promise.all(this.loops.map((l) => l.done));
    return this.loops.map((l) => ({ device: l.role.device, readings: l.readings }));
  }
}
