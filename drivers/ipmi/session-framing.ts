/**
 * What a login produces: how IPMI messages travel inside the established session (RMCP+ with the
 * negotiated cipher suite, or IPMI 1.5 with MD5 auth codes), plus what both login flows need
 * from the session (LoginContext). The session itself is agnostic of the framing.
 */
import type { Clock } from '../../lib/clock.ts';
import type { Logger } from '../../lib/log.ts';
import type { CommandSpec } from './codec/commands/spec.ts';
import { BMC_ADDR, CONSOLE_SWID, encodeIpmiRequest, type IpmiResponse } from './codec/message.ts';
import type { Exchanger } from './exchange.ts';
import type { ResolvedSessionOptions } from './session-options.ts';

export interface SessionFraming {
  readonly protocol: '2.0' | '1.5';
  /** The RMCP+ cipher suite; undefined for IPMI 1.5. */
  readonly cipherSuite: number | undefined;
  /** The BMC's session ID (the one Close Session names). */
  readonly managedSessionId: number;
  /** A whole datagram carrying the IPMI message `msg`; every call takes the next sequence number. */
  wrap(msg: Buffer): Buffer;
  /** The IPMI message inside a datagram of this session, or undefined (another session, bad auth code, replay). */
  unwrap(datagram: Buffer): Buffer | undefined;
  /** RMCP+ only: a datagram carrying a payload of another type (e.g. SOL), and the opposite. */
  wrapPayload?(payloadType: number, payload: Buffer): Buffer;
  unwrapPayload?(datagram: Buffer): { payloadType: number; payload: Buffer } | undefined;
}

/** Everything a login flow needs; deadlines are shared by the whole login. */
export interface LoginContext {
  readonly exchanger: Exchanger;
  readonly target: string;
  readonly options: ResolvedSessionOptions;
  readonly clock: Clock;
  readonly log: Logger;
  readonly username: Buffer;
  readonly kuid: Buffer;
  readonly kg: Buffer | undefined;
  readonly privilege: number;
  readonly deadlineAt: number;
  readonly budgetMs: number;
  readonly signal: AbortSignal | undefined;
  /** A request outside any session (IPMI 1.5 wrapper, authType none), with retries. */
  sessionless(spec: CommandSpec, data: Buffer): Promise<IpmiResponse>;
  nextRqSeq(): number;
}

export function requestMessage(spec: CommandSpec, data: Buffer, rqSeq: number): Buffer {
  return encodeIpmiRequest({ rsAddr: BMC_ADDR, netFn: spec.netFn, rsLun: 0, rqAddr: CONSOLE_SWID, rqSeq, rqLun: 0, cmd: spec.cmd, data });
}

/** Whether `r` answers the request `spec` sent with `rqSeq`. */
export function answers(r: IpmiResponse, spec: CommandSpec, rqSeq: number): boolean {
  return r.netFn === spec.netFn + 1 && r.cmd === spec.cmd && r.rqSeq === rqSeq;
}

/** Session sequence numbers: outbound never 0 (wraps to 1); inbound replays and stale packets dropped. */
export class SequenceWindow {
  private lastIn = 0;
  constructor(private out: number) {}

  /** The sequence number for the next transmission. */
  next(): number {
    const seq = this.out;
    this.out = this.out >= 0xffffffff ? 1 : this.out + 1;
    return seq;
  }

  /** Accept an inbound number unless it is not newer than the last accepted one (0 = unsequenced). */
  accept(seq: number): boolean {
    if (seq === 0) return true;
    if (seq <= this.lastIn && this.lastIn !== 0xffffffff) return false;
    this.lastIn = seq;
    return true;
  }
}
