/**
 * The pool's Redis connection: `redis://HOST:PORT/DB` or `rediss://` (TLS, verification on). The
 * password comes from REDIS_PASSWORD or --pool-password-file (never from the URL, never logged: it
 * is registered with the redaction). The client reconnects on its own (a restarted redis-server is
 * picked up again); every command waits at most `commandTimeoutMs`.
 */
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { Redis } from 'ioredis';
import { ConfigError, InfraError, errorMessage } from '../../lib/errors.ts';
import { registerSecret } from '../../lib/redact.ts';

export interface PoolTarget {
  host: string;
  port: number;
  db: number;
  tls: boolean;
  /** URL without credentials, for logs and reports. */
  display: string;
}

export interface PoolCredentials {
  passwordFile?: string;
  /** PEM file of the CA that signed a rediss:// server's certificate (default: FTLAB_POOL_CA, else the system's CAs). */
  caFile?: string;
  env?: NodeJS.ProcessEnv;
}

/** The credentials of --pool-password-file and --pool-ca, as the commands take them. */
export function poolCredentials(values: { 'pool-password-file'?: string; 'pool-ca'?: string }): PoolCredentials {
  return { ...(values['pool-password-file'] !== undefined ? { passwordFile: values['pool-password-file'] } : {}), ...(values['pool-ca'] !== undefined ? { caFile: values['pool-ca'] } : {}) };
}

/** TLS options for rediss://: verification always on, against the given CA when there is one. */
function tlsOptions(target: PoolTarget, creds: PoolCredentials): { servername?: string; rejectUnauthorized: true; ca?: Buffer } {
  // An IP address is checked against the certificate's IP names; SNI carries host names only.
  const base = { ...(isIP(target.host) ? {} : { servername: target.host }), rejectUnauthorized: true as const };
  const file = creds.caFile ?? (creds.env ?? process.env).FTLAB_POOL_CA;
  if (file === undefined || file === '') return base;
  const where = creds.caFile !== undefined ? `--pool-ca ${file}` : `FTLAB_POOL_CA=${file}`;
  try {
    return { ...base, ca: readFileSync(file) };
  } catch (e) {
    throw new ConfigError(where, 'expected a readable PEM file of the CA that signed the pool server\'s certificate', { cause: e });
  }
}

/** The URL of --pool, checked: scheme redis/rediss, a host, a port, a numeric DB, no inline password. */
export function parsePoolUrl(raw: string, where = '--pool'): PoolTarget {
  let u: URL;
  try {
    u = new URL(raw);
  } catch (e) {
    throw new ConfigError(where, 'expected a URL such as redis://127.0.0.1:6379/0 or rediss://HOST:PORT/DB', { cause: e, found: raw });
  }
  if (u.protocol !== 'redis:' && u.protocol !== 'rediss:') throw new ConfigError(where, 'expected the scheme redis:// or rediss:// (TLS)', { found: raw });
  if (u.password) throw new ConfigError(where, 'put no password in the URL: use REDIS_PASSWORD or --pool-password-file', { found: raw });
  if (!u.hostname) throw new ConfigError(where, 'expected a host', { found: raw });
  const dbText = u.pathname.replace(/^\//, '') || '0';
  if (!/^\d{1,2}$/.test(dbText)) throw new ConfigError(where, 'expected the database number as the path (e.g. /0)', { found: raw });
  const tls = u.protocol === 'rediss:';
  const port = u.port ? Number(u.port) : 6379;
  const host = u.hostname.replace(/^\[|\]$/g, '');
  return { host, port, db: Number(dbText), tls, display: `${u.protocol}//${u.host}/${dbText}` };
}

function password(creds: PoolCredentials): string | undefined {
  if (creds.passwordFile !== undefined) {
    let text: string;
    try {
      text = readFileSync(creds.passwordFile, 'utf8');
    } catch (e) {
      throw new ConfigError(`--pool-password-file ${creds.passwordFile}`, 'expected a readable file holding the Redis password', { cause: e });
    }
    const pw = text.replace(/\r?\n$/, '');
    if (!pw) throw new ConfigError(`--pool-password-file ${creds.passwordFile}`, 'expected a non-empty password');
    return pw;
  }
  const env = (creds.env ?? process.env).REDIS_PASSWORD;
  return env ? env : undefined;
}

export interface ConnectOptions extends PoolCredentials {
  /** Wall ms each command may take, reconnection included (default 5 s). */
  commandTimeoutMs?: number;
  /** Wall ms the first connection may take (default 10 s). */
  connectWithinMs?: number;
}

/** A connected client; an unreachable or refusing server is an InfraError naming the URL (without secrets). */
export async function connectPool(target: PoolTarget, opts: ConnectOptions = {}): Promise<Redis> {
  const pw = password(opts);
  registerSecret(pw);
  const client = new Redis({
    host: target.host,
    port: target.port,
    db: target.db,
    ...(pw !== undefined ? { password: pw } : {}),
    ...(target.tls ? { tls: tlsOptions(target, opts) } : {}),
    lazyConnect: true,
    commandTimeout: opts.commandTimeoutMs ?? 5000,
    maxRetriesPerRequest: 20,
    // Reconnect forever, at most every second: a restarted server is picked up again.
    retryStrategy: (times) => Math.min(times * 100, 1000),
  });
  // Connection errors are retried by the client; commands fail on their own timeouts.
  client.on('error', () => undefined);
  try {
    await withTimeout(client.connect(), opts.connectWithinMs ?? 10_000);
  } catch (e) {
    client.disconnect();
    throw new InfraError(`the bench pool ${target.display} is unreachable: ${errorMessage(e)}${target.tls ? ' (rediss://: is the server\'s certificate signed by the CA of --pool-ca or FTLAB_POOL_CA, for this host name?)' : ''}`, { cause: e });
  }
  return client;
}

async function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no connection within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([p, late]);
  } finally {
    clearTimeout(timer);
  }
}
