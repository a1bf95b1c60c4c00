import { timingSafeEqual } from 'node:crypto';

/** Credentials longer than this (user:password bytes) are never memoized: always fully verified. */
export const MEMO_MAX_BYTES = 192;

interface MemoEntry<A> {
  account: A;
  /** The verified `user:password` bytes, zero-padded to MEMO_MAX_BYTES. */
  padded: Buffer;
  length: number;
  generation: number;
}

/**
 * Memo of HTTP Basic credentials that verified successfully, so that a client sending the same
 * `Authorization` header on every request does not pay a password hash each time.
 *
 * - Keyed by user name (not secret); holds the last verified `user:password` bytes of that user.
 * - A hit needs a constant-time comparison of the presented bytes with the memoized ones: both
 *   are zero-padded to a fixed size and compared with `timingSafeEqual`, and the length check is
 *   folded in afterwards, so the comparison time depends on neither the content nor the length.
 * - `invalidate()` (called on every account change: password, role, enabled, rename, delete)
 *   bumps a generation: every memoized credential must be verified again against the store.
 */
export class BasicCredentialMemo<A> {
  private readonly entries = new Map<string, MemoEntry<A>>();
  private readonly scratch = Buffer.alloc(MEMO_MAX_BYTES);
  private generation = 0;

  constructor(private readonly maxEntries = 256) {}

  /** The account memoized for exactly these credential bytes, or undefined (then verify fully). */
  lookup(user: string, credential: Buffer): A | undefined {
    const e = this.entries.get(user);
    if (!e || e.generation !== this.generation || credential.length > MEMO_MAX_BYTES) return undefined;
    this.scratch.fill(0);
    credential.copy(this.scratch);
    const same = timingSafeEqual(this.scratch, e.padded);
    return same && credential.length === e.length ? e.account : undefined;
  }

  /** Remember credentials that the store has just verified. */
  remember(user: string, credential: Buffer, account: A): void {
    if (credential.length > MEMO_MAX_BYTES) return;
    if (!this.entries.has(user) && this.entries.size >= this.maxEntries) this.entries.clear();
    const padded = Buffer.alloc(MEMO_MAX_BYTES);
    credential.copy(padded);
    this.entries.set(user, { account, padded, length: credential.length, generation: this.generation });
  }

  /** Forget everything: the next request of every user is verified against the store again. */
  invalidate(): void {
    this.generation++;
    for (const e of this.entries.values()) e.padded.fill(0);
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}
