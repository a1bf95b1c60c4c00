/**
 * The lab inventory (contract, architecture.md §4): YAML validated against lab.schema.json plus
 * semantic checks. Every error names the file, line, path and what was expected. Passwords are
 * never inline: `${env:VAR}` or `passwordFile` (relative to the inventory file); they are
 * resolved here and registered as secrets. Kinds and endpoint types come from the tables
 * (kinds.ts, endpoints/table.ts) through the schema (schema.ts); clusters are checked against
 * the devices (clusters.ts).
 */
import { isIP } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkSchema } from '../config/schema-check.ts';
import { type PathSegment, YamlSource } from '../config/yaml-file.ts';
import { resolveClusters } from './clusters.ts';
import { ENV_REF } from './endpoints/secret.ts';
import { buildLabSchema, DEFAULT_TABLES, labSchema, type InventoryTables } from './schema.ts';
import type { DeviceConfig, Inventory, Protocol, WorkloadProbeConfig } from './types.ts';

export const LAB_SCHEMA_FILE = fileURLToPath(new URL('../../lab.schema.json', import.meta.url));

/** The inventory schema (lab.schema.json is its copy on disk; schema.test.ts keeps them equal). */
export function labSchemaObject(): object {
  return labSchema();
}

const otherSchemas = new WeakMap<InventoryTables, object>();

/** The schema of other tables, one object per table (without the $id, which ajv keeps unique). */
function schemaFor(tables: InventoryTables): object {
  let s = otherSchemas.get(tables);
  if (!s) {
    const { $id: _id, ...rest } = buildLabSchema(tables);
    s = rest;
    otherSchemas.set(tables, s);
  }
  return s;
}

type RawDevice = Record<string, unknown> & {
  kind: string;
  use?: Partial<Record<string, Protocol>>;
  scenarios?: string[];
  tags?: string[];
  probe?: WorkloadProbeConfig;
};

interface RawInventory {
  name?: string;
  devices: Record<string, RawDevice>;
  clusters?: Parameters<typeof resolveClusters>[1];
}

export interface LoadOptions {
  env?: NodeJS.ProcessEnv;
  /** Kinds and endpoint types (default: the shipped tables); tests add entries. */
  tables?: InventoryTables;
}

export function loadInventory(file: string, opts: LoadOptions = {}): Inventory {
  return inventoryFromSource(YamlSource.read(file), opts);
}

export function parseInventory(file: string, text: string, opts: LoadOptions = {}): Inventory {
  return inventoryFromSource(YamlSource.parse(file, text), opts);
}

function rawDevices(src: YamlSource): Array<[string, Record<string, unknown>]> {
  const devices = src.data !== null && typeof src.data === 'object' ? (src.data as { devices?: unknown }).devices : undefined;
  if (!devices || typeof devices !== 'object') return [];
  return Object.entries(devices).map(([name, d]: [string, unknown]) => [name, d !== null && typeof d === 'object' ? { ...d } : {}]);
}

function inventoryFromSource(src: YamlSource, opts: LoadOptions): Inventory {
  const tables = opts.tables ?? DEFAULT_TABLES;
  precheck(src, tables);
  checkSchema(src, opts.tables ? schemaFor(opts.tables) : labSchema());
  const raw = src.data as RawInventory;
  const baseDir = path.dirname(path.resolve(src.file));
  const env = opts.env ?? process.env;
  const clusters = resolveClusters(src, raw.clusters, new Map(Object.entries(raw.devices).map(([name, d]) => [name, d.kind])));
  const devices = Object.entries(raw.devices).map(([name, d]) => resolveDevice(src, tables, name, d, baseDir, env));
  return { source: src.file, ...(raw.name ? { name: raw.name } : {}), devices, clusters };
}

/**
 * Before the schema check, so that the message says what to do: inline passwords are refused
 * (never echoed), then each endpoint type's own precheck.
 */
function precheck(src: YamlSource, tables: InventoryTables): void {
  const devices = rawDevices(src);
  for (const [name, d] of devices) {
    for (const [type, e] of Object.entries(tables.endpoints)) {
      if (!e.credentials) continue;
      const ep = d[type];
      const pw = ep !== null && typeof ep === 'object' && 'password' in ep ? ep.password : undefined;
      if (pw === undefined || (typeof pw === 'string' && ENV_REF.test(pw))) continue;
      throw src.error(
        ['devices', name, type, 'password'],
        `inline plaintext passwords are refused: use password: '\${env:VAR}' (an environment variable) or passwordFile: PATH (a 0600 file)`,
      );
    }
  }
  for (const [name, d] of devices) {
    for (const [type, e] of Object.entries(tables.endpoints)) e.precheck?.(src, name, d[type]);
  }
}

function resolveDevice(src: YamlSource, tables: InventoryTables, name: string, d: RawDevice, baseDir: string, env: NodeJS.ProcessEnv): DeviceConfig {
  const at: PathSegment[] = ['devices', name];
  const out: DeviceConfig = { name, kind: d.kind, use: {}, tags: d.tags ?? [] };
  for (const [type, e] of Object.entries(tables.endpoints)) {
    if (d[type] !== undefined) e.resolve({ src, at: [...at, type], baseDir, env }, d[type], out);
  }
  for (const [cap, proto] of Object.entries(d.use ?? {})) {
    if (proto && d[proto] === undefined) throw src.error([...at, 'use', cap], `uses ${proto}, but the device has no ${proto} endpoint`);
    if (proto) out.use = { ...out.use, [cap]: proto };
  }
  if (d.scenarios) out.scenarios = d.scenarios;
  if (d.probe) out.probe = resolveProbe(src, [...at, 'probe'], d.probe);
  return out;
}

function resolveProbe(src: YamlSource, at: PathSegment[], p: WorkloadProbeConfig): WorkloadProbeConfig {
  if (p.sourceAddress !== undefined && !isIP(p.sourceAddress)) {
    throw src.error([...at, 'sourceAddress'], `expected an IP address of this machine to send from, got "${p.sourceAddress}"`);
  }
  return { ...p };
}
