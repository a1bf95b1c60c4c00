/**
 * The static split without a pool: `--shard i/N` on each of N runners takes every N-th scenario
 * (selection.ts) and runs its testcases on the whole lab, up to `slots` at once and never two of
 * its own on one bench, knowing nothing of the other runners. Nothing is shared, so it is an
 * event simulation (exact, no engine involved): the intervals each runner would drive.
 */
import type { Driven } from './figures.ts';
import type { SimTestcase, Workload } from './workload.ts';

function runShard(runner: string, list: readonly SimTestcase[], slots: number, scale: number): Driven[] {
  const queue = [...list];
  const running: Driven[] = [];
  const out: Driven[] = [];
  let now = 0;
  while (queue.length > 0 || running.length > 0) {
    while (running.length < slots) {
      const k = queue.findIndex((tc) => !running.some((r) => r.bench === tc.bench));
      const tc = queue[k];
      if (!tc) break;
      queue.splice(k, 1);
      const d = { bench: tc.bench, devices: tc.devices, from: now, to: now + tc.seconds * 1000 * scale, runner };
      running.push(d);
      out.push(d);
    }
    running.sort((a, b) => a.to - b.to);
    const next = running.shift();
    if (!next) break;
    now = next.to;
  }
  return out;
}

export function simulateShards(w: Workload, runners: number, slots: number, scale: number): Driven[] {
  const scenarios = [...w.scenarios].sort();
  const out: Driven[] = [];
  for (let i = 0; i < runners; i++) {
    const mine = new Set(scenarios.filter((_, k) => k % runners === i));
    out.push(...runShard(`shard ${i + 1}/${runners}`, w.testcases.filter((tc) => mine.has(tc.scenario)), slots, scale));
  }
  return out;
}
