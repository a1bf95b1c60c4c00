/**
 * The IPMI-over-LAN BMC (RMCP+, cipher suites 3 and 17; 0 only when allowed) for every emulated
 * device. One UDP socket; device state behind an IpmiBmcBackend; wire formats from the shared
 * codec in drivers/ipmi/codec (server role). The parts:
 *   payload-dispatch.ts  RMCP+ by payload type: handshake-payloads.ts (Open Session, RAKP 1/3 →
 *                        handshake.ts), ipmi-payload.ts (IPMI messages → commands/dispatch.ts),
 *                        sol-payload.ts (Serial-over-LAN → sol-service.ts, sol-activation.ts)
 *   session-wire.ts      the session layer: integrity, confidentiality, sequence numbers
 *   session-table.ts     sessions, sequence window, limit, idle timeout
 *   ipmi15.ts            IPMI 1.5 framing (session-less requests only)
 *
 * Dropped without an answer (and logged at debug): undecodable datagrams, packets whose
 * AuthCode does not verify, replayed or stale sequence numbers, packets for unknown or
 * unfinished sessions, session-less requests other than the two the spec allows.
 * IPMI 1.5 sessions are not served: no 1.5 authentication type is offered, and a Get Session
 * Challenge is answered at once with CC D6h so a console never waits for its timeout.
 */
import dgram from 'node:dgram';
import type { AddressInfo } from 'node:net';
import type { Timer } from '../../lib/clock.ts';
import { InfraError, errorMessage } from '../../lib/errors.ts';
import { silentLogger } from '../../lib/log.ts';
import { decodeAsf, encodeAsfPong } from '../../drivers/ipmi/codec/asf.ts';
import { classifyDatagram } from '../../drivers/ipmi/codec/packet.ts';
import type { UserTable } from './accounts.ts';
import { onIpmi15 } from './ipmi15.ts';
import { onRmcpPlus } from './payload-dispatch.ts';
import { userLockedOut } from './bmc-events.ts';
import { BmcState } from './bmc-state.ts';
import { LoginLockout } from './lockout.ts';
import { SdrRepository } from './sdr-repository.ts';
import type { Peer, ServerEnv } from './server-env.ts';
import { serverConfig, type IpmiServerOptions, type ServerConfig } from './server-options.ts';
import { SessionTable, type ServerSession } from './session-table.ts';
import { sealSessionPacket } from './session-wire.ts';
import { SolService } from './sol-service.ts';
import { PAYLOAD_TYPE } from '../../drivers/ipmi/codec/rmcpplus.ts';
import { encodeSolPacket } from '../../drivers/ipmi/codec/sol.ts';
import { Watchdog } from './watchdog.ts';

export { randomGuid, type IpmiServerOptions } from './server-options.ts';

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

const LAN_CHANNEL = 1;

function onDatagram(env: ServerEnv, msg: Buffer, peer: Peer): Promise<void> {
  const c = classifyDatagram(msg);
  if (!c.ok) return Promise.resolve(env.drop(peer, c.error.message));
  switch (c.value.kind) {
    case 'asf': {
      const a = decodeAsf(msg);
      if (!a.ok) return Promise.resolve(env.drop(peer, a.error.message));
      if (a.value.type === 'ping') env.send(encodeAsfPong(a.value.tag), peer);
      return Promise.resolve();
    }
    case 'ipmi15':
      return onIpmi15(env, msg, peer);
    case 'rmcpplus':
      return onRmcpPlus(env, msg, peer, c.value.payloadType, c.value.sessionId);
    case 'rmcp-ack':
      return Promise.resolve();
  }
}

/** Bind `socket`; on failure it is closed and the error is an InfraError naming the address. */
async function bind(socket: dgram.Socket, host: string, port: number, onLaterError: (e: Error) => void): Promise<void> {
  try {
    await new Promise<void>((resolve, reject) => {
      const onError = (e: Error): void => reject(new InfraError(`IPMI server cannot bind ${host}:${port}: ${e.message}`, { cause: e }));
      socket.once('error', onError);
      socket.bind(port, host, () => {
        socket.off('error', onError);
        socket.on('error', onLaterError);
        resolve();
      });
    });
  } catch (e) {
    try {
      socket.close();
    } catch {
      // never bound: nothing to close
    }
    throw e;
  }
}

/** Expire idle sessions every second (or half the timeout) until `stopped()`. */
function startSweeping(cfg: ServerConfig, sessions: SessionTable, env: Pick<ServerEnv, 'log'>, stopped: () => boolean): { cancel(): void } {
  let timer: Timer | undefined;
  const sweep = (): void => {
    for (const s of sessions.sweep(cfg.clock.now())) {
      if (s.state === 'active') env.log.debug(`session 0x${s.managedId.toString(16)} expired after ${cfg.idleMs} ms idle`);
    }
    if (!stopped()) timer = cfg.clock.setTimer(Math.min(1000, cfg.idleMs / 2, cfg.halfOpenMs / 2), sweep);
  };
  sweep();
  return { cancel: () => timer?.cancel() };
}

