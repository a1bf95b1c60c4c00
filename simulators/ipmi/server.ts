/**
 * The IPMI-over-LAN BMC (RMCP+, cipher suites 3 and 17; 0 only when allowed) for every emulated
 * device. One UDP socket; session setup and commands through the shared codec in
 * drivers/ipmi/codec (server role); device state behind an IpmiBmcBackend.
 *
 * Dropped without an answer (and logged at debug): undecodable datagrams, packets whose
 * AuthCode does not verify, replayed or stale sequence numbers, packets for unknown or
 * unfinished sessions, session-less requests other than the two the spec allows.
 * IPMI 1.5 sessions are not served: no 1.5 authentication type is offered, and a Get Session
 * Challenge is answered at once with CC D6h so a console never waits for its timeout.
 */
import dgram from 'node:dgram';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { systemClock, type Clock, type Timer } from '../../lib/clock.ts';
import { ConfigError, InfraError, errorMessage } from '../../lib/errors.ts';
import { silentLogger, type Logger } from '../../lib/log.ts';
import { decodeAsf, encodeAsfPong } from '../../drivers/ipmi/codec/asf.ts';
import { CC } from '../../drivers/ipmi/codec/completion-codes.ts';
import { decodeIpmiRequest, encodeIpmiResponse, NETFN, type IpmiRequest } from '../../drivers/ipmi/codec/message.ts';
import { decodeOpenSessionRequest, encodeOpenSessionResponse } from '../../drivers/ipmi/codec/open-session.ts';
import { classifyDatagram } from '../../drivers/ipmi/codec/packet.ts';
import { decodeRakp1, decodeRakp3, encodeRakp2, encodeRakp4 } from '../../drivers/ipmi/codec/rakp.ts';
import { decodeRmcpPlus, encodeRmcpPlus, PAYLOAD_TYPE } from '../../drivers/ipmi/codec/rmcpplus.ts';
import { AUTH_TYPE, decodeSession15, encodeSession15 } from '../../drivers/ipmi/codec/session15.ts';
import { UserTable, type BmcAccount, type IpmiUser } from './accounts.ts';
import { IpmiCommandRefused, type IpmiBmcBackend } from './backend.ts';
import { APP_COMMANDS } from './commands/app.ts';
import { CHASSIS_COMMANDS } from './commands/chassis.ts';
import { SENSOR_COMMANDS } from './commands/sensor.ts';
import { STORAGE_COMMANDS } from './commands/storage.ts';
import { key, type CommandContext, type CommandHandler, type CommandResult } from './commands/types.ts';
import { openSession, rakp1, rakp3, type HandshakeContext } from './handshake.ts';
import { SdrRepository } from './sdr-repository.ts';
import { SessionTable, type ServerSession } from './session-table.ts';

export interface IpmiServerOptions {
  host?: string;
  port?: number;
  accounts: readonly BmcAccount[];
  backend: IpmiBmcBackend;
  clock?: Clock;
  /** 16-byte system GUID; random when absent. */
  guid?: Buffer;
  /** Concurrent sessions (opened and active), default 16. Open Session answers status 01h when full. */
  sessionLimit?: number;
  /** A session without traffic for this long is dropped (default 60 s, §6.12.15). */
  idleTimeoutMs?: number;
  /** Accept cipher suite 0 (no authentication, integrity or encryption). Off by default. */
  allowCipher0?: boolean;
  /** Name in the MC device locator SDR. */
  bmcName?: string;
  logger?: Logger;
}

export interface IpmiServer {
  readonly host: string;
  readonly port: number;
  /** Sessions currently held (opened or active). */
  sessionCount(): number;
  /**
   * The accounts, changeable while serving: `set` / `remove` apply from the next RAKP1 on. A
   * removed user's sessions end at once; a lowered role lowers its sessions' privilege.
   */
  readonly users: UserTable;
  close(): Promise<void>;
}

const HANDLERS = new Map<number, CommandHandler>([...APP_COMMANDS, ...CHASSIS_COMMANDS, ...STORAGE_COMMANDS, ...SENSOR_COMMANDS]);
const LAN_CHANNEL = 1;
/** Get Session Challenge (§22.16): the first step of an IPMI 1.5 session, refused here. */
const GET_SESSION_CHALLENGE_CMD = 0x39;

