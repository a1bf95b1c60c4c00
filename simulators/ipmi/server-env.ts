/**
 * What the server's parts share: the device (backend), the protocol state (accounts, sessions, SDR
 * repository) and the wire (send to a peer; drop a datagram with the reason, logged at debug).
 * A payload handler is one entry of the RMCP+ dispatch (payload-dispatch.ts): IPMI messages,
 * the session-setup messages, Serial-over-LAN.
 */
import type { Clock } from '../../lib/clock.ts';
import type { Logger } from '../../lib/log.ts';
import type { UserTable } from './accounts.ts';
import type { IpmiBmcBackend } from './backend.ts';
import type { BmcState } from './bmc-state.ts';
import type { LoginLockout } from './lockout.ts';
import type { SdrRepository } from './sdr-repository.ts';
import type { ServerSession, SessionTable } from './session-table.ts';
import type { SolService } from './sol-service.ts';
import type { Watchdog } from './watchdog.ts';

export type Peer = { address: string; port: number };

export interface ServerEnv {
  readonly backend: IpmiBmcBackend;
  readonly users: UserTable;
  readonly sessions: SessionTable;
  readonly sdr: SdrRepository;
  /** 16-byte system GUID (RAKP2, RAKP4, Get Device/System GUID). */
  readonly guid: Buffer;
  /** Cipher suite IDs the channel offers. */
  readonly suites: readonly number[];
  /** Channel number reported for "this channel". */
  readonly channel: number;
  /** The address the socket is bound to (LAN configuration parameters report it). */
  readonly host: string;
  /** The UDP port the socket is bound to (Activate Payload and the SOL payload port report it). */
  localPort(): number;
  /** The Serial-over-LAN payload (instance 1), served when the backend has a console. */
  readonly sol: SolService;
  readonly state: BmcState;
  readonly watchdog: Watchdog;
  readonly lockout: LoginLockout;
  /** The BMC key K_g, when one is set. */
  readonly kg: Buffer | undefined;
  /** Whether Set User Name / Access / Password may change the accounts (else CC D5h). */
  readonly userCommands: boolean;
  readonly clock: Clock;
  readonly log: Logger;
  send(buf: Buffer, peer: Peer): void;
  /** Log why a datagram gets no answer; returns undefined so a handler can `return env.drop(...)`. */
  drop(peer: Peer, why: string): undefined;
}

/** A payload to send back, in the session the request came in (or outside any, for setup and session-less requests). */
export interface PayloadReply {
  payloadType: number;
  payload: Buffer;
  /** Run after the reply went out (Close Session removes its own session only then). */
  after?: () => void;
}

export interface PayloadHandler {
  /** Session-setup payloads (Open Session, RAKP) travel outside any session: session ID 0, no integrity. */
  readonly setup: boolean;
  /**
   * Handle one plaintext payload. `session` is the active session it came in (verified and
   * decrypted), or null outside a session. Undefined: nothing to send (the handler dropped it).
   */
  handle(env: ServerEnv, payload: Buffer, session: ServerSession | null, peer: Peer): PayloadReply | undefined | Promise<PayloadReply | undefined>;
}
