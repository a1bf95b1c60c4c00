/**
 * The outbound half of a SOL client: characters queued by write() go out in packets of at most
 * `maxData`, one unacknowledged packet at a time. A packet is sent again (same sequence number)
 * every `retryMs` until ACKed; after `retries` retransmissions the console is lost. A partial ACK
 * sends the rest in the next packet; a NACK holds the rest back one retry interval. A write
 * resolves once every one of its characters was accepted.
 */
import type { Clock, Timer } from '../../lib/clock.ts';
import { SOL_OP, nextSolSeq, type SolPacket } from './codec/sol.ts';

interface Chunk {
  data: Buffer;
  brk: boolean;
  /** Settles the write once its last character was accepted. */
  done?: { resolve(): void; reject(e: Error): void };
}

interface InFlight {
  seq: number;
  chunk: Chunk;
  sent: number;
  timer: Timer | undefined;
}

export class SolSender {
  private seq = 0;
  private queue: Chunk[] = [];
  private inFlight: InFlight | undefined;
  private held: Timer | undefined;
  private stopped: Error | undefined;
  /** Packets sent again because no ACK came in time. */
  retransmissions = 0;

  constructor(
    private readonly o: { clock: Clock; maxData: number; retries: number; retryMs: number; send(p: SolPacket): void; lost(why: string): void },
  ) {}

  write(data: Buffer): Promise<void> {
    return this.enqueue(data, false);
  }

  sendBreak(): Promise<void> {
    return this.enqueue(Buffer.alloc(0), true);
  }

  /** An ACK or NACK from the BMC. */
  acknowledged(p: SolPacket): void {
    const f = this.inFlight;
    if (!f || p.ackSeq !== f.seq) return;
    f.timer?.cancel();
    this.inFlight = undefined;
    const accepted = Math.min(p.accepted, f.chunk.data.length);
    const rest: Chunk = { data: f.chunk.data.subarray(accepted), brk: false, ...(f.chunk.done ? { done: f.chunk.done } : {}) };
    if (rest.data.length > 0) this.queue.unshift(rest);
    else f.chunk.done?.resolve();
    if (p.flags & SOL_OP.NACK) {
      this.held = this.o.clock.setTimer(this.o.retryMs, () => {
        this.held = undefined;
        this.pump();
      });
      return;
    }
    this.pump();
  }

  /** Stop: every pending write rejects with `why`. */
  stop(why: Error): void {
    if (this.stopped) return;
    this.stopped = why;
    this.inFlight?.timer?.cancel();
    this.held?.cancel();
    for (const c of [...(this.inFlight ? [this.inFlight.chunk] : []), ...this.queue]) c.done?.reject(why);
    this.inFlight = undefined;
    this.queue = [];
  }

  private enqueue(data: Buffer, brk: boolean): Promise<void> {
    if (this.stopped) return Promise.reject(this.stopped);
    return new Promise<void>((resolve, reject) => {
      // Split into packet-sized chunks; the write settles with its last chunk.
      const parts: Chunk[] = [];
      for (let i = 0; i < data.length || (brk && i === 0); i += this.o.maxData) {
        parts.push({ data: data.subarray(i, i + this.o.maxData), brk: brk && i === 0 });
        if (brk && data.length === 0) break;
      }
      const last = parts[parts.length - 1];
      if (!last) return resolve();
      last.done = { resolve, reject };
      this.queue.push(...parts);
      this.pump();
    });
  }

  private pump(): void {
    if (this.stopped || this.inFlight || this.held) return;
    const chunk = this.queue.shift();
    if (!chunk) return;
    this.seq = nextSolSeq(this.seq);
    this.inFlight = { seq: this.seq, chunk, sent: 0, timer: undefined };
    this.transmit(this.inFlight);
  }

  private transmit(f: InFlight): void {
    if (f.sent > 0) this.retransmissions++;
    f.sent++;
    this.o.send({ seq: f.seq, ackSeq: 0, accepted: 0, flags: f.chunk.brk ? SOL_OP.BREAK : 0, data: f.chunk.data });
    f.timer = this.o.clock.setTimer(this.o.retryMs, () => {
      if (this.inFlight !== f) return;
      if (f.sent <= this.o.retries) return this.transmit(f);
      this.o.lost(`no ACK for SOL packet ${f.seq} after ${f.sent} transmissions ${this.o.retryMs} ms apart`);
    });
  }
}
