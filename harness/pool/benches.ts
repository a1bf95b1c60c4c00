/**
 * Benches: the inventory's devices and clusters as a worker registers them in the pool (kind,
 * tags, scenarios filters, endpoints without credentials), and the plan devices a run binds its
 * testcases to from those registrations. A lease holds devices; a cluster's testcase holds every
 * member, so a cluster is leased as one bench of all its devices.
 */
import type { Redis } from 'ioredis';
import type { BoundDevice } from '../devices/device.ts';
import type { ClusterConfig } from '../inventory/types.ts';
import { type BenchInfo, decodeBench } from './job.ts';
import type { PoolKeys } from './keys.ts';

const CLUSTER_PREFIX = 'cluster:';

export function benchesOf(devices: readonly BoundDevice[], clusters: readonly ClusterConfig[]): Map<string, BenchInfo> {
  const out = new Map<string, BenchInfo>();
  for (const d of devices) {
    out.set(d.name, {
      kind: d.kind,
      tags: d.tags,
      ...(d.scenarios ? { scenarios: d.scenarios } : {}),
      endpoints: d.endpoints,
      protocols: d.protocols as Record<string, string>,
      timeScale: d.timeScale,
    });
  }
  for (const c of clusters) out.set(`${CLUSTER_PREFIX}${c.name}`, { kind: 'cluster', tags: c.tags, ...(c.scenarios ? { scenarios: c.scenarios } : {}), endpoints: {}, protocols: {}, timeScale: 1, cluster: c });
  return out;
}

export async function registerBenches(redis: Redis, keys: PoolKeys, benches: ReadonlyMap<string, BenchInfo>): Promise<void> {
  if (benches.size === 0) return;
  await redis.hset(keys.benches, Object.fromEntries([...benches].map(([n, b]) => [n, JSON.stringify(b)])));
}

export async function readBenches(redis: Redis, keys: PoolKeys): Promise<Map<string, BenchInfo>> {
  const raw = await redis.hgetall(keys.benches);
  return new Map(Object.entries(raw).map(([n, text]) => [n, decodeBench(text)]));
}

/**
 * What a run plans with: each registered device as a device the planner can bind (no capability
 * is known here: a worker checks the needs when it runs the testcase), and the clusters.
 */
export function planInputs(benches: ReadonlyMap<string, BenchInfo>): { devices: BoundDevice[]; clusters: ClusterConfig[] } {
  const devices: BoundDevice[] = [];
  const clusters: ClusterConfig[] = [];
  for (const [name, b] of benches) {
    if (b.cluster) {
      clusters.push(b.cluster);
      continue;
    }
    devices.push({ name, kind: b.kind, caps: {}, protocols: b.protocols, endpoints: b.endpoints, tags: b.tags, ...(b.scenarios ? { scenarios: b.scenarios } : {}), timeScale: b.timeScale, close: () => Promise.resolve() });
  }
  devices.sort((a, b) => a.name.localeCompare(b.name));
  return { devices, clusters };
}
