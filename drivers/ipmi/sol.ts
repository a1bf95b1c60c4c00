/**
 * A Serial-over-LAN client on ftlab's own RMCP+ session (IPMI v2.0 §15, §24): Activate Payload
 * (SOL, instance 1, encrypted and authenticated), then characters both ways in SOL packets.
 * - Inbound: each packet carrying characters is acknowledged with its sequence number and
 *   character count; a retransmission (the same sequence number again) is acknowledged again
 *   but delivered once.
 * - Outbound: one unacknowledged packet at a time, retransmitted every `retryMs` up to `retries`
 *   times (the deadline of one packet); a partial ACK sends the rest in the next packet, a NACK
 *   holds it back one retry interval. BREAK is a packet with the break operation bit.
 * - Lost mid-run (a SolError with reason 'lost'): no ACK by the deadline, the session broke, the
 *   BMC said "SOL deactivating", or (checked every `ownerCheckMs`) another session holds the payload.
 * - close(): Deactivate Payload (best effort), the session stays the caller's.
 */
import { errorMessage } from '../../lib/errors.ts';
import type { Timer } from '../../lib/clock.ts';
import { ACTIVATE_CC, ACTIVATE_PAYLOAD, DEACTIVATE_CC_NOT_ACTIVE, DEACTIVATE_PAYLOAD, GET_PAYLOAD_INSTANCE_INFO, SOL_AUX_AUTHENTICATE, SOL_AUX_ENCRYPT, decodeActivatePayloadResponse, encodePayloadRequest } from './codec/commands/payload.ts';
import { PAYLOAD_TYPE } from './codec/rmcpplus.ts';
import { SOL_HEADER_LENGTH, SOL_STATUS, decodeSolPacket, encodeSolPacket, type SolPacket } from './codec/sol.ts';
import { SolError } from './errors.ts';
import type { IpmiSession } from './session.ts';
import { SolSender } from './sol-sender.ts';

export interface SolOptions {
  /** Retransmissions of an unacknowledged packet (default 4) and the wait before each (default 500 ms). */
  retries?: number;
  retryMs?: number;
  /** How often to check that this session still holds the payload (default 10 s; 0 = never). */
  ownerCheckMs?: number;
}

export interface SolHandlers {
  onData(bytes: Buffer): void;
  /** Once: null after close(), a SolError when the console was lost. */
  onEnd(err: Error | null): void;
}

const SOL_INSTANCE = 1;
const MAX_DATA = 255;

export class SolClient {
  private lastIn: { seq: number; accepted: number } | undefined;
  private ended = false;
  private readonly sender: SolSender;
  private ownerTimer: Timer | undefined;
  private readonly unsubscribe: Array<() => void> = [];

  private constructor(
    private readonly session: IpmiSession,
    readonly endpoint: string,
    private readonly h: SolHandlers,
    private readonly o: Required<SolOptions>,
    maxData: number,
  ) {
    this.sender = new SolSender({
      clock: session.clock,
      maxData,
      retries: o.retries,
      retryMs: o.retryMs,
      send: (p) => this.send(p),
      lost: (why) => this.lose(why),
    });
  }

  /** Activate SOL in `session` (logged in if it is not yet). Busy, disabled and refused activations are SolErrors. */
  static async activate(session: IpmiSession, h: SolHandlers, opts: SolOptions = {}): Promise<SolClient> {
    const endpoint = `sol://${session.target}`;
    const o = { retries: opts.retries ?? 4, retryMs: opts.retryMs ?? 500, ownerCheckMs: opts.ownerCheckMs ?? 10_000 };
    await session.open();
    if (session.protocol !== '2.0') throw new SolError(endpoint, 'refused', 'SOL needs an IPMI 2.0 (RMCP+) session');
    const early: Buffer[] = [];
    let client: SolClient | undefined;
    // Characters may arrive right behind the activation's answer: keep them for the client.
    const stopEarly = session.onPayload(PAYLOAD_TYPE.SOL, (p) => (client ? client.onPayload(p) : early.push(p)));
    try {
      const size = await activatePayload(session, endpoint);
      client = new SolClient(session, endpoint, h, o, Math.max(1, Math.min(MAX_DATA, size - SOL_HEADER_LENGTH)));
    } catch (e) {
      stopEarly();
      throw e;
    }
    client.unsubscribe.push(stopEarly, session.onBroken((why) => client.lose(`the IPMI session broke: ${why.message}`)));
    for (const p of early) client.onPayload(p);
    client.armOwnerCheck();
    return client;
  }

  /** Packets sent again because the BMC did not ACK them in time. */
  get retransmissions(): number {
    return this.sender.retransmissions;
  }

