/**
 * The cluster sampler: every device of a cluster read into the history through its drivers — power
 * of each server, masking of each array, zoning and fabric logins of each FC switch, VLANs of each
 * Ethernet switch (readers.ts) — at a fixed period and again on every event the device sends.
 * Readings of one device never overlap: an event during a reading asks for one more right after
 * it, and that reading's record names the event (its id and the device's own timestamp). Each
 * record carries when the reading was asked for (`readStart`) and, through `t`, when it answered:
 * the state held at some instant in between. A read that fails or does not answer in time is
 * left out and counted (a management outage is judged elsewhere). The servers' inventory is read
 * once at start (the hardware rules are judged against the BMCs' own account).
 */
import type { BmcEvent, CapabilityMap } from '../../drivers/capabilities/index.ts';
import { type Clock, sleepUntilWoken } from '../../lib/clock.ts';
import { withDeadline } from '../../lib/deadline.ts';
import { errorMessage } from '../../lib/errors.ts';
import type { SampleTrigger } from '../../lib/history/records.ts';
import type { Logger } from '../../lib/log.ts';
import { readsOf, type StateRead } from './readers.ts';

/** One device as the sampler sees it: its capabilities (reads are not recorded as calls) and its events. */
export interface SampledDevice {
  device: string;
  kind: string;
  caps: Partial<CapabilityMap>;
  onEachEvent(fn: (e: BmcEvent) => void): () => void;
}

export interface SamplerDeps {
  clock: Clock;
  log: Logger;
  /** Wall ms between periodic readings of a device. */
  periodMs: number;
  /** Wall ms one read may take. */
  readWithinMs: number;
  record(r: { device: string; capability: string; state: unknown; readStart: number; trigger?: SampleTrigger }): void;
}

export interface SamplerSummary {
  device: string;
  readings: number;
  /** Reads that failed or did not answer in time. */
  failed: number;
  /** States of its kind the device cannot serve (not sampled). */
  missing: string[];
}

interface Loop {
  device: SampledDevice;
  reads: StateRead[];
  missing: string[];
  readings: number;
  failed: number;
  again: boolean;
  trigger: SampleTrigger | undefined;
  wake: (() => void) | null;
  /** Resolved after each completed reading. */
  waiters: Array<{ after: number; resolve: () => void }>;
  done: Promise<void>;
  unsubscribe: () => void;
  /** The server's inventory could not be read yet: tried again with each reading until it is. */
  inventoryDue: boolean;
}

export class ClusterSampler {
  private stopped = false;
  private readonly loops: Loop[] = [];

  constructor(private readonly deps: SamplerDeps) {}

  /** Read every server's inventory, take the first reading of every device, then keep sampling until stop(). */
  async start(devices: readonly SampledDevice[]): Promise<void> {
    const read = await Promise.all(devices.map((d) => this.readInventory(d)));
    for (const [i, device] of devices.entries()) {
      const { reads, missing } = readsOf(device.kind, device.caps);
      const loop: Loop = { device, reads, missing, readings: 0, failed: 0, again: false, trigger: undefined, wake: null, waiters: [], done: Promise.resolve(), unsubscribe: () => undefined, inventoryDue: read[i] === false };
      loop.unsubscribe = device.onEachEvent((e) => this.poke(loop, e));
      this.loops.push(loop);
    }
    await Promise.all(this.loops.map((l) => this.readOnce(l)));
    for (const loop of this.loops) loop.done = this.run(loop);
  }

  /** Resolves once every device completed a reading asked for after this call (the state as it is now). */
  async fresh(): Promise<void> {
    if (this.stopped) return;
    const now = this.deps.clock.now();
    await Promise.all(
      this.loops.map(
        (l) =>
          new Promise<void>((resolve) => {
            l.waiters.push({ after: now, resolve });
            this.poke(l, null);
          }),
      ),
    );
  }

  /** False when the device has an inventory that could not be read. */
  private async readInventory(d: SampledDevice): Promise<boolean> {
    const inv = d.kind === 'server' ? d.caps.ServerInventory : undefined;
    if (!inv) return true;
    const readStart = this.deps.clock.now();
    try {
      const state = await withDeadline(`read the inventory of ${d.device}`, this.deps.readWithinMs, (s) => inv.read(s), { clock: this.deps.clock });
      this.deps.record({ device: d.device, capability: 'ServerInventory', state, readStart });
      return true;
    } catch (e) {
      this.deps.log.warn(`cluster sampler: the inventory of ${d.device} could not be read: ${errorMessage(e)}`, { component: 'cluster-sampler', device: d.device });
      return false;
    }
  }

  private poke(loop: Loop, e: BmcEvent | null): void {
    if (e) loop.trigger = { eventId: e.id, messageId: e.messageId, originOfCondition: e.originOfCondition, eventTimestamp: e.eventTimestamp, receivedAt: e.receivedAt };
    loop.again = true;
    loop.wake?.();
  }

  private async run(loop: Loop): Promise<void> {
    while (!this.stopped) {
      if (!loop.again) await this.pause(loop);
      if (this.stopped) return;
      await this.readOnce(loop);
    }
  }

  private async readOnce(loop: Loop): Promise<void> {
    loop.again = false;
    const trigger = loop.trigger;
    loop.trigger = undefined;
    const readStart = this.deps.clock.now();
    const { device } = loop.device;
    if (loop.inventoryDue) loop.inventoryDue = !(await this.readInventory(loop.device));
    await Promise.all(
      loop.reads.map(async (r) => {
        try {
          const state = await withDeadline(`sample ${r.capability} of ${device}`, this.deps.readWithinMs, (s) => r.read(s), { clock: this.deps.clock });
          this.deps.record({ device, capability: r.capability, state, readStart, ...(trigger ? { trigger } : {}) });
        } catch (e) {
          loop.failed++;
          this.deps.log.debug(`cluster sampler: ${r.capability} of ${device}: ${errorMessage(e)}`, { component: 'cluster-sampler', device });
        }
      }),
    );
    loop.readings++;
    const due = loop.waiters.filter((w) => w.after <= readStart);
    loop.waiters = loop.waiters.filter((w) => w.after > readStart);
    for (const w of due) w.resolve();
  }

  /** Until the period passed, an event arrived or the sampler stopped. */
  private pause(loop: Loop): Promise<void> {
    return sleepUntilWoken(this.deps.clock, this.deps.periodMs, loop);
  }

  /** Stop sampling; resolves when no reading is in flight any more. Waiters of fresh() are released. */
  async stop(): Promise<SamplerSummary[]> {
    this.stopped = true;
    for (const loop of this.loops) {
      loop.unsubscribe();
      loop.wake?.();
    }
    await Promise.all(this.loops.map((l) => l.done));
    for (const loop of this.loops) for (const w of loop.waiters.splice(0)) w.resolve();
    return this.loops.map((l) => ({ device: l.device.device, readings: l.readings, failed: l.failed, missing: l.missing }));
  }
}
