/**
 * Server-side RMCP+ sessions: the state machine (opened → rakp2-sent → active), the inbound
 * sequence window (replays and stale packets dropped), the session limit and the timeouts.
 * Half-open sessions (no RAKP3 yet) are not allowed to hold the table: they expire after
 * `halfOpenTimeoutMs` (default 3 s) instead of the idle timeout, and when the table is full a new
 * Open Session takes the slot of the oldest half-open one. Only active sessions fill the table.
 */
import { randomBytes } from 'node:crypto';
import type { CipherSuite } from '../../drivers/ipmi/codec/cipher-suites.ts';
import type { SessionCrypto } from '../../drivers/ipmi/codec/rmcpplus.ts';
import type { IpmiUser } from './accounts.ts';

export type SessionState = 'opened' | 'rakp2-sent' | 'active';

/**
 * Sliding window over inbound session sequence numbers (§6.12.13): a number is accepted once,
 * when it is ahead of the highest seen by at most `ahead`, or behind it by less than `behind`
 * and not yet seen. Zero is never valid inside a session.
 */
export class SequenceWindow {
  private highest = 0;
  private seen = 0n; // bit i = highest - i was accepted
  constructor(
    private readonly behind = 16,
    private readonly ahead = 32,
  ) {}
  accept(seq: number): boolean {
    if (seq === 0) return false;
    if (this.highest === 0) {
      this.highest = seq;
      this.seen = 1n;
      return true;
    }
    const diff = (seq - this.highest) >>> 0; // modulo 2^32, handles the wrap
    if (diff !== 0 && diff <= this.ahead) {
      this.seen = diff >= 64 ? 1n : ((this.seen << BigInt(diff)) | 1n) & 0xffffffffffffffffn;
      this.highest = seq;
      return true;
    }
    const back = (this.highest - seq) >>> 0;
    if (back === 0 || back >= this.behind) return false;
    const bit = 1n << BigInt(back);
    if (this.seen & bit) return false;
    this.seen |= bit;
    return true;
  }
}

export interface ServerSession {
  managedId: number;
  consoleId: number;
  suite: CipherSuite;
  state: SessionState;
  /** Highest privilege this session may take: RAKP1's requested role, capped by the user's role. */
  maxPrivilege: number;
  /** Current operating privilege (Set Session Privilege Level). */
  privilege: number;
  consoleRandom?: Buffer;
  managedRandom?: Buffer;
  role?: number;
  username?: Buffer;
  user?: IpmiUser;
  crypto?: SessionCrypto;
  lastActivity: number;
  inbound: SequenceWindow;
  outboundSeq: number;
  /** This session's SDR repository reservation (Reserve SDR Repository), 0 before any. */
  sdrReservation: number;
  peer: { address: string; port: number };
}

/** How long a session may stay half-open (Open Session or RAKP2 sent, no valid RAKP3) by default. */
export const DEFAULT_HALF_OPEN_TIMEOUT_MS = 3000;

export class SessionTable {
  private readonly sessions = new Map<number, ServerSession>();
  private readonly endedListeners = new Set<(s: ServerSession) => void>();
  constructor(
    readonly limit: number,
    readonly idleTimeoutMs: number,
    readonly halfOpenTimeoutMs = DEFAULT_HALF_OPEN_TIMEOUT_MS,
    /** Told about every half-open session that ends unfinished (expired or evicted), e.g. to count a failed login. */
    private readonly onAbandoned: (s: ServerSession, why: 'expired' | 'evicted') => void = () => {},
  ) {}

  /** Be told about every active session that ends (closed, expired, its account removed, the table cleared). */
  onEnded(fn: (s: ServerSession) => void): () => void {
    this.endedListeners.add(fn);
    return () => this.endedListeners.delete(fn);
  }

  private ended(s: ServerSession): void {
    if (s.state !== 'active') return;
    for (const fn of this.endedListeners) fn(s);
  }

  get size(): number {
    return this.sessions.size;
  }

  get activeCount(): number {
    return [...this.sessions.values()].filter((s) => s.state === 'active').length;
  }

  /** A new session in state "opened" (in the oldest half-open one's slot when full), or undefined when active sessions fill the table. */
  open(p: { consoleId: number; suite: CipherSuite; now: number; peer: { address: string; port: number } }): ServerSession | undefined {
    if (this.sessions.size >= this.limit) {
      const oldest = this.list()
        .filter((s) => s.state !== 'active')
        .sort((a, b) => a.lastActivity - b.lastActivity)[0];
      if (!oldest) return undefined;
      this.sessions.delete(oldest.managedId);
      this.onAbandoned(oldest, 'evicted');
    }
    let managedId = 0;
    while (managedId === 0 || this.sessions.has(managedId)) managedId = randomBytes(4).readUInt32LE(0);
    const s: ServerSession = {
      managedId,
      consoleId: p.consoleId,
      suite: p.suite,
      state: 'opened',
      maxPrivilege: 0,
      privilege: 0,
      lastActivity: p.now,
      inbound: new SequenceWindow(),
      outboundSeq: 0,
      sdrReservation: 0,
      peer: p.peer,
    };
    this.sessions.set(managedId, s);
    return s;
  }

  get(managedId: number): ServerSession | undefined {
    return this.sessions.get(managedId);
  }

  remove(managedId: number): boolean {
    const s = this.sessions.get(managedId);
    if (!s) return false;
    this.sessions.delete(managedId);
    this.ended(s);
    return true;
  }

  list(): ServerSession[] {
    return [...this.sessions.values()];
  }

  /**
   * Sessions follow their account: when `user` is undefined (removed or disabled) the user's
   * sessions end (returned); when its role was lowered, their privilege is capped.
   */
  followAccount(name: string, user: IpmiUser | undefined): ServerSession[] {
    const ended: ServerSession[] = [];
    for (const s of this.sessions.values()) {
      if (!s.username || s.username.toString('utf8') !== name) continue;
      if (!user) {
        this.sessions.delete(s.managedId);
        this.ended(s);
        ended.push(s);
        continue;
      }
      s.maxPrivilege = Math.min(s.maxPrivilege, user.maxPrivilege);
      s.privilege = Math.min(s.privilege, s.maxPrivilege);
    }
    return ended;
  }

  /** Drop active sessions idle for longer than the idle timeout and half-open ones older than the half-open timeout; returns them. */
  sweep(now: number): ServerSession[] {
    const expired = [...this.sessions.values()].filter((s) => now - s.lastActivity > (s.state === 'active' ? this.idleTimeoutMs : this.halfOpenTimeoutMs));
    for (const s of expired) {
      this.sessions.delete(s.managedId);
      if (s.state !== 'active') this.onAbandoned(s, 'expired');
      else this.ended(s);
    }
    return expired;
  }

  clear(): void {
    const all = this.list();
    this.sessions.clear();
    for (const s of all) this.ended(s);
  }
}
