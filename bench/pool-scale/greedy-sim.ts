/**
 * The any-bench queue as an instant scheduler would serve it: no engine, no take latency, no poll
 * interval; each time a bench frees, the first queued testcase with a free alternative starts on
 * the first such one (the take script's policy). An event simulation (exact): what the pool's
 * figures would be if only the workload and the queue order counted, so the difference to the
 * measured run is the engine's, and the difference to the bound is the workload's granularity.
 */
import type { Driven } from './figures.ts';
import type { AnyBenchTestcase } from './workload.ts';

export function simulateGreedy(testcases: readonly AnyBenchTestcase[], scale: number): Driven[] {
  const queue = [...testcases];
  const freeAt = new Map<string, number>();
  const out: Driven[] = [];
  let now = 0;
  while (queue.length > 0) {
    // Alternatives (one list per kind) found all busy at this instant stay busy until the next.
    const busy = new Set<readonly unknown[]>();
    for (let k = 0; k < queue.length; k++) {
      const tc = queue[k] as AnyBenchTestcase;
      if (busy.has(tc.alternatives)) continue;
      const bench = tc.alternatives.find((b) => (freeAt.get(b.name) ?? 0) <= now);
      if (!bench) {
        busy.add(tc.alternatives);
        continue;
      }
      const d = { bench: bench.name, devices: bench.devices, from: now, to: now + tc.seconds * 1000 * scale, runner: 'greedy' };
      freeAt.set(bench.name, d.to);
      out.push(d);
      queue.splice(k--, 1);
    }
    const next = Math.min(...[...freeAt.values()].filter((t) => t > now));
    if (!Number.isFinite(next)) break;
    now = next;
  }
  return out;
}
