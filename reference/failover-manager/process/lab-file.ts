/**
 * The lab file the manager is given (what `ftlab lab up` writes, lab.json): one cluster's devices
 * with their Redfish URLs, accounts (passwordFile relative to the lab file, or ${env:VAR}) and CA.
 * Everything is checked before anything connects; the first problem is a ConfigError naming the
 * file, the path and what was expected.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError } from '../../../lib/errors.ts';
import { registerSecret } from '../../../lib/redact.ts';

export interface LabDevice {
  name: string;
  kind: string;
  url: string;
  user: string;
  password: string;
  /** PEM file to trust; TLS verification is on unless `insecure`. */
  ca: string | null;
  insecure: boolean;
}

export interface LabCluster {
  name: string;
  servers: string[];
  ethernetSwitches: string[];
  /** Fabric name (A) → its FC switch. */
  fabrics: Record<string, string>;
  arrays: string[];
  partitionManager: string | null;
  businesses: Array<{ name: string; priority: string }>;
}

export interface Lab {
  file: string;
  timeScale: number;
  cluster: LabCluster;
  devices: Map<string, LabDevice>;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

class Reader {
  constructor(readonly file: string) {}
  fail(at: string, expectation: string, found?: unknown): never {
    throw new ConfigError(`${this.file}: ${at}`, expectation, found === undefined ? {} : { found });
  }
  obj(v: unknown, at: string): Obj {
    return isObj(v) ? v : this.fail(at, 'expected an object', v);
  }
  str(v: unknown, at: string): string {
    return typeof v === 'string' && v.length > 0 ? v : this.fail(at, 'expected a non-empty string', v);
  }
  names(v: unknown, at: string): string[] {
    if (v === undefined) return [];
    if (!Array.isArray(v)) this.fail(at, 'expected a list of device names', v);
    return v.map((x, i) => this.str(x, `${at}[${i}]`));
  }
  /** A password: `passwordFile` (relative to the lab file) or `password: ${env:VAR}`. */
  password(r: Obj, at: string): string {
    let pw: string | undefined;
    if (typeof r.passwordFile === 'string') {
      const f = path.resolve(path.dirname(this.file), r.passwordFile);
      try {
        pw = readFileSync(f, 'utf8').trim();
      } catch (e) {
        throw new ConfigError(`${this.file}: ${at}.passwordFile`, `expected a readable file holding the password (${f})`, { cause: e });
      }
    } else if (typeof r.password === 'string') {
      const m = /^\$\{env:([A-Za-z_][A-Za-z0-9_]*)\}$/.exec(r.password);
      if (!m) this.fail(`${at}.password`, 'expected ${env:VAR} (inline passwords are refused; or passwordFile)');
      pw = process.env[m[1] ?? ''];
    } else this.fail(at, 'expected passwordFile or password: ${env:VAR}');
    if (!pw) this.fail(at, 'expected a non-empty password');
    registerSecret(pw);
    return pw;
  }
}

function deviceOf(rd: Reader, name: string, v: unknown): LabDevice {
  const at = `devices.${name}`;
  const d = rd.obj(v, at);
  const r = rd.obj(d.redfish, `${at}.redfish`);
  const url = rd.str(r.url, `${at}.redfish.url`);
  if (!/^https?:\/\//.test(url)) rd.fail(`${at}.redfish.url`, 'expected an http:// or https:// URL', url);
  const ca = r.ca === undefined ? null : path.resolve(path.dirname(rd.file), rd.str(r.ca, `${at}.redfish.ca`));
  if (r.insecure !== undefined && typeof r.insecure !== 'boolean') rd.fail(`${at}.redfish.insecure`, 'expected true or false', r.insecure);
  return { name, kind: rd.str(d.kind, `${at}.kind`), url, user: rd.str(r.user, `${at}.redfish.user`), password: rd.password(r, `${at}.redfish`), ca, insecure: r.insecure === true };
}

function clusterOf(rd: Reader, name: string, v: unknown): LabCluster {
  const at = `clusters.${name}`;
  const c = rd.obj(v, at);
  const fabrics = c.fabrics === undefined ? {} : rd.obj(c.fabrics, `${at}.fabrics`);
  const businesses = c.businesses === undefined ? [] : Array.isArray(c.businesses) ? c.businesses : rd.fail(`${at}.businesses`, 'expected a list', c.businesses);
  return {
    name,
    servers: rd.names(c.servers, `${at}.servers`),
    ethernetSwitches: rd.names(c.ethernetSwitches, `${at}.ethernetSwitches`),
    fabrics: Object.fromEntries(Object.entries(fabrics).map(([f, s]) => [f, rd.str(s, `${at}.fabrics.${f}`)])),
    arrays: rd.names(c.arrays, `${at}.arrays`),
    partitionManager: c.partitionManager === undefined ? null : rd.str(c.partitionManager, `${at}.partitionManager`),
    businesses: businesses.map((b: unknown, i: number) => {
      const o = rd.obj(b, `${at}.businesses[${i}]`);
      return { name: rd.str(o.name, `${at}.businesses[${i}].name`), priority: rd.str(o.priority, `${at}.businesses[${i}].priority`) };
    }),
  };
}

/** Every device a cluster names, each once; the cluster's own lists must name devices of the file. */
function clusterDevices(rd: Reader, c: LabCluster, all: Obj): Map<string, LabDevice> {
  const names = [...c.servers, ...c.ethernetSwitches, ...Object.values(c.fabrics), ...c.arrays, ...(c.partitionManager ? [c.partitionManager] : [])];
  if (c.servers.length === 0) rd.fail(`clusters.${c.name}.servers`, 'expected at least one server');
  const out = new Map<string, LabDevice>();
  for (const n of names) {
    if (!(n in all)) rd.fail(`clusters.${c.name}`, `expected every device it names under "devices"; "${n}" is not there`);
    out.set(n, deviceOf(rd, n, all[n]));
  }
  return out;
}

/** Read `file`; `clusterName` picks one cluster when the file has several (default: the only one). */
export function readLabFile(file: string, clusterName?: string): Lab {
  const rd = new Reader(file);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new ConfigError(file, 'expected a readable JSON lab file (what `ftlab lab up` writes)', { cause: e });
  }
  const top = rd.obj(raw, '(top)');
  const clusters = rd.obj(top.clusters ?? {}, 'clusters');
  const names = Object.keys(clusters);
  const name = clusterName ?? (names.length === 1 ? names[0] : undefined);
  if (name === undefined || !(name in clusters)) return rd.fail('clusters', `expected ${clusterName ? `a cluster "${clusterName}"` : 'exactly one cluster (or --cluster-name)'}; found ${names.length ? names.join(', ') : 'none'}`);
  const cluster = clusterOf(rd, name, clusters[name]);
  const ts = top.timeScale ?? 1;
  if (typeof ts !== 'number' || !(ts > 0)) return rd.fail('timeScale', 'expected a number > 0', ts);
  return { file, timeScale: ts, cluster, devices: clusterDevices(rd, cluster, rd.obj(top.devices, 'devices')) };
}