type Peer = { address: string; port: number };

/** A random (version 4) GUID in IPMI wire order: the RFC 4122 bytes, least significant first (§20.8). */
export function randomGuid(): Buffer {
  return Buffer.from(randomUUID().replace(/-/g, ''), 'hex').reverse();
}

export async function startIpmiServer(opts: IpmiServerOptions): Promise<IpmiServer> {
  const clock = opts.clock ?? systemClock;
  const log = (opts.logger ?? silentLogger).child({ component: 'ipmi-server' });
  const users = new UserTable(opts.accounts);
  if (users.size === 0) throw new ConfigError('IPMI server accounts', 'at least one account');
  const guid = opts.guid ?? randomGuid();
  if (guid.length !== 16) throw new ConfigError('IPMI server guid', 'exactly 16 bytes', { found: guid.length });
  const limit = opts.sessionLimit ?? 16;
  const idleMs = opts.idleTimeoutMs ?? 60_000;
  if (!Number.isInteger(limit) || limit < 1 || limit > 63) throw new ConfigError('IPMI server sessionLimit', 'an integer 1..63', { found: limit });
  if (!(idleMs > 0)) throw new ConfigError('IPMI server idleTimeoutMs', 'a positive number of milliseconds', { found: idleMs });
  const suites = opts.allowCipher0 ? [0, 3, 17] : [3, 17];
  const sessions = new SessionTable(limit, idleMs);
  const stopFollowingUsers = users.onChange((name, user) => followUser(name, user));
  const sdr = new SdrRepository(opts.backend.sensors(), opts.bmcName ?? 'ftlab BMC', Math.floor(clock.wallNow() / 1000));
  const host = opts.host ?? '127.0.0.1';

  const socket = dgram.createSocket(host.includes(':') ? 'udp6' : 'udp4');
  let closed = false;
  const send = (buf: Buffer, peer: Peer): void => {
    if (!closed) socket.send(buf, peer.port, peer.address);
  };
  const drop = (peer: Peer, why: string): void => {
    log.debug(`dropped a datagram from ${peer.address}:${peer.port}: ${why}`);
  };

  let sweepTimer: Timer | undefined;
  const sweep = (): void => {
    for (const s of sessions.sweep(clock.now())) log.debug(`session 0x${s.managedId.toString(16)} (${s.state}) expired after ${idleMs} ms idle`);
    if (!closed) sweepTimer = clock.setTimer(Math.min(1000, idleMs / 2), sweep);
  };
  sweep();

  /** Sessions follow their account: removed → ended; role lowered → privilege capped. */
  function followUser(name: string, user: IpmiUser | undefined): void {
    for (const s of sessions.list()) {
      if (!s.username || s.username.toString('utf8') !== name) continue;
      if (!user) {
        sessions.remove(s.managedId);
        log.info(`session 0x${s.managedId.toString(16)} of user "${name}" ended: the account was removed or disabled`);
        continue;
      }
      s.maxPrivilege = Math.min(s.maxPrivilege, user.maxPrivilege);
      s.privilege = Math.min(s.privilege, s.maxPrivilege);
    }
  }

  function handshakeContext(peer: Peer): HandshakeContext {
    return {
      table: sessions,
      users,
      suites,
      guid,
      now: clock.now(),
      peer,
      onRefused: (stage, status, detail) => log.info(`session setup refused at ${stage} for ${peer.address}:${peer.port}: status 0x${status.toString(16)}: ${detail}`),
    };
  }

  async function runCommand(req: IpmiRequest, session: ServerSession | null): Promise<CommandResult> {
    const h = HANDLERS.get(key(req.netFn, req.cmd));
    if (!h) return { cc: CC.INVALID_COMMAND };
    if (!session && !h.sessionless) return { cc: CC.INSUFFICIENT_PRIVILEGE };
    if (session && session.privilege < h.privilege) return { cc: CC.INSUFFICIENT_PRIVILEGE };
    const lengths = h.length === undefined ? undefined : typeof h.length === 'number' ? [h.length] : h.length;
    if (lengths && !lengths.includes(req.data.length)) return { cc: CC.DATA_LENGTH_INVALID };
    const ctx: CommandContext = { backend: opts.backend, session, sdr, sessions, guid, suites, channel: LAN_CHANNEL };
    try {
      return await h.run(ctx, req.data);
    } catch (e) {
      if (e instanceof IpmiCommandRefused) {
        log.debug(`${h.name} refused by the backend: ${e.message}`);
        return { cc: e.completionCode };
      }
      log.warn(`${h.name} failed in the backend: ${errorMessage(e)}`);
      return { cc: CC.UNSPECIFIED };
    }
  }

  function respond(req: IpmiRequest, r: CommandResult): Buffer {
    return encodeIpmiResponse({
      rqAddr: req.rqAddr,
      netFn: req.netFn | 1,
      rqLun: req.rqLun,
      rsAddr: req.rsAddr,
      rqSeq: req.rqSeq,
      rsLun: req.rsLun,
      cmd: req.cmd,
      completionCode: r.cc,
      data: r.cc === 0 ? (r.data ?? Buffer.alloc(0)) : Buffer.alloc(0),
    });
  }

  async function onIpmi15(msg: Buffer, peer: Peer): Promise<void> {
    const p = decodeSession15(msg);
    if (!p.ok) return drop(peer, p.error.message);
    if (p.value.authType !== AUTH_TYPE.NONE || p.value.sessionId !== 0) return drop(peer, 'IPMI 1.5 sessions are not supported');
    const req = decodeIpmiRequest(p.value.payload);
    if (!req.ok) return drop(peer, req.error.message);
    if (req.value.netFn === NETFN.APP && req.value.cmd === GET_SESSION_CHALLENGE_CMD) {
      // IPMI 1.5 sessions are off: refuse at once (CC D6h, "command sub-function disabled or
      // unavailable", Table 5-2) rather than leave the console waiting for its timeout.
      log.info(`IPMI 1.5 session refused for ${peer.address}:${peer.port}: Get Session Challenge answered 0x${CC.SUBFUNCTION_DISABLED.toString(16)} (only RMCP+ / IPMI 2.0 sessions are served)`);
      send(encodeSession15({ authType: AUTH_TYPE.NONE, seq: 0, sessionId: 0, payload: respond(req.value, { cc: CC.SUBFUNCTION_DISABLED }) }), peer);
      return;
    }
    const h = HANDLERS.get(key(req.value.netFn, req.value.cmd));
    if (!h?.sessionless) return drop(peer, `session-less IPMI 1.5 request netFn 0x${req.value.netFn.toString(16)} cmd 0x${req.value.cmd.toString(16)}`);
    const r = await runCommand(req.value, null);
    send(encodeSession15({ authType: AUTH_TYPE.NONE, seq: 0, sessionId: 0, payload: respond(req.value, r) }), peer);
  }

  async function onRmcpPlus(msg: Buffer, peer: Peer, payloadType: number, sessionId: number): Promise<void> {
    if (payloadType === PAYLOAD_TYPE.OPEN_SESSION_REQUEST || payloadType === PAYLOAD_TYPE.RAKP1 || payloadType === PAYLOAD_TYPE.RAKP3) {
      const p = decodeRmcpPlus(msg);
      if (!p.ok) return drop(peer, p.error.message);
      const ctx = handshakeContext(peer);
      let reply: { type: number; payload: Buffer } | undefined;
      if (payloadType === PAYLOAD_TYPE.OPEN_SESSION_REQUEST) {
        const m = decodeOpenSessionRequest(p.value.payload);
        if (!m.ok) return drop(peer, m.error.message);
        reply = { type: PAYLOAD_TYPE.OPEN_SESSION_RESPONSE, payload: encodeOpenSessionResponse(openSession(ctx, m.value)) };
      } else if (payloadType === PAYLOAD_TYPE.RAKP1) {
        const m = decodeRakp1(p.value.payload);
        if (!m.ok) return drop(peer, m.error.message);
        reply = { type: PAYLOAD_TYPE.RAKP2, payload: encodeRakp2(rakp1(ctx, m.value)) };
      } else {
        const m = decodeRakp3(p.value.payload);
        if (!m.ok) return drop(peer, m.error.message);
        const r4 = rakp3(ctx, m.value);
        if (r4) reply = { type: PAYLOAD_TYPE.RAKP4, payload: encodeRakp4(r4) };
        if (r4?.status === 0) log.debug(`session 0x${m.value.managedSessionId.toString(16)} active for ${peer.address}:${peer.port}`);
      }
      if (reply) send(encodeRmcpPlus({ payloadType: reply.type, sessionId: 0, seq: 0, payload: reply.payload }), peer);
      return;
    }
    if (payloadType !== PAYLOAD_TYPE.IPMI) return drop(peer, `payload type 0x${payloadType.toString(16)} is not supported`);
    if (sessionId === 0) {
      const p = decodeRmcpPlus(msg);
      if (!p.ok) return drop(peer, p.error.message);
      const req = decodeIpmiRequest(p.value.payload);
      if (!req.ok) return drop(peer, req.error.message);
      if (!HANDLERS.get(key(req.value.netFn, req.value.cmd))?.sessionless) return drop(peer, 'session-less request for a command that needs a session');
      const r = await runCommand(req.value, null);
      send(encodeRmcpPlus({ payloadType: PAYLOAD_TYPE.IPMI, sessionId: 0, seq: 0, payload: respond(req.value, r) }), peer);
      return;
    }
    const s = sessions.get(sessionId);
    if (!s || s.state !== 'active' || !s.crypto) return drop(peer, `no active session 0x${sessionId.toString(16)}`);
    const p = decodeRmcpPlus(msg, s.crypto);
    if (!p.ok) return drop(peer, `session 0x${sessionId.toString(16)}: ${p.error.message}`);
    if (!s.inbound.accept(p.value.seq)) return drop(peer, `session 0x${sessionId.toString(16)}: sequence ${p.value.seq} replayed or outside the window`);
    s.lastActivity = clock.now();
    const req = decodeIpmiRequest(p.value.payload);
    if (!req.ok) return drop(peer, req.error.message);
    const r = await runCommand(req.value, s);
    if (sessions.get(s.managedId) !== s) return; // closed meanwhile
    s.outboundSeq = (s.outboundSeq % 0xffffffff) + 1;
    send(encodeRmcpPlus({ payloadType: PAYLOAD_TYPE.IPMI, sessionId: s.consoleId, seq: s.outboundSeq, payload: respond(req.value, r) }, s.crypto), peer);
    r.after?.();
  }

  async function onDatagram(msg: Buffer, peer: Peer): Promise<void> {
    const c = classifyDatagram(msg);
    if (!c.ok) return drop(peer, c.error.message);
    switch (c.value.kind) {
      case 'asf': {
        const a = decodeAsf(msg);
        if (!a.ok) return drop(peer, a.error.message);
        if (a.value.type === 'ping') send(encodeAsfPong(a.value.tag), peer);
        return;
      }
      case 'ipmi15':
        return onIpmi15(msg, peer);
      case 'rmcpplus':
        return onRmcpPlus(msg, peer, c.value.payloadType, c.value.sessionId);
      case 'rmcp-ack':
        return;
    }
  }

  socket.on('message', (msg, rinfo) => {
    const peer = { address: rinfo.address, port: rinfo.port };
    onDatagram(msg, peer).catch((e: unknown) => log.warn(`datagram from ${peer.address}:${peer.port} not handled: ${errorMessage(e)}`));
  });

  await new Promise<void>((resolve, reject) => {
    const onError = (e: Error): void => reject(new InfraError(`IPMI server cannot bind ${host}:${opts.port ?? 0}: ${e.message}`, { cause: e }));
    socket.once('error', onError);
    socket.bind(opts.port ?? 0, host, () => {
      socket.off('error', onError);
      socket.on('error', (e) => log.warn(`IPMI socket error: ${e.message}`));
      resolve();
    });
  }).catch((e: unknown) => {
    closed = true;
    sweepTimer?.cancel();
    try {
      socket.close();
    } catch {
      // never bound: nothing to close
    }
    throw e;
  });
  const port = (socket.address() as AddressInfo).port;
  log.info(`IPMI (RMCP+) on ${host}:${port}, cipher suites ${suites.join(', ')}`);

  return {
    host,
    port,
    sessionCount: () => sessions.size,
    users,
    close: () =>
      new Promise<void>((resolve) => {
        if (closed) return resolve();
        closed = true;
        stopFollowingUsers();
        sweepTimer?.cancel();
        sessions.clear();
        socket.close(() => resolve());
      }),
  };
}
