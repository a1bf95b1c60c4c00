/**
 * Per-user login lockout (the IPMI 2.0 "bad password threshold", LAN configuration parameter
 * 26): `threshold` failed logins under one user name within `resetAfterMs` of the first lock that
 * name out for `lockoutMs`, on the injected clock. Only that name is refused meanwhile; other
 * users log in as usual. A successful login clears the count. A failure is a RAKP3 whose
 * key-exchange code does not verify, a console abandoning the handshake after RAKP2 (RAKP3 with an
 * error status, or no RAKP3 before the half-open timeout): the console saw a RAKP2 it could not
 * verify, i.e. the wrong password.
 */
import type { Clock } from '../../lib/clock.ts';
import { ConfigError } from '../../lib/errors.ts';

export interface LockoutPolicy {
  /** Failures that lock the name (1..255); 0 turns the lockout off. */
  threshold: number;
  /** The failure count restarts this long after the first counted failure. */
  resetAfterMs: number;
  /** How long a locked-out name is refused. */
  lockoutMs: number;
}

export const DEFAULT_LOCKOUT: LockoutPolicy = { threshold: 5, resetAfterMs: 60_000, lockoutMs: 60_000 };

interface Record {
  failures: number;
  firstAt: number;
  lockedUntil: number;
}

export function checkLockoutPolicy(p: LockoutPolicy, where = 'IPMI server lockout'): LockoutPolicy {
  if (!Number.isInteger(p.threshold) || p.threshold < 0 || p.threshold > 255) throw new ConfigError(`${where}.threshold`, 'an integer 0..255 (0 = off)', { found: p.threshold });
  // Parameter 26 carries both intervals in 10-second units in 16 bits.
  for (const k of ['resetAfterMs', 'lockoutMs'] as const) {
    if (!Number.isInteger(p[k]) || p[k] < 0 || p[k] > 0xffff * 10_000) throw new ConfigError(`${where}.${k}`, 'milliseconds, 0..655350000', { found: p[k] });
  }
  return p;
}

export class LoginLockout {
  private readonly byName = new Map<string, Record>();
  constructor(
    readonly policy: LockoutPolicy,
    private readonly clock: Clock,
    /** Told when a name gets locked out (the server logs it and adds a Session Audit SEL event). */
    private readonly onLocked: (name: string) => void = () => {},
  ) {}

  /** Milliseconds `name` stays locked out (0: it may log in). */
  remainingMs(name: string): number {
    const r = this.byName.get(name);
    return r ? Math.max(0, r.lockedUntil - this.clock.now()) : 0;
  }

  /** Count one failed login; true when this failure locks the name out. */
  failed(name: string): boolean {
    if (this.policy.threshold === 0) return false;
    const now = this.clock.now();
    let r = this.byName.get(name);
    if (!r || (r.lockedUntil <= now && (r.lockedUntil !== 0 || now - r.firstAt >= this.policy.resetAfterMs))) {
      r = { failures: 0, firstAt: now, lockedUntil: 0 };
      this.byName.set(name, r);
    }
    if (r.lockedUntil > now) return false;
    r.failures += 1;
    if (r.failures < this.policy.threshold) return false;
    r.lockedUntil = now + this.policy.lockoutMs;
    this.onLocked(name);
    return true;
  }

  succeeded(name: string): void {
    this.byName.delete(name);
  }

  /** Forget a name (its account was removed). */
  forget(name: string): void {
    this.byName.delete(name);
  }
}
