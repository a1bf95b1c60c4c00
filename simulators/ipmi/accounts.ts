/**
 * BMC user accounts and IPMI privilege levels. Roles are the Redfish ones so one account list
 * serves both views: ReadOnly → User (2), Operator → Operator (3), Administrator → Admin (4).
 */
import { PRIVILEGE } from '../../drivers/ipmi/codec/commands/spec.ts';
import { ConfigError } from '../../lib/errors.ts';
import { registerSecret } from '../../lib/redact.ts';

export type BmcRole = 'ReadOnly' | 'Operator' | 'Administrator';
export const BMC_ROLES: readonly BmcRole[] = ['ReadOnly', 'Operator', 'Administrator'];


export interface BmcAccount {
  user: string;
  password: string;
  role: BmcRole;
}

/** IPMI 2.0 limits (§13.31: Kuid is 20 bytes; §22.28: user names are 16 bytes). */
export const MAX_USER_BYTES = 16;
export const MAX_PASSWORD_BYTES = 20;

export interface IpmiUser {
  name: Buffer;
  password: Buffer;
  maxPrivilege: number;
}

export function roleToPrivilege(role: BmcRole): number {
  return role === 'Administrator' ? PRIVILEGE.ADMINISTRATOR : role === 'Operator' ? PRIVILEGE.OPERATOR : PRIVILEGE.USER;
}

/** Why an account cannot be used over IPMI (told to the log when its RAKP1 is refused). */
export type IpmiRefusal = string;

/**
 * The accounts an IPMI server accepts. Built from a validated list at start (passwords are
 * registered as secrets so logs mask them); later changes (`set`, `remove`) apply from the next
 * RAKP1 on, and are told to `onChange` listeners (the server adjusts that user's open sessions).
 */
export class UserTable {
  private readonly byName = new Map<string, IpmiUser>();
  private readonly refusals = new Map<string, IpmiRefusal>();
  private readonly listeners = new Set<(name: string, user: IpmiUser | undefined) => void>();

  constructor(accounts: readonly BmcAccount[], where = 'IPMI server accounts') {
    accounts.forEach((a, i) => {
      const at = `${where}[${i}]`;
      if (this.byName.has(a.user)) throw new ConfigError(`${at}.user`, 'a user name not already listed', { found: a.user });
      this.byName.set(a.user, toIpmiUser(a, at));
    });
  }

  find(name: Buffer): IpmiUser | undefined {
    return this.byName.get(name.toString('utf8'));
  }

  get size(): number {
    return this.byName.size;
  }

  names(): string[] {
    return [...this.byName.keys()];
  }

  /** Add or replace one account (validated as at start; a ConfigError leaves the table unchanged). */
  set(a: BmcAccount, where = 'IPMI account'): void {
    const user = toIpmiUser(a, where);
    this.byName.set(a.user, user);
    this.refusals.delete(a.user);
    this.tell(a.user, user);
  }

  /** Remove an account; with a reason, later logins under that name are refused naming it. */
  remove(name: string, reason?: IpmiRefusal): boolean {
    const had = this.byName.delete(name);
    if (reason === undefined) this.refusals.delete(name);
    else this.refusals.set(name, reason);
    if (had) this.tell(name, undefined);
    return had;
  }

  /** Why a name that is not in the table cannot log in over IPMI, when known. */
  refusal(name: Buffer): IpmiRefusal | undefined {
    return this.refusals.get(name.toString('utf8'));
  }

  /** Listen to changes: the user as it is now, or undefined when removed. Returns the unsubscribe function. */
  onChange(fn: (name: string, user: IpmiUser | undefined) => void): () => void {
    this.listeners.add(fn);
    return () => {
      this.listeners.delete(fn);
    };
  }

  private tell(name: string, user: IpmiUser | undefined): void {
    for (const fn of [...this.listeners]) fn(name, user);
  }
}

/** Check one account against the IPMI 2.0 limits (ConfigError naming `at` and the expectation). */
export function toIpmiUser(a: BmcAccount, at: string): IpmiUser {
  if (typeof a.user !== 'string' || a.user.length === 0) throw new ConfigError(`${at}.user`, 'a non-empty user name');
  const name = Buffer.from(a.user, 'utf8');
  if (name.length > MAX_USER_BYTES) throw new ConfigError(`${at}.user`, `at most ${MAX_USER_BYTES} bytes for IPMI`, { found: a.user });
  if (typeof a.password !== 'string' || a.password.length === 0) throw new ConfigError(`${at}.password`, 'a non-empty password');
  const password = Buffer.from(a.password, 'utf8');
  if (password.length > MAX_PASSWORD_BYTES) throw new ConfigError(`${at}.password`, `at most ${MAX_PASSWORD_BYTES} bytes for IPMI 2.0`);
  if (!BMC_ROLES.includes(a.role)) throw new ConfigError(`${at}.role`, `one of ${BMC_ROLES.join(', ')}`, { found: a.role });
  registerSecret(a.password);
  return { name, password, maxPrivilege: roleToPrivilege(a.role) };
}
