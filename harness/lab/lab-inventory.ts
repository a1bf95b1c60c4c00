/**
 * The embedded lab as an inventory: each announced device (an ft device, or a member of a
 * cluster) becomes a DeviceConfig with the lab's account, each cluster a ClusterConfig naming its
 * members; lab.json is the same in the lab.schema.json shape, the password as a file reference.
 */
import type { ConsoleTarget } from '../../drivers/serial/open.ts';
import { InfraError } from '../../lib/errors.ts';
import type { ClusterConfig, DeviceConfig, Inventory, Secret } from '../inventory/types.ts';
import { clusterConfigOf, type ClusterAnnouncement } from './cluster-announcement.ts';
import type { DeviceAnnouncement } from './lab-announcement.ts';

export const BMC_USER = 'admin';

export interface LabAccount {
  password: Secret;
  passwordFile: string;
}

/** What the lab config says of a device or cluster beyond its endpoints. */
export interface Placement {
  scenarios?: string[];
  tags?: string[];
}

export function deviceConfigOf(a: DeviceAnnouncement, account: LabAccount, p: Placement = {}): DeviceConfig {
  const secret = account.password;
  const cfg: DeviceConfig = {
    name: a.name,
    kind: a.kind,
    redfish: { url: a.redfish, user: BMC_USER, password: secret, insecure: false, auth: a.auth ?? 'session', ...(a.ca ? { ca: a.ca } : {}) },
    use: {},
    tags: p.tags ?? [],
    ...(p.scenarios ? { scenarios: p.scenarios } : {}),
    ...(a.console ? { console: { tcp: { host: a.console.host, port: a.console.tcp, telnet: false, ...(a.console.banner ? { banner: a.console.banner } : {}) } } } : {}),
  };
  if (a.ipmi) {
    const [host, port] = splitHostPort(a.ipmi);
    cfg.ipmi = { host, port, user: BMC_USER, password: secret, cipherSuites: [17, 3], allowInsecure: false, protocol: 'auto' };
  }
  return cfg;
}

export interface LabParts {
  devices: Array<{ announcement: DeviceAnnouncement; placement: Placement }>;
  clusters: Array<{ announcement: ClusterAnnouncement; placement: Placement }>;
}

/** Every device once (an InfraError when two announce the same name: the inventory could not tell them apart). */
export function labInventory(parts: LabParts, account: LabAccount): Inventory {
  const devices = parts.devices.map((d) => deviceConfigOf(d.announcement, account, d.placement));
  const clusters: ClusterConfig[] = [];
  for (const c of parts.clusters) {
    devices.push(...c.announcement.members.map((m) => deviceConfigOf(m, account)));
    clusters.push(clusterConfigOf(c.announcement, c.placement));
  }
  const names = new Set<string>();
  for (const n of [...devices.map((d) => d.name), ...clusters.map((c) => c.name)]) {
    if (names.has(n)) throw new InfraError(`the embedded lab announced "${n}" twice (a device or cluster name must be unique in the lab)`);
    names.add(n);
  }
  return { source: 'embedded', name: 'embedded', devices, clusters };
}

/** lab.json: the inventory shape (lab.schema.json), passwords as a file reference. */
export function labFileOf(inv: Inventory, passwordFile: string, timeScale: number): Record<string, unknown> {
  const devices: Record<string, unknown> = {};
  for (const d of inv.devices) {
    devices[d.name] = {
      kind: d.kind,
      ...(d.redfish ? { redfish: { url: d.redfish.url, user: d.redfish.user, passwordFile, ...(d.redfish.auth === 'basic' ? { auth: 'basic' } : {}), ...(d.redfish.ca ? { ca: d.redfish.ca } : {}) } } : {}),
      ...(d.ipmi ? { ipmi: { host: d.ipmi.host, port: d.ipmi.port, user: d.ipmi.user, passwordFile } } : {}),
      ...(d.console ? { console: consoleEntry(d.console) } : {}),
      ...(d.scenarios ? { scenarios: d.scenarios } : {}),
      ...(d.tags.length ? { tags: d.tags } : {}),
    };
  }
  const clusters = Object.fromEntries(inv.clusters.map(({ name, ethernetSwitches, fabrics, arrays, tags, ...c }) => [
    name,
    {
      ...c,
      ...(ethernetSwitches.length ? { ethernetSwitches } : {}),
      ...(Object.keys(fabrics).length ? { fabrics } : {}),
      ...(arrays.length ? { arrays } : {}),
      ...(tags.length ? { tags } : {}),
    },
  ]));
  return { name: 'embedded', timeScale, devices, ...(inv.clusters.length ? { clusters } : {}) };
}

export function splitHostPort(s: string): [string, number] {
  const i = s.lastIndexOf(':');
  const port = Number(s.slice(i + 1));
  if (i < 0 || !Number.isInteger(port)) throw new InfraError(`the emulator announced an IPMI endpoint that is not HOST:PORT: ${s}`);
  return [s.slice(0, i).replace(/^\[|\]$/g, ''), port];
}

/** A console endpoint as lab.yaml writes it. */
function consoleEntry(c: ConsoleTarget): Record<string, unknown> {
  if ('serial' in c) {
    const { path, ...line } = c.serial;
    return { serial: path, ...line };
  }
  if ('sol' in c) return { sol: true };
  const host = c.tcp.host.includes(':') ? `[${c.tcp.host}]` : c.tcp.host;
  return { tcp: `${host}:${c.tcp.port}`, ...(c.tcp.telnet ? { telnet: true } : {}), ...(c.tcp.banner ? { banner: c.tcp.banner } : {}) };
}
