/**
 * One active SOL payload instance on the BMC side (§15.9–15.11): what the host prints goes out in
 * packets of at most `maxData` characters, one unacknowledged packet at a time, retransmitted
 * (same sequence number) every retry interval up to the retry count, then dropped; an ACK that
 * accepts only part of a packet sends the rest in the next one; a NACK holds the data back for
 * one retry interval. Characters from the console are acknowledged and typed into the host once
 * (a retransmitted packet is acknowledged again, not typed twice); the BREAK operation bit sends
 * a serial break. Deactivation detaches from the host console and, when another session
 * deactivated it, tells the owner with the "SOL deactivating" status.
 */
import { SOL_OP, SOL_STATUS, nextSolSeq, type SolPacket } from '../../drivers/ipmi/codec/sol.ts';
import type { Clock, Timer } from '../../lib/clock.ts';
import type { Logger } from '../../lib/log.ts';
import type { SolAttachment, SolConsole } from './sol-console.ts';

export interface SolLink {
  /** Send one SOL payload to the owning console (sealed in its session). */
  send(p: SolPacket): void;
  clock: Clock;
  log: Logger;
  retry(): { count: number; intervalMs: number };
  /** Characters per packet at most. */
  maxData: number;
}

interface Outbound {
  seq: number;
  data: Buffer;
  sent: number;
  timer: Timer | undefined;
}

export class SolActivation {
  private outSeq = 0;
  private pending: Outbound | undefined;
  private queued: Buffer = Buffer.alloc(0);
  private held: Timer | undefined;
  private lastIn: { seq: number; accepted: number } | undefined;
  private readonly attachment: SolAttachment;
  private closed = false;
  /** Packets dropped after the last retry went unacknowledged. */
  dropped = 0;

  constructor(
    private readonly link: SolLink,
    console: SolConsole,
  ) {
    this.attachment = console.attach((b) => this.hostOutput(b));
  }

  /** Handle a packet from the owning console; the ACK to send back, if it carried characters. */
  onPacket(p: SolPacket): SolPacket | undefined {
    if (this.closed) return undefined;
    if (p.ackSeq !== 0 && this.pending?.seq === p.ackSeq) this.acknowledged(p);
    if (p.flags & SOL_OP.BREAK) this.attachment.sendBreak();
    if (p.seq === 0) return undefined;
    if (this.lastIn?.seq !== p.seq) {
      if (p.data.length) this.attachment.input(p.data);
      this.lastIn = { seq: p.seq, accepted: p.data.length };
    }
    return { seq: 0, ackSeq: p.seq, accepted: this.lastIn.accepted, flags: 0, data: Buffer.alloc(0) };
  }

  /** Stop: detach from the host console; `notify` tells the owner (deactivated by someone else). */
  close(notify: boolean): void {
    if (this.closed) return;
    this.closed = true;
    this.pending?.timer?.cancel();
    this.held?.cancel();
    this.attachment.detach();
    if (notify) this.link.send({ seq: (this.outSeq = nextSolSeq(this.outSeq)), ackSeq: 0, accepted: 0, flags: SOL_STATUS.DEACTIVATING, data: Buffer.alloc(0) });
  }

  private hostOutput(b: Buffer): void {
    if (this.closed) return;
    this.queued = Buffer.concat([this.queued, b]);
    this.pump();
  }

  private pump(): void {
    if (this.closed || this.pending || this.held || this.queued.length === 0) return;
    const data = this.queued.subarray(0, this.link.maxData);
    this.queued = this.queued.subarray(data.length);
    this.outSeq = nextSolSeq(this.outSeq);
    this.pending = { seq: this.outSeq, data, sent: 0, timer: undefined };
    this.transmit(this.pending);
  }

  private transmit(o: Outbound): void {
    o.sent++;
    this.link.send({ seq: o.seq, ackSeq: 0, accepted: 0, flags: 0, data: o.data });
    o.timer = this.link.clock.setTimer(this.link.retry().intervalMs, () => this.unanswered(o));
  }

  private unanswered(o: Outbound): void {
    if (this.pending !== o) return;
    if (o.sent <= this.link.retry().count) return this.transmit(o);
    this.dropped++;
    this.link.log.debug(`SOL packet ${o.seq} (${o.data.length} characters) dropped: no ACK after ${o.sent} transmissions`);
    this.pending = undefined;
    this.pump();
  }

  private acknowledged(p: SolPacket): void {
    const o = this.pending;
    if (!o) return;
    o.timer?.cancel();
    this.pending = undefined;
    const rest = o.data.subarray(Math.min(p.accepted, o.data.length));
    if (rest.length) this.queued = Buffer.concat([rest, this.queued]);
    if (p.flags & SOL_OP.NACK) {
      this.held = this.link.clock.setTimer(this.link.retry().intervalMs, () => {
        this.held = undefined;
        this.pump();
      });
      return;
    }
    this.pump();
  }
}
