/**
 * The lab inventory (contract, architecture.md §4): YAML validated against lab.schema.json plus
 * semantic checks. Every error names the file, line, path and what was expected. Passwords are
 * never inline: `${env:VAR}` or `passwordFile` (relative to the inventory file); they are
 * resolved here and registered as secrets.
 */
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { IPMI_PROTOCOL_CHOICES, type IpmiProtocolChoice } from '../../drivers/ipmi/session-options.ts';
import { ConfigError } from '../../lib/errors.ts';
import { registerSecret } from '../../lib/redact.ts';
import { checkSchema } from '../config/schema-check.ts';
import { type PathSegment, YamlSource } from '../config/yaml-file.ts';
import type { DeviceConfig, Inventory, IpmiEndpointConfig, Protocol, RedfishEndpointConfig, Secret } from './types.ts';

export const LAB_SCHEMA_FILE = fileURLToPath(new URL('../../lab.schema.json', import.meta.url));
let labSchema: object | null = null;

export function labSchemaObject(): object {
  labSchema ??= JSON.parse(readFileSync(LAB_SCHEMA_FILE, 'utf8')) as object;
  return labSchema;
}

const ENV_REF = /^\$\{env:([A-Za-z_][A-Za-z0-9_]*)\}$/;

interface RawCredentials {
  user: string;
  password?: string;
  passwordFile?: string;
}
interface RawRedfish extends RawCredentials {
  url: string;
  insecure?: boolean;
  ca?: string;
  timeoutMs?: number;
  auth?: 'session' | 'basic';
}
interface RawIpmi extends RawCredentials {
  host: string;
  port?: number;
  cipherSuites?: number[];
  allowInsecure?: boolean;
  protocol?: IpmiProtocolChoice;
  timeoutMs?: number;
}
interface RawDevice {
  kind: string;
  redfish?: RawRedfish;
  ipmi?: RawIpmi;
  use?: Partial<Record<string, Protocol>>;
  scenarios?: string[];
  tags?: string[];
}
interface RawInventory {
  name?: string;
  devices: Record<string, RawDevice>;
}

export interface LoadOptions {
  env?: NodeJS.ProcessEnv;
}

export function loadInventory(file: string, opts: LoadOptions = {}): Inventory {
  return inventoryFromSource(YamlSource.read(file), opts);
}

export function parseInventory(file: string, text: string, opts: LoadOptions = {}): Inventory {
  return inventoryFromSource(YamlSource.parse(file, text), opts);
}

function inventoryFromSource(src: YamlSource, opts: LoadOptions): Inventory {
  refuseInlinePasswords(src);
  refuseNumericIpmiProtocol(src);
  checkSchema(src, labSchemaObject());
  const raw = src.data as RawInventory;
  const baseDir = path.dirname(path.resolve(src.file));
  const env = opts.env ?? process.env;
  const devices = Object.entries(raw.devices).map(([name, d]) => resolveDevice(src, name, d, baseDir, env));
  return { source: src.file, ...(raw.name ? { name: raw.name } : {}), devices };
}

/** Before the schema check, so that the message says what to do and never echoes the password. */
function refuseInlinePasswords(src: YamlSource): void {
  const devices = (src.data as { devices?: unknown } | null)?.devices;
  if (!devices || typeof devices !== 'object') return;
  for (const [name, d] of Object.entries(devices as Record<string, unknown>)) {
    for (const proto of ['redfish', 'ipmi'] as const) {
      const ep = (d as Record<string, unknown> | null)?.[proto] as Record<string, unknown> | undefined;
      const pw = ep?.password;
      if (pw === undefined || (typeof pw === 'string' && ENV_REF.test(pw))) continue;
      throw src.error(
        ['devices', name, proto, 'password'],
        `inline plaintext passwords are refused: use password: '\${env:VAR}' (an environment variable) or passwordFile: PATH (a 0600 file)`,
      );
    }
  }
}

/**
 * Before the schema check: YAML reads an unquoted `protocol: 1.5` (or 2.0) as a number, and the
 * schema's "expected a string (found 1.5)" would not say what to write instead.
 */
function refuseNumericIpmiProtocol(src: YamlSource): void {
  const devices = (src.data as { devices?: unknown } | null)?.devices;
  if (!devices || typeof devices !== 'object') return;
  for (const [name, d] of Object.entries(devices as Record<string, unknown>)) {
    const ipmi = (d as Record<string, unknown> | null)?.ipmi as Record<string, unknown> | null | undefined;
    const p = ipmi?.protocol;
    if (typeof p !== 'number') continue;
    const quoted = p === 2 ? '2.0' : String(p);
    throw src.error(
      ['devices', name, 'ipmi', 'protocol'],
      `expected one of ${IPMI_PROTOCOL_CHOICES.map((c) => `'${c}'`).join(', ')} as a quoted string (YAML reads an unquoted ${quoted} as a number): write protocol: '${quoted}'`,
      { value: p },
    );
  }
}

