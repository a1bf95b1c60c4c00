import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { Clock } from '../../lib/clock.ts';
import { registerSecret } from '../../lib/redact.ts';
import { BasicCredentialMemo } from './basic-memo.ts';
import { baseError } from './errors.ts';
import { ROLES, type Account, type Role } from './types.ts';

export interface StoredAccount {
  id: string;
  user: string;
  role: Role;
  enabled: boolean;
  passwordHash: Buffer;
}

export interface Session {
  id: string;
  token: string;
  user: string;
  role: Role;
  createdMs: number;
  lastUsed: number;
}

/**
 * One change to the account list, told to `onAccountChange` listeners after it was applied.
 * `password` is the plaintext, present only when this change set it (account created or password
 * changed): the one moment another protocol's credential store (IPMI keeps a reversible password)
 * can learn it. Listeners must not log it (it is registered with lib/redact.ts already).
 */
export type AccountChange =
  | { kind: 'added'; id: string; user: string; role: Role; enabled: boolean; password: string }
  | { kind: 'updated'; id: string; user: string; previousUser: string; role: Role; enabled: boolean; password?: string }
  | { kind: 'removed'; id: string; user: string };

export interface Principal {
  user: string;
  role: Role;
  sessionId?: string;
}

function hashPassword(password: string): Buffer {
  return createHash('sha256').update(password, 'utf8').digest();
}

export function checkRole(role: unknown, where: string): Role {
  if (typeof role === 'string' && (ROLES as readonly string[]).includes(role)) return role as Role;
  throw new TypeError(`${where}: role must be one of ${ROLES.join(', ')}, got ${JSON.stringify(role)}`);
}

/**
 * AccountService lockout (DSP0268 AccountService): after `threshold` failed logins of one account,
 * each within `resetAfterSec` of the previous one, the account is locked for `durationSec` (0 = until
 * an administrator PATCHes `Locked: false`); a locked account is refused even with the right
 * password. `threshold` 0 turns lockout off.
 */
export interface LockoutPolicy {
  threshold: number;
  durationSec: number;
  resetAfterSec: number;
}

export const DEFAULT_LOCKOUT: Readonly<LockoutPolicy> = { threshold: 5, durationSec: 30, resetAfterSec: 30 };

interface FailureRecord {
  count: number;
  lastMs: number;
  /** Clock time the lock ends (Infinity: until unlocked); undefined while not locked. */
  lockedUntil?: number;
}

const BASIC_RE = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i;

/** Accounts, sessions and request authentication (HTTP Basic or X-Auth-Token). */
export class AuthStore {
  readonly accounts = new Map<string, StoredAccount>(); // by id
  readonly sessions = new Map<string, Session>(); // by id
  private readonly byToken = new Map<string, Session>();
  /** Verified Basic credentials (constant-time hits; invalidated on every account change). */
  readonly basicMemo = new BasicCredentialMemo<StoredAccount>();
  private nextAccountId = 1;
  readonly lockout: LockoutPolicy;
  /** Failed-login counters by account id (empty in the usual case, so the hot path skips it). */
  private readonly failures = new Map<string, FailureRecord>();
  sessionTimeoutSec: number;
  /** Called after a session ends (logout, idle expiry, account removed or disabled). */
  onSessionEnd: ((id: string) => void) | undefined;
  /** Told when an account-change listener throws (the change itself stands); the service logs it. */
  onListenerError: ((err: unknown) => void) | undefined;
  private readonly accountListeners = new Set<(change: AccountChange) => void>();

  constructor(
    private readonly clock: Clock,
    accounts: readonly Account[],
    sessionTimeoutSec: number,
    readonly maxSessions = 64,
    lockout: Partial<LockoutPolicy> = {},
  ) {
    this.sessionTimeoutSec = sessionTimeoutSec;
    this.lockout = { ...DEFAULT_LOCKOUT, ...lockout };
    accounts.forEach((a, i) => this.addAccount(a, `accounts[${i}]`));
  }

  addAccount(a: Account, where = 'account'): StoredAccount {
    if (typeof a.user !== 'string' || a.user === '' || /[:\s]/.test(a.user)) throw new TypeError(`${where}.user: expected a non-empty name without ':' or spaces`);
    if (typeof a.password !== 'string' || a.password === '') throw new TypeError(`${where}.password: expected a non-empty string`);
    if (this.findByUser(a.user)) throw new TypeError(`${where}.user: "${a.user}" exists already`);
    registerSecret(a.password);
    const acc: StoredAccount = {
      id: String(this.nextAccountId++),
      user: a.user,
      role: checkRole(a.role, `${where}.role`),
      enabled: true,
      passwordHash: hashPassword(a.password),
    };
    this.accounts.set(acc.id, acc);
    this.basicMemo.invalidate();
    this.tell({ kind: 'added', id: acc.id, user: acc.user, role: acc.role, enabled: acc.enabled, password: a.password });
    return acc;
  }

  /**
   * Listen to account changes (added, updated, removed), in order, synchronously after each one
   * was applied. Returns the unsubscribe function.
   */
  onAccountChange(fn: (change: AccountChange) => void): () => void {
    this.accountListeners.add(fn);
    return () => {
      this.accountListeners.delete(fn);
    };
  }

  private tell(change: AccountChange): void {
    for (const fn of [...this.accountListeners]) {
      try {
        fn(change);
      } catch (err) {
        this.onListenerError?.(err);
      }
    }
  }