  /** Type `bytes`; resolves once the BMC accepted all of them. */
  write(bytes: Uint8Array): Promise<void> {
    return this.sender.write(Buffer.from(bytes));
  }

  sendBreak(): Promise<void> {
    return this.sender.sendBreak();
  }

  /** Deactivate the payload (best effort, bounded by the session's deadline). */
  async close(): Promise<void> {
    if (this.ended) return;
    this.finish(null);
    try {
      await this.session.request(DEACTIVATE_PAYLOAD, encodePayloadRequest({ payloadType: PAYLOAD_TYPE.SOL, instance: SOL_INSTANCE, aux: Buffer.alloc(4) }), { acceptCodes: [DEACTIVATE_CC_NOT_ACTIVE] });
    } catch {
      // the session may be gone already: nothing left to deactivate from here
    }
  }

  private onPayload(raw: Buffer): void {
    const d = decodeSolPacket(raw);
    if (!d.ok || this.ended) return;
    const p = d.value;
    if (p.ackSeq !== 0) this.sender.acknowledged(p);
    if (p.flags & SOL_STATUS.DEACTIVATING) return this.lose('the BMC deactivated SOL (another session took the console, or it was deactivated)');
    if (p.seq === 0) return;
    if (this.lastIn?.seq !== p.seq) {
      this.lastIn = { seq: p.seq, accepted: p.data.length };
      if (p.data.length) this.h.onData(p.data);
    }
    this.send({ seq: 0, ackSeq: p.seq, accepted: this.lastIn.accepted, flags: 0, data: Buffer.alloc(0) });
  }

  private send(p: SolPacket): void {
    try {
      this.session.sendPayload(PAYLOAD_TYPE.SOL, encodeSolPacket(p));
    } catch (e) {
      this.lose(`cannot send: ${errorMessage(e)}`);
    }
  }

  private armOwnerCheck(): void {
    if (this.o.ownerCheckMs <= 0 || this.ended) return;
    this.ownerTimer = this.session.clock.setTimer(this.o.ownerCheckMs, () => void this.checkOwner());
  }

  private async checkOwner(): Promise<void> {
    try {
      const rsp = await this.session.request(GET_PAYLOAD_INSTANCE_INFO, Buffer.from([PAYLOAD_TYPE.SOL, SOL_INSTANCE]));
      const owner = rsp.data.length >= 4 ? rsp.data.readUInt32LE(0) : 0;
      if (owner !== this.session.managedSessionId) return this.lose(owner === 0 ? 'SOL is no longer active on the BMC' : 'another session holds SOL now');
    } catch (e) {
      return this.lose(`checking that SOL is still ours failed: ${errorMessage(e)}`);
    }
    this.armOwnerCheck();
  }

  private lose(why: string): void {
    this.finish(new SolError(this.endpoint, 'lost', `lost mid-run: ${why}`));
  }

  private finish(err: Error | null): void {
    if (this.ended) return;
    this.ended = true;
    this.ownerTimer?.cancel();
    this.sender.stop(err ?? new SolError(this.endpoint, 'lost', 'closed'));
    for (const u of this.unsubscribe) u();
    this.h.onEnd(err);
  }
}

/** Activate Payload for SOL; the payload size the BMC accepts from us. */
async function activatePayload(session: IpmiSession, endpoint: string): Promise<number> {
  const aux = Buffer.from([SOL_AUX_ENCRYPT | SOL_AUX_AUTHENTICATE, 0, 0, 0]);
  const refusals = Object.values(ACTIVATE_CC);
  const rsp = await session.request(ACTIVATE_PAYLOAD, encodePayloadRequest({ payloadType: PAYLOAD_TYPE.SOL, instance: SOL_INSTANCE, aux }), { acceptCodes: refusals });
  if (rsp.completionCode === ACTIVATE_CC.ALREADY_ACTIVE) throw new SolError(endpoint, 'busy', 'busy: SOL is already active on another session (deactivate it first, e.g. ipmitool sol deactivate)');
  if (rsp.completionCode === ACTIVATE_CC.TYPE_DISABLED) throw new SolError(endpoint, 'disabled', 'SOL is disabled on the BMC (SOL configuration parameter "SOL Enable")');
  if (rsp.completionCode !== 0) throw new SolError(endpoint, 'refused', `Activate Payload refused with completion code 0x${rsp.completionCode.toString(16)}`);
  const r = decodeActivatePayloadResponse(rsp.data);
  if (!r.ok) throw new SolError(endpoint, 'refused', `malformed Activate Payload response: ${r.error.message}`, { cause: r.error });
  // The payload port is not checked against the session's: behind port forwarding a BMC reports its
  // own (623) while the lab reaches it on another; SOL travels in this session either way.
  return r.value.inboundSize;
}
