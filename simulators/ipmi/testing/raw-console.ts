/**
 * A hand-driven remote console for protocol tests: it speaks RMCP+ through the shared codec but
 * lets the test choose every field (sequence numbers, replays, wrong keys, half-open sessions).
 * Every wait has a deadline.
 */
import dgram from 'node:dgram';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { CIPHER_SUITES } from '../../../drivers/ipmi/codec/cipher-suites.ts';
import { deriveSessionCrypto, deriveSik, rakp2AuthCode, rakp3AuthCode, rakp4Icv } from '../../../drivers/ipmi/codec/keys.ts';
import { BMC_ADDR, CONSOLE_SWID, decodeIpmiResponse, encodeIpmiRequest, type IpmiResponse } from '../../../drivers/ipmi/codec/message.ts';
import { decodeOpenSessionResponse, encodeOpenSessionRequest, type OpenSessionResponse } from '../../../drivers/ipmi/codec/open-session.ts';
import { decodeRakp2, decodeRakp4, encodeRakp1, encodeRakp3 } from '../../../drivers/ipmi/codec/rakp.ts';
import { decodeRmcpPlus, encodeRmcpPlus, PAYLOAD_TYPE, type SessionCrypto } from '../../../drivers/ipmi/codec/rmcpplus.ts';

export interface RawSession {
  consoleId: number;
  managedId: number;
  crypto: SessionCrypto;
  seq: number;
}

export type LoginOutcome = { ok: true; session: RawSession } | { ok: false; stage: 'open-session' | 'rakp2' | 'rakp2-code' | 'rakp4'; status: number };

export class RawConsole {
  private readonly inbox: Buffer[] = [];
  private waiter: (() => void) | undefined;
  private rqSeq = 0;

  private constructor(
    private readonly socket: dgram.Socket,
    readonly port: number,
  ) {
    socket.on('message', (m) => {
      this.inbox.push(m);
      this.waiter?.();
    });
  }

  static async connect(port: number): Promise<RawConsole> {
    const socket = dgram.createSocket('udp4');
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', () => resolve()));
    return new RawConsole(socket, port);
  }

  get localPort(): number {
    return (this.socket.address() as AddressInfo).port;
  }

  send(buf: Buffer): void {
    this.socket.send(buf, this.port, '127.0.0.1');
  }

