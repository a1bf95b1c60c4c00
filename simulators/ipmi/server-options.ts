/** The IPMI server's options and their checked, defaulted form (ConfigError naming the option). */
import { randomUUID } from 'node:crypto';
import type { Clock } from '../../lib/clock.ts';
import { systemClock } from '../../lib/clock.ts';
import { ConfigError } from '../../lib/errors.ts';
import type { Logger } from '../../lib/log.ts';
import { UserTable, type BmcAccount } from './accounts.ts';
import type { IpmiBmcBackend } from './backend.ts';
import { checkLockoutPolicy, DEFAULT_LOCKOUT, type LockoutPolicy } from './lockout.ts';
import { DEFAULT_HALF_OPEN_TIMEOUT_MS } from './session-table.ts';

export interface IpmiServerOptions {
  host?: string;
  port?: number;
  accounts: readonly BmcAccount[];
  backend: IpmiBmcBackend;
  clock?: Clock;
  /** 16-byte system GUID; random when absent. */
  guid?: Buffer;
  /** Concurrent sessions (opened and active), default 16. Open Session answers status 01h when full. */
  sessionLimit?: number;
  /** A session without traffic for this long is dropped (default 60 s, §6.12.15). */
  idleTimeoutMs?: number;
  /** A session without a valid RAKP3 this long after Open Session / RAKP1 is dropped (default 3 s). */
  halfOpenTimeoutMs?: number;
  /** Per-user lockout after failed logins (default: 5 failures within 60 s lock the name for 60 s). */
  lockout?: LockoutPolicy;
  /** The BMC key K_g (1..20 bytes; §13.31): keys the session integrity key instead of the password. */
  kg?: Buffer;
  /**
   * Whether the IPMI user commands (Set User Name / Access / Password) may change the accounts
   * (default true). False where another view owns them (the ft server: its Redfish AccountService):
   * they are then refused with CC D5h.
   */
  userCommands?: boolean;
  /** Accept cipher suite 0 (no authentication, integrity or encryption). Off by default. */
  allowCipher0?: boolean;
  /** Name in the MC device locator SDR. */
  bmcName?: string;
  logger?: Logger;
}

export interface ServerConfig {
  host: string;
  port: number;
  users: UserTable;
  guid: Buffer;
  sessionLimit: number;
  idleMs: number;
  halfOpenMs: number;
  lockout: LockoutPolicy;
  kg: Buffer | undefined;
  userCommands: boolean;
  suites: readonly number[];
  clock: Clock;
  bmcName: string;
}

/** A random (version 4) GUID in IPMI wire order: the RFC 4122 bytes, least significant first (§20.8). */
export function randomGuid(): Buffer {
  return Buffer.from(randomUUID().replace(/-/g, ''), 'hex').reverse();
}

export function serverConfig(opts: IpmiServerOptions): ServerConfig {
  const users = new UserTable(opts.accounts);
  if (users.size === 0) throw new ConfigError('IPMI server accounts', 'at least one account');
  const guid = opts.guid ?? randomGuid();
  if (guid.length !== 16) throw new ConfigError('IPMI server guid', 'exactly 16 bytes', { found: guid.length });
  const sessionLimit = opts.sessionLimit ?? 16;
  const idleMs = opts.idleTimeoutMs ?? 60_000;
  if (!Number.isInteger(sessionLimit) || sessionLimit < 1 || sessionLimit > 63) throw new ConfigError('IPMI server sessionLimit', 'an integer 1..63', { found: sessionLimit });
  if (!(idleMs > 0)) throw new ConfigError('IPMI server idleTimeoutMs', 'a positive number of milliseconds', { found: idleMs });
  const halfOpenMs = opts.halfOpenTimeoutMs ?? DEFAULT_HALF_OPEN_TIMEOUT_MS;
  if (!(halfOpenMs > 0)) throw new ConfigError('IPMI server halfOpenTimeoutMs', 'a positive number of milliseconds', { found: halfOpenMs });
  if (opts.kg && (opts.kg.length === 0 || opts.kg.length > 20)) throw new ConfigError('IPMI server kg', '1 to 20 bytes', { found: `${opts.kg.length} bytes` });
  return {
    host: opts.host ?? '127.0.0.1',
    port: opts.port ?? 0,
    users,
    guid,
    sessionLimit,
    idleMs,
    halfOpenMs,
    lockout: checkLockoutPolicy(opts.lockout ?? DEFAULT_LOCKOUT),
    kg: opts.kg && opts.kg.some((b) => b !== 0) ? opts.kg : undefined,
    userCommands: opts.userCommands ?? true,
    suites: opts.allowCipher0 ? [0, 3, 17] : [3, 17],
    clock: opts.clock ?? systemClock,
    bmcName: opts.bmcName ?? 'ftlab BMC',
  };
}
