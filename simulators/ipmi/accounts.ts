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
  /** User ID (§22.26): 2..MAX_USER_ID; ID 1 is the null user, never enabled here. */
  id: number;
  name: Buffer;
  password: Buffer;
  maxPrivilege: number;
}

export function roleToPrivilege(role: BmcRole): number {
  return role === 'Administrator' ? PRIVILEGE.ADMINISTRATOR : role === 'Operator' ? PRIVILEGE.OPERATOR : PRIVILEGE.USER;
}

/** Why an account cannot be used over IPMI (told to the log when its RAKP1 is refused). */
export type IpmiRefusal = string;

/** User IDs 1..16 (Get User Access: maximum number of user IDs); 1 is the null user. */
export const MAX_USER_ID = 16;
export const FIRST_NAMED_USER_ID = 2;
/** Privilege limit "no access" (Set User Access, §22.26). */
export const NO_ACCESS = 0x0f;

/** One user ID's slot as Get User Access / Get User Name show it. */
export interface UserSlot {
  id: number;
  name: string;
  password: Buffer;
  /** Privilege limit on the LAN channel (1..4, or NO_ACCESS). */
  privilegeLimit: number;
  enabled: boolean;
  /** IPMI messaging enabled on the channel. */
  messaging: boolean;
}

/**
 * The accounts an IPMI server accepts, in user-ID slots. Built from a validated list at start
 * (passwords are registered as secrets so logs mask them); later changes (`set`, `remove`, and
 * the IPMI user commands through `rename` / `setAccess` / `setPassword` / `setEnabled`) apply from
 * the next RAKP1 on, and are told to `onChange` listeners (the server adjusts that user's sessions).
 */
export class UserTable {
  private readonly slots = new Map<number, UserSlot>();
  private readonly refusals = new Map<string, IpmiRefusal>();
  private readonly listeners = new Set<(name: string, user: IpmiUser | undefined) => void>();

  constructor(accounts: readonly BmcAccount[], where = 'IPMI server accounts') {
    accounts.forEach((a, i) => {
      const at = `${where}[${i}]`;
      if (this.slotOf(a.user)) throw new ConfigError(`${at}.user`, 'a user name not already listed', { found: a.user });
      const u = toIpmiUser(a, at);
      const id = this.freeId();
      if (id === undefined) throw new ConfigError(at, `at most ${MAX_USER_ID - 1} accounts (IPMI user IDs ${FIRST_NAMED_USER_ID}..${MAX_USER_ID})`);
      this.slots.set(id, { id, name: a.user, password: u.password, privilegeLimit: u.maxPrivilege, enabled: true, messaging: true });
    });
  }

  /** The user that may log in under `name` (enabled, with a password and channel access), if any. */
  find(name: Buffer): IpmiUser | undefined {
    const s = this.slotOf(name.toString('utf8'));
    return s ? loginUser(s) : undefined;
  }

  get size(): number {
    return this.slots.size;
  }

  names(): string[] {
    return [...this.slots.values()].sort((a, b) => a.id - b.id).map((s) => s.name);
  }

  slot(id: number): UserSlot | undefined {
    return this.slots.get(id);
  }

  /** Add or replace one account (validated as at start; a ConfigError leaves the table unchanged). */
  set(a: BmcAccount, where = 'IPMI account'): void {
    const user = toIpmiUser(a, where);
    const existing = this.slotOf(a.user);
    const id = existing?.id ?? this.freeId();
    if (id === undefined) throw new ConfigError(where, `a free IPMI user ID (all ${MAX_USER_ID - 1} are taken)`);
    this.slots.set(id, { id, name: a.user, password: user.password, privilegeLimit: user.maxPrivilege, enabled: true, messaging: existing?.messaging ?? true });
    this.refusals.delete(a.user);
    this.tellSlot(id);
  }

  /** Remove an account; with a reason, later logins under that name are refused naming it. */
  remove(name: string, reason?: IpmiRefusal): boolean {
    const s = this.slotOf(name);
    if (s) this.slots.delete(s.id);
    if (reason === undefined) this.refusals.delete(name);
    else this.refusals.set(name, reason);
    if (s) this.tell(name, undefined);
    return s !== undefined;
  }

  /** Set User Name: rename a slot, or fill an empty one (disabled, no password, no access); false when the name is taken. */
  rename(id: number, name: string): boolean {
    const taken = this.slotOf(name);
    if (taken && taken.id !== id) return false;
    const old = this.slots.get(id);
    this.slots.set(id, old ? { ...old, name } : { id, name, password: Buffer.alloc(0), privilegeLimit: NO_ACCESS, enabled: false, messaging: false });
    if (old && old.name !== name) this.tell(old.name, undefined);
    this.tellSlot(id);
    return true;
  }

  /** Set User Access: privilege limit and IPMI messaging of a slot; false for an empty slot. */
  setAccess(id: number, access: { privilegeLimit: number; messaging: boolean }): boolean {
    return this.update(id, access);
  }

  setPassword(id: number, password: Buffer): boolean {
    if (password.length > 0) registerSecret(password.toString('utf8'));
    return this.update(id, { password: Buffer.from(password) });
  }

  setEnabled(id: number, enabled: boolean): boolean {
    return this.update(id, { enabled });
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

  private update(id: number, change: Partial<UserSlot>): boolean {
    const s = this.slots.get(id);
    if (!s) return false;
    this.slots.set(id, { ...s, ...change });
    this.tellSlot(id);
    return true;
  }

  private slotOf(name: string): UserSlot | undefined {
    for (const s of this.slots.values()) if (s.name === name) return s;
    return undefined;
  }

  private freeId(): number | undefined {
    for (let id = FIRST_NAMED_USER_ID; id <= MAX_USER_ID; id++) if (!this.slots.has(id)) return id;
    return undefined;
  }

  private tellSlot(id: number): void {
    const s = this.slots.get(id);
    if (s) this.tell(s.name, loginUser(s));
  }

  private tell(name: string, user: IpmiUser | undefined): void {
    for (const fn of [...this.listeners]) fn(name, user);
  }
}

function loginUser(s: UserSlot): IpmiUser | undefined {
  if (!s.enabled || !s.messaging || s.password.length === 0 || s.privilegeLimit < PRIVILEGE.CALLBACK || s.privilegeLimit > PRIVILEGE.ADMINISTRATOR) return undefined;
  return { id: s.id, name: Buffer.from(s.name, 'utf8'), password: s.password, maxPrivilege: s.privilegeLimit };
}

/** Check one account against the IPMI 2.0 limits (ConfigError naming `at` and the expectation). */
export function toIpmiUser(a: BmcAccount, at: string): Omit<IpmiUser, 'id'> {
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
