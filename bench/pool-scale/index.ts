/**
 * `npm run bench -- pool-scale [--benches 200] [--workers 20] [--slots 10] [--testcases 2000]
 * [--scale 0.07] [--seed 1] [--ttl 5000] [--poll 200]`
 * The bench pool at lab scale on its real engine (pool-sim.ts) over a seeded fake lab
 * (workload.ts), then the same testcases split with --shard over as many runners without a pool
 * (shard-sim.ts). Prints the take latency, bench utilisation, makespan against the ideal and the
 * plan's bound, the double bookings (worker intervals and the server's lease log), the targets
 * beside, then one JSON line.
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import { percentile } from '../lib/stats.ts';
import { type Figures, figures } from './figures.ts';
import { simulatePool } from './pool-sim.ts';
import { simulateShards } from './shard-sim.ts';
import { makeWorkload } from './workload.ts';

const TARGET_UTILISATION = 0.9;
const TARGET_MAKESPAN_OVER = 0.1;

function num(name: string, raw: string | undefined, fallback: number, integer = true): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!(n > 0) || (integer && !Number.isInteger(n))) throw new Error(`--${name} expects a positive ${integer ? 'integer' : 'number'}, got "${raw}"`);
  return n;
}

const pct = (x: number): string => `${(x * 100).toFixed(1)} %`;
const sec = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

function print(title: string, f: Figures, scale: number): void {
  const best = Math.max(f.idealMs, f.boundMs);
  const over = f.makespanMs / best - 1;
  // The plan fixes each testcase's bench: no schedule uses the benches more than ideal / bound.
  const allowed = f.idealMs / best;
  const ofAllowed = f.utilisation / allowed;
  const verdict = (ok: boolean): string => (f.doubleBookings > 0 ? 'VOID (double-booked)' : ok ? 'met' : 'MISSED');
  const lines = [
    title,
    `  makespan             ${sec(f.makespanMs)} wall (${sec(f.makespanMs / scale)} SUT)`,
    `  ideal (work/benches) ${sec(f.idealMs)}; plan bound (most work fixed to one bench) ${sec(f.boundMs)}`,
    `  makespan over the larger of the two ${pct(over)}   target ≤ ${pct(TARGET_MAKESPAN_OVER)}: ${verdict(over <= TARGET_MAKESPAN_OVER)}`,
    `  bench utilisation    ${pct(f.utilisation)}; the plan allows at most ${pct(allowed)}, so ${pct(ofAllowed)} of it   target ≥ ${pct(TARGET_UTILISATION)} of it: ${verdict(ofAllowed >= TARGET_UTILISATION)}`,
    `  idle gap between two testcases of a bench p50 ${f.gapP50.toFixed(0)} ms, p99 ${f.gapP99.toFixed(0)} ms`,
    `  double bookings      ${f.doubleBookings}   target 0: ${f.doubleBookings === 0 ? 'met' : 'MISSED'}`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

export async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: Object.fromEntries(['benches', 'workers', 'slots', 'testcases', 'scale', 'seed', 'ttl', 'poll'].map((k) => [k, { type: 'string' as const }])) });
  const benches = num('benches', values.benches, 200);
  const workers = num('workers', values.workers, 20);
  const slots = num('slots', values.slots, Math.ceil(benches / workers));
  const scale = num('scale', values.scale, 0.07, false);
  const w = makeWorkload({ benches, testcases: num('testcases', values.testcases, 2000), seed: num('seed', values.seed, 1) });
  const load = os.loadavg()[0] ?? 0;
  process.stdout.write(`pool-scale: ${w.benches.length} benches (${w.benches.filter((b) => b.kind === 'cluster').length} clusters), ${w.testcases.length} testcases of ${w.scenarios.length} scenarios, ${workers} workers × ${slots} slots, time ×${scale}; load average ${load.toFixed(2)}\n`);
  const sim = await simulatePool(w, { workers, slots, scale, ttlMs: num('ttl', values.ttl, 5000), pollMs: num('poll', values.poll, 200) });
  const pool = figures(sim.driven, sim.start, w.testcases, w.benches.length, scale);
  print(`pool (redis-server, real engine): ${sim.results}/${w.testcases.length} results`, pool, scale);
  const takeP50 = sim.takeMs.length ? percentile(sim.takeMs, 50) : 0;
  const takeP99 = sim.takeMs.length ? percentile(sim.takeMs, 99) : 0;
  process.stdout.write(`  lease (take) latency p50 ${takeP50.toFixed(2)} ms, p99 ${takeP99.toFixed(2)} ms over ${sim.takeMs.length} leases; server lease log double bookings ${sim.serverDoubleBookings}\n`);
  const shards = figures(simulateShards(w, workers, slots, scale), 0, w.testcases, w.benches.length, scale);
  print(`--shard i/${workers} over ${workers} runners, no pool (event simulation)`, shards, scale);
  const loadAfter = os.loadavg()[0] ?? 0;
  process.stdout.write(`load average after ${loadAfter.toFixed(2)}\n`);
  process.stdout.write(`${JSON.stringify({ bench: 'pool-scale', benches, workers, slots, scale, testcases: w.testcases.length, load: [load, loadAfter], pool: { ...pool, takeP50, takeP99, serverDoubleBookings: sim.serverDoubleBookings, results: sim.results }, shards })}\n`);
  return sim.results === w.testcases.length && pool.doubleBookings === 0 && sim.serverDoubleBookings === 0 ? 0 : 1;
}
