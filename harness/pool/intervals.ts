/**
 * The double-booking invariant, from two independent sources: the intervals each worker says it
 * drove a bench (leases.jsonl), and the server's lease log (stamped by the server's clock).
 */
import type { Redis } from 'ioredis';
import type { PoolKeys } from './keys.ts';
import type { DrivenInterval } from './worker.ts';

/** Pairs of intervals (any workers) that drove one bench at the same time; [] when none. */
export function overlaps(intervals: readonly DrivenInterval[]): string[] {
  const out: string[] = [];
  const byBench = new Map<string, DrivenInterval[]>();
  for (const i of intervals) for (const b of i.benches) byBench.set(b, [...(byBench.get(b) ?? []), i]);
  for (const [bench, list] of byBench) {
    const sorted = [...list].sort((a, b) => a.from - b.from);
    for (let k = 1; k < sorted.length; k++) {
      const prev = sorted[k - 1];
      const cur = sorted[k];
      if (prev && cur && cur.from < prev.to) out.push(`${bench}: ${prev.worker} token ${prev.token} [${prev.from}, ${prev.to}] and ${cur.worker} token ${cur.token} [${cur.from}, ${cur.to}]`);
    }
  }
  return out;
}

/** Replays the server's lease log: every acquire of a bench still held (not released or expired first). */
export async function leaseLogDoubleBookings(redis: Redis, keys: PoolKeys): Promise<string[]> {
  const held = new Map<string, string>();
  const out: string[] = [];
  for (const [id, f] of await redis.xrange(keys.leaseLog, '-', '+')) {
    const o = Object.fromEntries(f.flatMap((v, i) => (i % 2 === 0 ? [[v, f[i + 1] ?? '']] : [])));
    for (const b of (o.benches ?? '').split(',')) {
      if (o.op === 'acquire') {
        if (held.has(b)) out.push(`${id}: ${b} acquired by ${o.holder} (token ${o.token}) while held by ${held.get(b)}`);
        held.set(b, `${o.holder} (token ${o.token})`);
      } else if (o.op === 'release' || o.op === 'expire') held.delete(b);
    }
  }
  return out;
}