/** A half-open session that ends after RAKP2 went out counts as a failed login of its user (the console could not verify RAKP2). */
function abandoned(lockout: LoginLockout, log: ServerEnv['log']): (s: ServerSession, why: 'expired' | 'evicted') => void {
  return (s: ServerSession, why: 'expired' | 'evicted'): void => {
    log.debug(`half-open session 0x${s.managedId.toString(16)} (${s.state}) ${why}`);
    if (s.state !== 'rakp2-sent' || !s.username) return;
    lockout.failed(s.username.toString('utf8'));
  };
}

function serverEnv(opts: IpmiServerOptions, cfg: ServerConfig, socket: dgram.Socket, isClosed: () => boolean): ServerEnv {
  const log = (opts.logger ?? silentLogger).child({ component: 'ipmi-server' });
  const state = new BmcState(cfg.clock);
  const lockout = new LoginLockout(cfg.lockout, cfg.clock, (name) => {
    log.warn(`user "${name}" locked out for ${cfg.lockout.lockoutMs / 1000} s after ${cfg.lockout.threshold} failed logins`);
    if (state.selLogging()) userLockedOut(opts.backend.sel, cfg.users.find(Buffer.from(name))?.id ?? 0, LAN_CHANNEL);
  });
  const sessions = new SessionTable(cfg.sessionLimit, cfg.idleMs, cfg.halfOpenMs, abandoned(lockout, log));
  const send = (buf: Buffer, peer: Peer): void => {
    if (!isClosed()) socket.send(buf, peer.port, peer.address);
  };
  const sol = new SolService({ console: opts.backend.sol, sessions, clock: cfg.clock, log, send: (s, p) => send(sealSessionPacket(s, PAYLOAD_TYPE.SOL, encodeSolPacket(p)), s.peer) });
  return {
    backend: opts.backend,
    users: cfg.users,
    sessions,
    host: cfg.host,
    localPort: () => (socket.address() as AddressInfo).port,
    sol,
    state,
    watchdog: new Watchdog(cfg.clock, opts.backend, log, () => state.selLogging()),
    lockout,
    kg: cfg.kg,
    userCommands: cfg.userCommands,
    sdr: new SdrRepository(opts.backend.sensors(), cfg.bmcName, Math.floor(cfg.clock.wallNow() / 1000), opts.backend.fru !== undefined),
    guid: cfg.guid,
    suites: cfg.suites,
    channel: LAN_CHANNEL,
    clock: cfg.clock,
    log,
    send,
    drop: (peer, why) => {
      log.debug(`dropped a datagram from ${peer.address}:${peer.port}: ${why}`);
      return undefined;
    },
  };
}

export async function startIpmiServer(opts: IpmiServerOptions): Promise<IpmiServer> {
  const cfg = serverConfig(opts);
  const socket = dgram.createSocket(cfg.host.includes(':') ? 'udp6' : 'udp4');
  let closed = false;
  const env = serverEnv(opts, cfg, socket, () => closed);
  const { sessions, log } = env;
  const sweeper = startSweeping(cfg, sessions, env, () => closed);
  const stopFollowingUsers = cfg.users.onChange((name, user) => {
    if (!user) env.lockout.forget(name);
    for (const s of sessions.followAccount(name, user)) log.info(`session 0x${s.managedId.toString(16)} of user "${name}" ended: the account was removed or disabled`);
  });
  socket.on('message', (msg, rinfo) => {
    const peer = { address: rinfo.address, port: rinfo.port };
    void onDatagram(env, msg, peer).catch((e: unknown) => log.warn(`datagram from ${peer.address}:${peer.port} not handled: ${errorMessage(e)}`));
  });
  const stop = (): void => {
    closed = true;
    stopFollowingUsers();
    sweeper.cancel();
    env.watchdog.dispose();
    sessions.clear();
    env.sol.close();
  };
  try {
    await bind(socket, cfg.host, cfg.port, (e) => log.warn(`IPMI socket error: ${e.message}`));
  } catch (e) {
    stop();
    throw e;
  }
  const port = (socket.address() as AddressInfo).port;
  log.info(`IPMI (RMCP+) on ${cfg.host}:${port}, cipher suites ${cfg.suites.join(', ')}`);
  const close = (): Promise<void> =>
    new Promise<void>((resolve) => {
      if (closed) return resolve();
      stop();
      socket.close(() => resolve());
    });
  return { host: cfg.host, port, sessionCount: () => sessions.size, users: cfg.users, close };
}
