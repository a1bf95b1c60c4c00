/**
 * What `ftlab pool status` shows: each bench with its lease (holder, fencing token, TTL left), the
 * queue (per run, with re-queued jobs marked), the jobs running, and the workers with the age of
 * their last heartbeat. Read-only.
 */
import type { Redis } from 'ioredis';
import { alignRow, columnWidths } from '../../lib/columns.ts';
import { readBenches } from './benches.ts';
import { bindingOf, decodeAlternatives, decodeBeat, decodeJob, decodeRunning } from './job.ts';
import type { PoolKeys } from './keys.ts';

export interface PoolStatus {
  benches: Array<{ name: string; kind: string; tags: string[]; holder?: string; token?: number; ttlMs?: number }>;
  queue: Array<{ run: string; id: string; scenario: string; binding: string; attempt: number }>;
  running: Array<{ job: string; holder: string; token: number }>;
  workers: Array<{ id: string; host: string; pid: number; beatAgeMs: number; job?: string }>;
}

export async function readStatus(redis: Redis, keys: PoolKeys, now = Date.now()): Promise<PoolStatus> {
  const benches: PoolStatus['benches'] = [];
  for (const [name, b] of await readBenches(redis, keys)) {
    const [value, ttl] = await Promise.all([redis.get(keys.bench(name)), redis.pttl(keys.bench(name))]);
    const [token, holder] = value ? [Number(value.slice(0, value.indexOf('|'))), value.slice(value.indexOf('|') + 1)] : [];
    benches.push({ name, kind: b.kind, tags: b.tags, ...(holder !== undefined ? { holder, token, ttlMs: ttl } : {}) });
  }
  const alternatives = new Map(Object.entries(await redis.hgetall(keys.alternatives)).map(([ref, text]) => [ref, decodeAlternatives(text)]));
  const queue = (await redis.lrange(keys.queue, 0, -1)).map(decodeJob).map((j) => ({ run: j.runId, id: j.id, scenario: j.scenario, binding: bindingOf(j, alternatives), attempt: j.attempt }));
  const running = Object.entries(await redis.hgetall(keys.running)).map(([job, t]) => ({ job, holder: decodeRunning(t).holder, token: decodeRunning(t).token }));
  const workers = Object.entries(await redis.hgetall(keys.workers)).map(([id, t]) => {
    const b = decodeBeat(t);
    return { id, host: b.host, pid: b.pid, beatAgeMs: now - b.beatWall, ...(b.job !== undefined ? { job: b.job } : {}) };
  });
  return { benches: benches.sort((a, b) => a.name.localeCompare(b.name)), queue, running, workers };
}

function formatColumns(rows: readonly (readonly string[])[]): string {
  const widths = columnWidths(rows);
  return rows.map((r) => `  ${alignRow(r, widths).trimEnd()}`).join('\n');
}

export function formatStatus(s: PoolStatus): string {
  const out: string[] = [`benches (${s.benches.length}):`];
  out.push(formatColumns([['BENCH', 'KIND', 'TAGS', 'HOLDER', 'TOKEN', 'TTL LEFT'], ...s.benches.map((b) => [b.name, b.kind, b.tags.join(',') || '-', b.holder ?? 'free', b.token === undefined ? '-' : String(b.token), b.ttlMs === undefined ? '-' : `${b.ttlMs} ms`])]));
  out.push(`queue (${s.queue.length}):`);
  if (s.queue.length) out.push(formatColumns([['JOB', 'SCENARIO', 'BINDING', 'ATTEMPT'], ...s.queue.map((q) => [q.id, q.scenario, q.binding, String(q.attempt + 1)])]));
  out.push(`running (${s.running.length}):`);
  if (s.running.length) out.push(formatColumns([['JOB', 'WORKER', 'TOKEN'], ...s.running.map((r) => [r.job, r.holder, String(r.token)])]));
  out.push(`workers (${s.workers.length}):`);
  if (s.workers.length) out.push(formatColumns([['WORKER', 'HOST', 'PID', 'LAST BEAT', 'JOB'], ...s.workers.map((w) => [w.id, w.host, String(w.pid), `${(w.beatAgeMs / 1000).toFixed(1)} s ago`, w.job ?? '-'])]));
  return `${out.join('\n')}\n`;
}