function resolveSecret(src: YamlSource, at: PathSegment[], c: RawCredentials, baseDir: string, env: NodeJS.ProcessEnv): Secret {
  if (c.password !== undefined && c.passwordFile !== undefined) throw src.error(at, 'expected either password or passwordFile, not both');
  if (c.password !== undefined) {
    const varName = (ENV_REF.exec(c.password) as RegExpExecArray)[1] as string;
    const value = env[varName];
    if (!value) throw src.error([...at, 'password'], `environment variable ${varName} is not set (or empty)`);
    registerSecret(value);
    return { value, source: `env:${varName}` };
  }
  if (c.passwordFile !== undefined) {
    const file = path.resolve(baseDir, c.passwordFile);
    let text: string;
    try {
      if (!statSync(file).isFile()) throw new Error('not a regular file');
      text = readFileSync(file, 'utf8');
    } catch (e) {
      throw src.error([...at, 'passwordFile'], `expected a readable file holding the password (${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
    const value = text.replace(/\r?\n$/, '');
    if (!value) throw src.error([...at, 'passwordFile'], `the password file ${file} is empty`);
    registerSecret(value);
    return { value, source: `file:${file}` };
  }
  throw src.error(at, `expected password: '\${env:VAR}' or passwordFile: PATH`);
}

function resolveDevice(src: YamlSource, name: string, d: RawDevice, baseDir: string, env: NodeJS.ProcessEnv): DeviceConfig {
  const at: PathSegment[] = ['devices', name];
  const out: DeviceConfig = { name, kind: d.kind, use: {}, tags: d.tags ?? [] };
  if (d.redfish) {
    const r = d.redfish;
    let url: URL;
    try {
      url = new URL(r.url);
    } catch (e) {
      throw new ConfigError(src.where([...at, 'redfish', 'url']), 'expected an http(s) URL', { found: r.url, cause: e });
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw src.error([...at, 'redfish', 'url'], 'expected an http(s) URL', { value: r.url });
    if (url.username || url.password) throw src.error([...at, 'redfish', 'url'], 'expected a URL without credentials (use user and password/passwordFile)');
    if (r.insecure && r.ca) throw src.error([...at, 'redfish'], 'expected either insecure: true or ca: FILE, not both');
    const ep: RedfishEndpointConfig = {
      url: url.origin,
      user: r.user,
      password: resolveSecret(src, [...at, 'redfish'], r, baseDir, env),
      insecure: r.insecure ?? false,
      auth: r.auth ?? 'session',
    };
    if (r.ca) {
      const ca = path.resolve(baseDir, r.ca);
      try {
        readFileSync(ca);
      } catch (e) {
        throw src.error([...at, 'redfish', 'ca'], `expected a readable PEM file (${ca}: ${(e as NodeJS.ErrnoException).code ?? 'unreadable'})`);
      }
      ep.ca = ca;
    }
    if (r.timeoutMs !== undefined) ep.timeoutMs = r.timeoutMs;
    out.redfish = ep;
  }
  if (d.ipmi) {
    const i = d.ipmi;
    const suites = i.cipherSuites ?? [17, 3];
    const weak = suites.filter((s) => s <= 2);
    if (weak.length && !i.allowInsecure) {
      throw src.error([...at, 'ipmi', 'cipherSuites'], `cipher suite(s) ${weak.join(', ')} have no integrity/confidentiality; set allowInsecure: true to use them`);
    }
    const protocol = i.protocol ?? 'auto';
    if (protocol === '1.5' && !i.allowInsecure) {
      throw src.error(
        [...at, 'ipmi', 'protocol'],
        "IPMI 1.5 sessions (MD5 authentication, no confidentiality) are insecure; set allowInsecure: true for this device to use protocol '1.5'",
      );
    }
    const ep: IpmiEndpointConfig = {
      host: i.host,
      port: i.port ?? 623,
      user: i.user,
      password: resolveSecret(src, [...at, 'ipmi'], i, baseDir, env),
      cipherSuites: suites,
      allowInsecure: i.allowInsecure ?? false,
      protocol,
    };
    if (i.timeoutMs !== undefined) ep.timeoutMs = i.timeoutMs;
    out.ipmi = ep;
  }
  for (const [cap, proto] of Object.entries(d.use ?? {})) {
    if (proto && !out[proto]) throw src.error([...at, 'use', cap], `uses ${proto}, but the device has no ${proto} endpoint`);
    (out.use as Record<string, Protocol>)[cap] = proto as Protocol;
  }
  if (d.scenarios) out.scenarios = d.scenarios;
  return out;
}