  /** Next datagram, or an error naming `phase` after `deadlineMs`. */
  async next(phase: string, deadlineMs = 5000): Promise<Buffer> {
    const start = Date.now();
    while (this.inbox.length === 0) {
      const left = deadlineMs - (Date.now() - start);
      if (left <= 0) throw new Error(`${phase}: no datagram within ${deadlineMs} ms`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiter = () => {
          clearTimeout(t);
          resolve();
        };
      });
      this.waiter = undefined;
    }
    return this.inbox.shift() as Buffer;
  }

  pending(): number {
    return this.inbox.length;
  }

  async openSession(suiteId: number, consoleId = randomBytes(4).readUInt32LE(0) || 1, maxPrivilege = 0): Promise<OpenSessionResponse> {
    const suite = CIPHER_SUITES[suiteId];
    if (!suite) throw new RangeError(`unknown suite ${suiteId}`);
    const payload = encodeOpenSessionRequest({ tag: 1, maxPrivilege, consoleSessionId: consoleId, auth: suite.auth, integrity: suite.integrity, confidentiality: suite.confidentiality });
    this.send(encodeRmcpPlus({ payloadType: PAYLOAD_TYPE.OPEN_SESSION_REQUEST, sessionId: 0, seq: 0, payload }));
    const p = decodeRmcpPlus(await this.next('Open Session Response'));
    if (!p.ok) throw p.error;
    const r = decodeOpenSessionResponse(p.value.payload);
    if (!r.ok) throw r.error;
    return r.value;
  }

  async login(p: { user: string; password: string; suite?: number; privilege?: number }): Promise<LoginOutcome> {
    const suite = CIPHER_SUITES[p.suite ?? 3];
    if (!suite) throw new RangeError('unknown suite');
    const consoleId = randomBytes(4).readUInt32LE(0) || 1;
    const open = await this.openSession(suite.id, consoleId);
    if (open.status !== 0) return { ok: false, stage: 'open-session', status: open.status };
    const username = Buffer.from(p.user);
    const role = (p.privilege ?? 4) | 0x10;
    const consoleRandom = randomBytes(16);
    this.send(encodeRmcpPlus({ payloadType: PAYLOAD_TYPE.RAKP1, sessionId: 0, seq: 0, payload: encodeRakp1({ tag: 2, managedSessionId: open.managedSessionId, consoleRandom, role, username }) }));
    const p2 = decodeRmcpPlus(await this.next('RAKP2'));
    if (!p2.ok) throw p2.error;
    const r2 = decodeRakp2(p2.value.payload);
    if (!r2.ok) throw r2.error;
    if (r2.value.status !== 0) return { ok: false, stage: 'rakp2', status: r2.value.status };
    const kuid = Buffer.from(p.password);
    const hashInput = {
      auth: suite.auth,
      kuid,
      consoleSessionId: consoleId,
      managedSessionId: open.managedSessionId,
      consoleRandom,
      managedRandom: r2.value.managedRandom,
      managedGuid: r2.value.managedGuid,
      role,
      username,
    };
    const expected = rakp2AuthCode(hashInput);
    // A wrong password shows here: the BMC keyed its code with the real one. Tell the BMC, as consoles do.
    const codeOk = expected.equals(r2.value.authCode);
    const authCode = rakp3AuthCode(hashInput);
    this.send(encodeRmcpPlus({ payloadType: PAYLOAD_TYPE.RAKP3, sessionId: 0, seq: 0, payload: encodeRakp3({ tag: 3, status: codeOk ? 0 : 0x0f, managedSessionId: open.managedSessionId, authCode }) }));
    if (!codeOk) return { ok: false, stage: 'rakp2-code', status: 0x0f };
    const p4 = decodeRmcpPlus(await this.next('RAKP4'));
    if (!p4.ok) throw p4.error;
    const r4 = decodeRakp4(p4.value.payload);
    if (!r4.ok) throw r4.error;
    if (r4.value.status !== 0) return { ok: false, stage: 'rakp4', status: r4.value.status };
    const sik = deriveSik(hashInput);
    const icv = rakp4Icv({ auth: suite.auth, sik, consoleRandom, managedSessionId: open.managedSessionId, managedGuid: r2.value.managedGuid });
    if (!icv.equals(r4.value.icv)) throw new Error('RAKP4 ICV does not verify');
    return { ok: true, session: { consoleId, managedId: open.managedSessionId, crypto: deriveSessionCrypto(suite, sik), seq: 0 } };
  }

  /** Build (not send) an in-session request; `seq` defaults to the next session sequence number. */
  request(s: RawSession, netFn: number, cmd: number, data: number[] | Buffer = [], seq?: number): Buffer {
    const useSeq = seq ?? ++s.seq;
    this.rqSeq = (this.rqSeq + 1) & 0x3f;
    const msg = encodeIpmiRequest({ rsAddr: BMC_ADDR, netFn, rsLun: 0, rqAddr: CONSOLE_SWID, rqSeq: this.rqSeq, rqLun: 0, cmd, data: Buffer.from(data) });
    return encodeRmcpPlus({ payloadType: PAYLOAD_TYPE.IPMI, sessionId: s.managedId, seq: useSeq, payload: msg }, s.crypto);
  }

  /** Receive and decode the next in-session response. */
  async response(s: RawSession, phase: string): Promise<IpmiResponse> {
    const p = decodeRmcpPlus(await this.next(phase), s.crypto);
    if (!p.ok) throw p.error;
    if (p.value.sessionId !== s.consoleId) throw new Error(`${phase}: response for session ${p.value.sessionId}, expected ${s.consoleId}`);
    const r = decodeIpmiResponse(p.value.payload);
    if (!r.ok) throw r.error;
    return r.value;
  }

  async call(s: RawSession, netFn: number, cmd: number, data: number[] | Buffer = []): Promise<IpmiResponse> {
    this.send(this.request(s, netFn, cmd, data));
    return this.response(s, `netFn 0x${netFn.toString(16)} cmd 0x${cmd.toString(16)}`);
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.socket.close(() => resolve()));
  }
}
