/**
 * Options of an IPMI session and their validation (bad input → ConfigError naming the option).
 *
 * Security policy, per device:
 * - Default: IPMI 2.0 / RMCP+ only, cipher suites 17 then 3 (authenticated, integrity, AES).
 * - `allowInsecure: true` is the only switch that permits the weak modes: cipher suite 0
 *   (no authentication, integrity or confidentiality; must also be listed in `cipherSuites`) and
 *   IPMI 1.5 sessions (MD5 challenge/response and MD5 per-message codes, no confidentiality).
 * - `protocol` picks the session kind: 'auto' (default) = IPMI 2.0 when the BMC offers it, else
 *   IPMI 1.5 if `allowInsecure`; '2.0' = never 1.5; '1.5' = IPMI 1.5 even when the BMC offers 2.0
 *   (needs `allowInsecure: true`).
 */
import type { Clock } from '../../lib/clock.ts';
import { ConfigError } from '../../lib/errors.ts';
import type { Logger } from '../../lib/log.ts';
import { CIPHER_SUITES, isImplemented } from './codec/cipher-suites.ts';
import { PRIVILEGE_BY_NAME } from './codec/commands/spec.ts';

export type IpmiPrivilege = 'user' | 'operator' | 'administrator';
export type IpmiProtocolChoice = 'auto' | '2.0' | '1.5';
export const IPMI_PROTOCOL_CHOICES: readonly IpmiProtocolChoice[] = ['auto', '2.0', '1.5'];

export interface IpmiSessionOptions {
  host: string;
  /** UDP port, default 623. */
  port?: number;
  user: string;
  password: string;
  /** BMC key Kg (two-key login, RMCP+ only); default none (Kg = password). */
  kg?: string;
  privilege?: IpmiPrivilege;
  /** Session kind; default 'auto' (see the file comment). '1.5' needs allowInsecure. */
  protocol?: IpmiProtocolChoice;
  /** RMCP+ suites to propose, in order. Default [17, 3]. Suite 0 needs allowInsecure. */
  cipherSuites?: number[];
  /** Permit cipher suite 0 and IPMI 1.5 sessions for this device. Default false. */
  allowInsecure?: boolean;
  /** Deadline for one call (login, or one request with all its retries). Default 5000 ms. */
  timeoutMs?: number;
  /** Retransmissions after the first send, inside the deadline. Default 3. */
  retries?: number;
  /**
   * Idle time after which a Get Device ID keeps the session alive; 0 disables. Default 20000 ms
   * (BMC idle timeouts are typically 30–60 s). A failed keep-alive marks the session broken; the
   * next call logs in again.
   */
  keepAliveMs?: number;
  clock?: Clock;
  logger?: Logger;
}

export interface ResolvedSessionOptions {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly privilege: IpmiPrivilege;
  readonly protocol: IpmiProtocolChoice;
  readonly cipherSuites: readonly number[];
  readonly allowInsecure: boolean;
  readonly timeoutMs: number;
  readonly retries: number;
  readonly keepAliveMs: number;
}

export function resolveSessionOptions(o: IpmiSessionOptions, where = 'IPMI session options'): ResolvedSessionOptions {
  if (typeof o.host !== 'string' || o.host.length === 0) throw new ConfigError(`${where}.host`, 'a host name or address', { found: o.host });
  const port = o.port ?? 623;
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new ConfigError(`${where}.port`, 'a UDP port 1–65535', { found: port });
  if (typeof o.user !== 'string' || Buffer.byteLength(o.user) > 16) throw new ConfigError(`${where}.user`, 'a user name of at most 16 bytes', { found: o.user });
  if (typeof o.password !== 'string' || Buffer.byteLength(o.password) > 20) throw new ConfigError(`${where}.password`, 'a password of at most 20 bytes');
  const privilege = o.privilege ?? 'administrator';
  if (!(privilege in PRIVILEGE_BY_NAME) || privilege === ('callback' as string)) throw new ConfigError(`${where}.privilege`, "one of 'user', 'operator', 'administrator'", { found: privilege });
  const allowInsecure = o.allowInsecure ?? false;
  if (typeof allowInsecure !== 'boolean') throw new ConfigError(`${where}.allowInsecure`, 'true or false', { found: allowInsecure });
  const protocol = o.protocol ?? 'auto';
  if (!IPMI_PROTOCOL_CHOICES.includes(protocol)) throw new ConfigError(`${where}.protocol`, "one of 'auto', '2.0', '1.5'", { found: protocol });
  if (protocol === '1.5' && !allowInsecure) {
    throw new ConfigError(`${where}.protocol`, "IPMI 1.5 sessions (MD5, no confidentiality) are insecure; set allowInsecure: true for this device to use protocol '1.5'", { found: protocol });
  }
  const cipherSuites = o.cipherSuites ?? [17, 3];
  if (!Array.isArray(cipherSuites) || cipherSuites.length === 0) throw new ConfigError(`${where}.cipherSuites`, 'a non-empty list of cipher suite numbers', { found: cipherSuites });
  for (const s of cipherSuites) {
    if (!isImplemented(s)) throw new ConfigError(`${where}.cipherSuites`, 'suites from 0, 1, 2, 3, 15, 16, 17', { found: s });
    if (CIPHER_SUITES[s]?.auth === 0 && !allowInsecure) {
      throw new ConfigError(`${where}.cipherSuites`, `suite ${s} has no authentication; set allowInsecure: true for this device to use it`, { found: s });
    }
  }
  const timeoutMs = o.timeoutMs ?? 5000;
  if (!(timeoutMs > 0)) throw new ConfigError(`${where}.timeoutMs`, 'a positive number of milliseconds', { found: timeoutMs });
  const retries = o.retries ?? 3;
  if (!Number.isInteger(retries) || retries < 0 || retries > 20) throw new ConfigError(`${where}.retries`, 'an integer 0–20', { found: retries });
  const keepAliveMs = o.keepAliveMs ?? 20_000;
  if (!(keepAliveMs >= 0)) throw new ConfigError(`${where}.keepAliveMs`, 'a non-negative number of milliseconds (0 disables)', { found: keepAliveMs });
  return { host: o.host, port, user: o.user, privilege, protocol, cipherSuites, allowInsecure, timeoutMs, retries, keepAliveMs };
}