  updateAccount(id: string, change: { password?: string; role?: Role; enabled?: boolean; user?: string }): void {
    const acc = this.accounts.get(id);
    if (!acc) return;
    const previousUser = acc.user;
    if (change.password !== undefined) {
      registerSecret(change.password);
      acc.passwordHash = hashPassword(change.password);
    }
    if (change.role !== undefined) acc.role = change.role;
    if (change.enabled !== undefined) acc.enabled = change.enabled;
    if (change.user !== undefined) acc.user = change.user;
    this.basicMemo.invalidate();
    // Sessions follow their account: a disabled account or changed role ends or updates them.
    for (const s of this.sessions.values()) {
      if (s.user !== acc.user && change.user === undefined) continue;
      if (!acc.enabled) this.endSession(s.id);
      else s.role = acc.role;
    }
    this.tell({
      kind: 'updated',
      id,
      user: acc.user,
      previousUser,
      role: acc.role,
      enabled: acc.enabled,
      ...(change.password !== undefined ? { password: change.password } : {}),
    });
  }

  removeAccount(id: string): void {
    const acc = this.accounts.get(id);
    if (!acc) return;
    this.accounts.delete(id);
    this.basicMemo.invalidate();
    for (const s of [...this.sessions.values()]) if (s.user === acc.user) this.endSession(s.id);
    this.tell({ kind: 'removed', id, user: acc.user });
  }

  findByUser(user: string): StoredAccount | undefined {
    for (const a of this.accounts.values()) if (a.user === user) return a;
    return undefined;
  }

  /** The account for a user name and password, or undefined (also when the account is locked out). */
  verify(user: string, password: string): StoredAccount | undefined {
    const acc = this.findByUser(user);
    const given = hashPassword(password);
    if (!acc) {
      timingSafeEqual(given, given);
      return undefined;
    }
    const ok = acc.enabled && timingSafeEqual(given, acc.passwordHash);
    if (this.isLocked(acc.id)) return undefined;
    if (!ok) {
      this.recordFailure(acc.id);
      return undefined;
    }
    this.failures.delete(acc.id);
    return acc;
  }

  /** Whether the account is locked out now (an expired lock is cleared). */
  isLocked(id: string): boolean {
    const f = this.failures.get(id);
    if (f?.lockedUntil === undefined) return false;
    if (this.clock.now() < f.lockedUntil) return true;
    this.failures.delete(id);
    return false;
  }

  /** Lift a lockout (an administrator's `Locked: false`) and forget the failed attempts. */
  unlock(id: string): void {
    this.failures.delete(id);
  }

  private recordFailure(id: string): void {
    const { threshold, durationSec, resetAfterSec } = this.lockout;
    if (threshold <= 0) return;
    const now = this.clock.now();
    const f = this.failures.get(id) ?? { count: 0, lastMs: now };
    if (now - f.lastMs > resetAfterSec * 1000) f.count = 0;
    f.count++;
    f.lastMs = now;
    if (f.count >= threshold) {
      f.lockedUntil = durationSec > 0 ? now + durationSec * 1000 : Number.POSITIVE_INFINITY;
      f.count = 0;
    }
    this.failures.set(id, f);
  }

  createSession(acc: StoredAccount): Session {
    this.expireIdle();
    if (this.sessions.size >= this.maxSessions) throw baseError(503, 'SessionLimitExceeded');
    const token = randomBytes(24).toString('base64url');
    registerSecret(token);
    const now = this.clock.now();
    const s: Session = { id: randomBytes(8).toString('hex'), token, user: acc.user, role: acc.role, createdMs: now, lastUsed: now };
    this.sessions.set(s.id, s);
    this.byToken.set(token, s);
    return s;
  }

  endSession(id: string): boolean {
    const s = this.sessions.get(id);
    if (!s) return false;
    this.sessions.delete(id);
    this.byToken.delete(s.token);
    this.onSessionEnd?.(id);
    return true;
  }

  expireIdle(): void {
    const now = this.clock.now();
    for (const s of [...this.sessions.values()]) if (now - s.lastUsed > this.sessionTimeoutSec * 1000) this.endSession(s.id);
  }

  /** Who is calling, or undefined when no valid credentials were presented. */
  authenticate(headers: IncomingHttpHeaders): Principal | undefined {
    const token = headers['x-auth-token'];
    if (typeof token === 'string' && token !== '') {
      const s = this.byToken.get(token);
      if (!s) return undefined;
      const now = this.clock.now();
      if (now - s.lastUsed > this.sessionTimeoutSec * 1000) {
        this.endSession(s.id);
        return undefined;
      }
      s.lastUsed = now;
      return { user: s.user, role: s.role, sessionId: s.id };
    }
    const auth = headers.authorization;
    if (typeof auth !== 'string') return undefined;
    const encoded = BASIC_RE.exec(auth)?.[1];
    if (encoded === undefined) return undefined;
    const credential = Buffer.from(encoded, 'base64');
    const colon = credential.indexOf(0x3a);
    if (colon < 0) return undefined;
    const user = credential.toString('utf8', 0, colon);
    const memo = this.basicMemo.lookup(user, credential);
    if (memo) {
      if (this.failures.size > 0) {
        if (this.isLocked(memo.id)) return undefined;
        this.failures.delete(memo.id);
      }
      return { user: memo.user, role: memo.role };
    }
    const acc = this.verify(user, credential.toString('utf8', colon + 1));
    if (!acc) return undefined;
    this.basicMemo.remember(user, credential, acc);
    return { user: acc.user, role: acc.role };
  }
}
