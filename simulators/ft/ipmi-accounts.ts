/**
 * One account list for both views of an ft server: the Redfish AccountService is the source of
 * truth, and every account created, changed (password, role, enabled, name) or deleted there is
 * applied to the IPMI user table at once. IPMI needs the password itself (RAKP keys on it), which
 * Redfish only holds hashed, so this follower keeps the plaintext it learns at the moment of each
 * Redfish request (AuthStore.onAccountChange), like a real BMC's reversible IPMI password store.
 *
 * An account IPMI cannot carry is refused over IPMI (and only there), with a warning that names
 * the account and never the password: a password over 20 bytes (IPMI 2.0 Kuid limit; never
 * truncated), a user name over 16 bytes, a disabled account, or an account whose password was set
 * before IPMI started and has not been set since (this process never saw it).
 */
import { ConfigError, errorMessage } from '../../lib/errors.ts';
import type { Logger } from '../../lib/log.ts';
import type { AccountChange, Role } from '../redfish/index.ts';
import type { StoredAccount } from '../redfish/auth.ts';
import { MAX_PASSWORD_BYTES, MAX_USER_BYTES, type BmcAccount, type UserTable } from '../ipmi/accounts.ts';

interface Known {
  user: string;
  role: Role;
  enabled: boolean;
  /** Plaintext, when this process has seen it. */
  password: string | undefined;
}

/** What the follower needs from the Redfish auth store (structural: the core's AuthStore). */
export interface AccountSource {
  readonly accounts: ReadonlyMap<string, StoredAccount>;
  onAccountChange(fn: (change: AccountChange) => void): () => void;
}

/** Why an account cannot be used over IPMI, or undefined when it can. */
function ipmiRefusal(k: Known): string | undefined {
  if (!k.enabled) return 'the account is disabled';
  if (k.password === undefined) return 'its password was set before IPMI started; set it again over Redfish to use it over IPMI';
  if (Buffer.byteLength(k.user, 'utf8') > MAX_USER_BYTES) return `its user name is longer than ${MAX_USER_BYTES} bytes (the IPMI limit)`;
  if (Buffer.byteLength(k.password, 'utf8') > MAX_PASSWORD_BYTES) return `its password is longer than ${MAX_PASSWORD_BYTES} bytes (the IPMI 2.0 limit; it is not truncated)`;
  return undefined;
}

/** Applies what it knows of each Redfish account to the IPMI user table; each refusal is logged once. */
class AccountFollower {
  private readonly known = new Map<string, Known>(); // by Redfish account id
  private readonly lastWarned = new Map<string, string>(); // user → refusal already logged

  constructor(
    private readonly users: UserTable,
    private readonly log: Logger,
  ) {}

  /** The accounts present at start: seeded ones keep their given role and password. */
  seed(source: AccountSource, seeded: readonly BmcAccount[]): void {
    for (const [id, a] of source.accounts) {
      const seed = seeded.find((s) => s.user === a.user);
      const k: Known = { user: a.user, role: seed?.role ?? a.role, enabled: a.enabled, password: seed?.password };
      this.known.set(id, k);
      // Seeded accounts are in the table already (with their given role); only the others need a decision.
      if (!seed || !a.enabled) this.apply(k, true);
    }
  }

  change(c: AccountChange): void {
    switch (c.kind) {
      case 'added': {
        const k: Known = { user: c.user, role: c.role, enabled: c.enabled, password: c.password };
        this.known.set(c.id, k);
        this.apply(k);
        return;
      }
      case 'updated': {
        const k: Known = this.known.get(c.id) ?? { user: c.user, role: c.role, enabled: c.enabled, password: undefined };
        if (c.previousUser !== c.user) this.forget(c.previousUser);
        k.user = c.user;
        k.role = c.role;
        k.enabled = c.enabled;
        if (c.password !== undefined) k.password = c.password;
        this.known.set(c.id, k);
        this.apply(k);
        return;
      }
      case 'removed':
        this.known.delete(c.id);
        this.forget(c.user);
        this.log.info(`IPMI: account "${c.user}" deleted; refused over IPMI from now on`);
        return;
    }
  }

  dispose(): void {
    this.known.clear();
    this.lastWarned.clear();
  }

  private forget(user: string): void {
    this.users.remove(user);
    this.lastWarned.delete(user);
  }

  private apply(k: Known, quietUnknownPassword = false): void {
    const why = ipmiRefusal(k);
    if (why === undefined && k.password !== undefined) return this.allow(k, k.password);
    const reason = why ?? 'its password is unknown';
    this.users.remove(k.user, reason);
    if (this.lastWarned.get(k.user) === reason) return;
    this.lastWarned.set(k.user, reason);
    const quiet = !k.enabled || (k.password === undefined && quietUnknownPassword);
    this.log[quiet ? 'info' : 'warn'](`IPMI: account "${k.user}" refused over IPMI: ${reason}`);
  }

  private allow(k: Known, password: string): void {
    try {
      this.users.set({ user: k.user, password, role: k.role }, `account "${k.user}"`);
      this.lastWarned.delete(k.user);
      this.log.info(`IPMI: account "${k.user}" usable over IPMI with role ${k.role}`);
    } catch (e) {
      // toIpmiUser checks the same limits; a ConfigError here means a limit this module missed.
      this.users.remove(k.user, e instanceof ConfigError ? e.message : errorMessage(e));
      this.log.warn(`IPMI: account "${k.user}" refused over IPMI: ${errorMessage(e)}`);
    }
  }
}

/**
 * Follow the Redfish accounts into `users`. `seeded` are the accounts the IPMI table started with
 * (their passwords are known); a Redfish account of the same name is tied to them. Returns the
 * unsubscribe function.
 */
export function followRedfishAccounts(source: AccountSource, users: UserTable, seeded: readonly BmcAccount[], log: Logger): () => void {
  const follower = new AccountFollower(users, log);
  follower.seed(source, seeded);
  const off = source.onAccountChange((c) => follower.change(c));
  return () => {
    off();
    follower.dispose();
  };
}
