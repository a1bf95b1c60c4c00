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

/**
 * Follow the Redfish accounts into `users`. `seeded` are the accounts the IPMI table started with
 * (their passwords are known); a Redfish account of the same name is tied to them. Returns the
 * unsubscribe function.
 */
export function followRedfishAccounts(source: AccountSource, users: UserTable, seeded: readonly BmcAccount[], log: Logger): () => void {
  const known = new Map<string, Known>(); // by Redfish account id
  const lastWarned = new Map<string, string>(); // user → refusal already logged (each is logged once)

  const apply = (k: Known, quietUnknownPassword = false): void => {
    const why = ipmiRefusal(k);
    if (why === undefined) {
      try {
        users.set({ user: k.user, password: k.password as string, role: k.role }, `account "${k.user}"`);
        lastWarned.delete(k.user);
        log.info(`IPMI: account "${k.user}" usable over IPMI with role ${k.role}`);
      } catch (e) {
        // toIpmiUser checks the same limits; a ConfigError here means a limit this module missed.
        users.remove(k.user, e instanceof ConfigError ? e.message : errorMessage(e));
        log.warn(`IPMI: account "${k.user}" refused over IPMI: ${errorMessage(e)}`);
      }
      return;
    }
    users.remove(k.user, why);
    if (lastWarned.get(k.user) === why) return;
    lastWarned.set(k.user, why);
    if (k.enabled && k.password === undefined && quietUnknownPassword) log.info(`IPMI: account "${k.user}" refused over IPMI: ${why}`);
    else if (k.enabled) log.warn(`IPMI: account "${k.user}" refused over IPMI: ${why}`);
    else log.info(`IPMI: account "${k.user}" refused over IPMI: ${why}`);
  };

  for (const [id, a] of source.accounts) {
    const seed = seeded.find((s) => s.user === a.user);
    const k: Known = { user: a.user, role: seed?.role ?? a.role, enabled: a.enabled, password: seed?.password };
    known.set(id, k);
    // Seeded accounts are in the table already (with their given role); only the others need a decision.
    if (!seed || !a.enabled) apply(k, true);
  }

  const off = source.onAccountChange((c) => {
    switch (c.kind) {
      case 'added': {
        const k: Known = { user: c.user, role: c.role, enabled: c.enabled, password: c.password };
        known.set(c.id, k);
        apply(k);
        return;
      }
      case 'updated': {
        const k: Known = known.get(c.id) ?? { user: c.user, role: c.role, enabled: c.enabled, password: undefined };
        if (c.previousUser !== c.user) {
          users.remove(c.previousUser);
          lastWarned.delete(c.previousUser);
        }
        k.user = c.user;
        k.role = c.role;
        k.enabled = c.enabled;
        if (c.password !== undefined) k.password = c.password;
        known.set(c.id, k);
        apply(k);
        return;
      }
      case 'removed':
        known.delete(c.id);
        users.remove(c.user);
        lastWarned.delete(c.user);
        log.info(`IPMI: account "${c.user}" deleted; refused over IPMI from now on`);
        return;
    }
  });
  return () => {
    off();
    known.clear();
    lastWarned.clear();
  };
}
