/**
 * The workload's UDP echo, without I/O: what happens to a datagram in each workload mode and to
 * the datagrams held during a stall when the mode changes (see workload.ts for the rules and the
 * bounds). It runs on the echo's own thread (udp-echo-worker.ts); the caller supplies the mode in
 * force and the send.
 */
import type { WorkloadMode } from './types.ts';

/** Bytes charged per queued datagram on top of its payload: the Buffer, the entry, the address. */
export const QUEUE_ENTRY_OVERHEAD = 160;
export const DEFAULT_MAX_QUEUED = 200_000;
export const DEFAULT_MAX_QUEUED_BYTES = 32 * 2 ** 20;

export interface Datagram {
  msg: Buffer;
  port: number;
  address: string;
}

/** The echo's counters, in this order in the shared statistics array (ECHO_STATS). */
export const ECHO_STATS = ['udpAnswered', 'udpQueued', 'udpDropped', 'udpOverflowDropped', 'udpQueuedBytes', 'udpQueuedBytesPeak'] as const;
export type UdpEchoStats = Record<(typeof ECHO_STATS)[number], number>;

export class UdpEchoCore {
  private queue: Datagram[] = [];
  readonly stats: UdpEchoStats = { udpAnswered: 0, udpQueued: 0, udpDropped: 0, udpOverflowDropped: 0, udpQueuedBytes: 0, udpQueuedBytesPeak: 0 };

  constructor(
    private readonly send: (d: Datagram) => void,
    private readonly limits: { maxQueued: number; maxQueuedBytes: number } = { maxQueued: DEFAULT_MAX_QUEUED, maxQueuedBytes: DEFAULT_MAX_QUEUED_BYTES },
  ) {}

  /** A datagram arrives while `mode` is in force. */
  onDatagram(mode: WorkloadMode, d: Datagram): void {
    switch (mode) {
      case 'answer':
        if (this.queue.length) this.settle(mode);
        this.reply(d);
        return;
      case 'queue':
        this.hold(d);
        return;
      case 'drop':
      case 'down':
        this.stats.udpDropped++;
        return;
    }
  }

  /** The mode changed to `mode`: answer what was held (answer), or drop it (drop, down); a queue keeps it. */
  settle(mode: WorkloadMode): void {
    if (mode === 'queue') return;
    const waiting = this.queue;
    this.queue = [];
    this.stats.udpQueuedBytes = 0;
    if (mode === 'answer') for (const d of waiting) this.reply(d);
    else this.stats.udpDropped += waiting.length;
  }

  private hold(d: Datagram): void {
    const cost = d.msg.length + QUEUE_ENTRY_OVERHEAD;
    if (this.queue.length >= this.limits.maxQueued || this.stats.udpQueuedBytes + cost > this.limits.maxQueuedBytes) {
      this.stats.udpDropped++;
      this.stats.udpOverflowDropped++;
      return;
    }
    this.queue.push(d);
    this.stats.udpQueued++;
    this.stats.udpQueuedBytes += cost;
    this.stats.udpQueuedBytesPeak = Math.max(this.stats.udpQueuedBytesPeak, this.stats.udpQueuedBytes);
  }

  private reply(d: Datagram): void {
    this.stats.udpAnswered++;
    this.send(d);
  }
}

/** Milliseconds on a clock every thread of the process shares (a planned resume is an instant on it). */
export function resumeClockNow(): number {
  return performance.timeOrigin + performance.now();
}

/** Workload modes as the numbers the main thread stores for the echo thread (index = code). */
export const MODE_CODES: readonly WorkloadMode[] = ['answer', 'queue', 'drop', 'down'];

/** The next loopback address after `host` (127.x.y.z+1), where the address-moving defects answer from; other hosts: itself. */
export function secondAddressOf(host: string): string {
  const m = /^127\.(\d+)\.(\d+)\.(\d+)$/.exec(host);
  if (!m) return host;
  const last = Number(m[3]);
  return `127.${m[1]}.${m[2]}.${last >= 254 ? 1 : last + 1}`;
}
