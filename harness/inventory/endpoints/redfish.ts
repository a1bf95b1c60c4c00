/** The `redfish:` endpoint of a device: schema and resolution. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError } from '../../../lib/errors.ts';
import type { RedfishEndpointConfig } from '../types.ts';
import { SECRET_REF_SCHEMA, type EndpointContext, type RawCredentials } from './context.ts';
import { resolveSecret } from './secret.ts';

export interface RawRedfish extends RawCredentials {
  url: string;
  insecure?: boolean;
  ca?: string;
  timeoutMs?: number;
  auth?: 'session' | 'basic';
  expand?: boolean;
}

export const REDFISH_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['url', 'user'],
  properties: {
    url: { type: 'string', pattern: '^https?://[^\\s/@]+(/.*)?$', description: 'an http(s) URL without credentials, e.g. https://10.0.0.5' },
    user: { type: 'string', minLength: 1 },
    password: SECRET_REF_SCHEMA,
    passwordFile: { type: 'string', minLength: 1, description: 'File holding the password (relative to this file); keep it 0600.' },
    insecure: { type: 'boolean', description: 'Skip TLS certificate verification (verification is on by default).' },
    ca: { type: 'string', minLength: 1, description: "PEM file of the CA that signed the BMC's certificate." },
    timeoutMs: { type: 'integer', minimum: 1 },
    auth: { type: 'string', enum: ['session', 'basic'], description: 'Authentication mode (default session).' },
    expand: { type: 'boolean', description: 'Read collections with $expand where the service root advertises it (default true); false reads each member with its own GET (a BMC whose $expand is broken).' },
  },
} as const;

function parseUrl(ctx: EndpointContext, raw: string): URL {
  const at = [...ctx.at, 'url'];
  let url: URL;
  try {
    url = new URL(raw);
  } catch (e) {
    throw new ConfigError(ctx.src.where(at), 'expected an http(s) URL', { found: raw, cause: e });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw ctx.src.error(at, 'expected an http(s) URL', { value: raw });
  if (url.username || url.password) throw ctx.src.error(at, 'expected a URL without credentials (use user and password/passwordFile)');
  return url;
}

function readableCa(ctx: EndpointContext, name: string): string {
  const ca = path.resolve(ctx.baseDir, name);
  try {
    readFileSync(ca);
  } catch (e) {
    const code = e instanceof Error ? (e as NodeJS.ErrnoException).code : undefined;
    throw ctx.src.error([...ctx.at, 'ca'], `expected a readable PEM file (${ca}: ${code ?? 'unreadable'})`);
  }
  return ca;
}

export function resolveRedfish(ctx: EndpointContext, r: RawRedfish): RedfishEndpointConfig {
  const url = parseUrl(ctx, r.url);
  if (r.insecure && r.ca) throw ctx.src.error(ctx.at, 'expected either insecure: true or ca: FILE, not both');
  const ep: RedfishEndpointConfig = {
    url: url.origin,
    user: r.user,
    password: resolveSecret(ctx, r),
    insecure: r.insecure ?? false,
    auth: r.auth ?? 'session',
  };
  if (r.ca) ep.ca = readableCa(ctx, r.ca);
  if (r.timeoutMs !== undefined) ep.timeoutMs = r.timeoutMs;
  if (r.expand === false) ep.expand = false;
  return ep;
}
