/** The IPMI server's options and their checked, defaulted form (ConfigError naming the option). */
import { randomUUID } from 'node:crypto';
import type { Clock } from '../../lib/clock.ts';
import { systemClock } from '../../lib/clock.ts';
import { ConfigError } from '../../lib/errors.ts';
import type { Logger } from '../../lib/log.ts';
import { UserTable, type BmcAccount } from './accounts.ts';
import type { IpmiBmcBackend } from './backend.ts';

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
  return {
    host: opts.host ?? '127.0.0.1',
    port: opts.port ?? 0,
    users,
    guid,
    sessionLimit,
    idleMs,
    suites: opts.allowCipher0 ? [0, 3, 17] : [3, 17],
    clock: opts.clock ?? systemClock,
    bmcName: opts.bmcName ?? 'ftlab BMC',
  };
}
