/**
 * A cluster's announcement (the contract with `ftlab emulate cluster`, /tmp brief i11-announce):
 * standalone, the process's first stdout line {"cluster":{name,timeScale,defects,truth},
 * "devices":[...],"businesses":[...]}; inside a lab host, one `devices` entry of kind `cluster`
 * {name,kind,timeScale,defects,members,businesses,truth}. Members are devices of the inventory
 * kinds (server, ethernet-switch, fc-switch with its fabric, array); `truth` is the ground-truth
 * endpoint, for tests and benchmarks only (never written into an inventory).
 */
import { InfraError } from '../../lib/errors.ts';
import { BUSINESS_PRIORITIES, CLUSTER_SLOTS } from '../inventory/clusters.ts';
import { deviceKindNames } from '../inventory/kinds.ts';
import type { BusinessConfig, BusinessPriority, ClusterConfig } from '../inventory/types.ts';
import { announcementFrom, parseJsonLine } from './emulator-process.ts';
import type { DeviceAnnouncement } from './lab-announcement.ts';

export interface MemberAnnouncement extends DeviceAnnouncement {
  /** fc-switch members: the fabric the switch serves (A, B, ...). */
  fabric?: string;
}

export interface ClusterAnnouncement {
  name: string;
  timeScale: number;
  defects: string[];
  members: MemberAnnouncement[];
  businesses: BusinessConfig[];
  /** Ground truth (tests and benchmarks only). */
  truth?: string;
}

type Obj = Record<string, unknown>;

function obj(v: unknown): Obj | null {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : null;
}

function bad(what: string, raw: unknown): InfraError {
  return new InfraError(`the cluster's announcement: ${what}: ${JSON.stringify(raw).slice(0, 200)}`);
}

const PORT = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 65535;

function business(v: unknown, i: number): BusinessConfig {
  const b = obj(v);
  const priority = b?.priority;
  if (!b || typeof b.name !== 'string' || !b.name || typeof b.host !== 'string' || !b.host || !PORT(b.udp) || !PORT(b.tcp)) {
    throw bad(`businesses[${i}] expected {name, host, udp, tcp, priority} with ports 1-65535`, v);
  }
  if (!BUSINESS_PRIORITIES.includes(priority as BusinessPriority)) throw bad(`businesses[${i}].priority expected one of ${BUSINESS_PRIORITIES.join(', ')}`, v);
  if (b.volume !== undefined && (typeof b.volume !== 'string' || !b.volume)) throw bad(`businesses[${i}].volume expected a volume id`, v);
  return { name: b.name, host: b.host, udp: b.udp, tcp: b.tcp, priority: priority as BusinessPriority, ...(b.volume ? { volume: b.volume } : {}) };
}

/** The slot kinds the inventory knows (a failover-manager joins when kinds.ts has it, issue 12). */
const MEMBER_KINDS = new Set(Object.values(CLUSTER_SLOTS).map((s) => s.kind).filter((k) => deviceKindNames().includes(k)));

function member(v: unknown, i: number, timeScale: number, defects: string[]): MemberAnnouncement {
  const m = obj(v);
  if (!m || typeof m.name !== 'string' || !m.name) throw bad(`devices[${i}] lacks "name"`, v);
  const a = announcementFrom(v, JSON.stringify(v));
  if (!MEMBER_KINDS.has(a.kind)) throw bad(`devices[${i}] (${m.name}) is of kind ${a.kind}; expected one of ${[...MEMBER_KINDS].join(', ')}`, v);
  if (a.kind === 'fc-switch' && (typeof m.fabric !== 'string' || !m.fabric)) throw bad(`devices[${i}] (${m.name}) is an fc-switch without "fabric"`, v);
  return { name: m.name, ...a, timeScale, defects, ...(typeof m.fabric === 'string' ? { fabric: m.fabric } : {}) };
}

/** One cluster from its fields; `members` is the device list ("devices" standalone, "members" in a lab host). */
export function clusterAnnouncementFrom(name: unknown, head: Obj, members: unknown, businesses: unknown): ClusterAnnouncement {
  if (typeof name !== 'string' || !name) throw bad('lacks the cluster\'s "name"', head);
  if (!Array.isArray(members) || !Array.isArray(businesses)) throw bad(`cluster ${name} lacks its device list or "businesses"`, head);
  const timeScale = typeof head.timeScale === 'number' ? head.timeScale : 1;
  const defects = Array.isArray(head.defects) ? head.defects.map(String) : [];
  const list = members.map((m, i) => member(m, i, timeScale, defects));
  const seen = new Set<string>();
  for (const m of list) {
    if (seen.has(m.name)) throw bad(`cluster ${name} announces device ${m.name} twice`, head);
    seen.add(m.name);
  }
  return { name, timeScale, defects, members: list, businesses: businesses.map(business), ...(typeof head.truth === 'string' ? { truth: head.truth } : {}) };
}

/** The first stdout line of `ftlab emulate cluster`. */
export function parseClusterAnnouncement(line: string): ClusterAnnouncement {
  const v = obj(parseJsonLine(line));
  const head = obj(v?.cluster);
  if (!v || !head) throw bad('lacks "cluster"', line);
  return clusterAnnouncementFrom(head.name, head, v.devices, v.businesses);
}

/** The inventory grouping of an announced cluster: its members by slot, its businesses. */
export function clusterConfigOf(c: ClusterAnnouncement, extra: { scenarios?: string[]; tags?: string[] } = {}): ClusterConfig {
  const of = (kind: string): MemberAnnouncement[] => c.members.filter((m) => m.kind === kind);
  const fabrics: Record<string, string> = {};
  for (const sw of of(CLUSTER_SLOTS.fabrics.kind)) {
    const fabric = sw.fabric ?? '';
    if (fabrics[fabric]) throw bad(`cluster ${c.name} announces two switches of fabric ${fabric}`, c.members);
    fabrics[fabric] = sw.name;
  }
  const [fm] = of(CLUSTER_SLOTS.failoverManager.kind);
  const [pm] = of(CLUSTER_SLOTS.partitionManager.kind);
  return {
    name: c.name,
    servers: of(CLUSTER_SLOTS.servers.kind).map((m) => m.name),
    ethernetSwitches: of(CLUSTER_SLOTS.ethernetSwitches.kind).map((m) => m.name),
    fabrics,
    arrays: of(CLUSTER_SLOTS.arrays.kind).map((m) => m.name),
    businesses: c.businesses.map((b) => ({ ...b })),
    ...(pm ? { partitionManager: pm.name } : {}),
    ...(fm ? { failoverManager: fm.name } : {}),
    ...(extra.scenarios ? { scenarios: extra.scenarios } : {}),
    tags: extra.tags ?? [],
  };
}
