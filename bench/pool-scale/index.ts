/**
 * `npm run bench -- pool-scale [--benches 200] [--workers 20] [--slots 10] [--testcases 2000]
 * [--scale 0.07] [--seed 1] [--ttl 5000] [--poll 200]`
 * The bench pool at lab scale on its real engine (pool-sim.ts) over a seeded fake lab
 * (workload.ts), then the same testcases split with --shard over as many runners without a pool
 * (shard-sim.ts). The pool runs three times: the plan as `run --pool` queues it (each testcase fixed
 * to its bench), as `run --pool --any-bench` does (each on any bench of its kind), and the latter
 * queued longest testcase first; the any-bench queue is also served by an instant scheduler (an
 * event simulation: what the engine costs), in both orders. Prints the take
 * latency, bench utilisation, makespan against the ideal and the bound, the double bookings
 * (worker intervals and the server's lease log), the targets beside, then one JSON line.
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import { percentile } from '../lib/stats.ts';
import { anyBenchBounds, type Figures, figures, planBounds } from './figures.ts';
import { type PoolSimOptions, simulatePool } from './pool-sim.ts';
import { simulateGreedy } from './greedy-sim.ts';
import { simulateShards } from './shard-sim.ts';
import { anyBench, makeWorkload, type Workload } from './workload.ts';

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

/** What bounds the run: the fixed plan's busiest bench, or (any-bench) the busiest kind of bench or the longest testcase. */
const FIXED_BOUND = 'plan bound (most work fixed to one bench)';
const ANY_BOUND = "bound (a bench kind's work over its benches, or the longest testcase)";

function print(title: string, f: Figures, scale: number, boundName: string): void {
  const best = Math.max(f.idealMs, f.boundMs);
  const over = f.makespanMs / best - 1;
  const overIdeal = f.makespanMs / f.idealMs - 1;
  // No schedule uses the benches more than ideal / bound.
  const allowed = f.idealMs / best;
  const ofAllowed = f.utilisation / allowed;
  const verdict = (ok: boolean): string => (f.doubleBookings > 0 ? 'VOID (double-booked)' : ok ? 'met' : 'MISSED');
  const lines = [
    title,
    `  makespan             ${sec(f.makespanMs)} wall (${sec(f.makespanMs / scale)} SUT)`,
    `  ideal (work/benches) ${sec(f.idealMs)}; ${boundName} ${sec(f.boundMs)}`,
    `  issue targets        makespan over the ideal ${pct(overIdeal)} (≤ ${pct(TARGET_MAKESPAN_OVER)}: ${verdict(overIdeal <= TARGET_MAKESPAN_OVER)}), bench utilisation ${pct(f.utilisation)} (≥ ${pct(TARGET_UTILISATION)}: ${verdict(f.utilisation >= TARGET_UTILISATION)})`,
    `  against the bound    makespan over the larger of ideal and bound ${pct(over)} (≤ ${pct(TARGET_MAKESPAN_OVER)}: ${verdict(over <= TARGET_MAKESPAN_OVER)}); the bound allows at most ${pct(allowed)} utilisation, so ${pct(ofAllowed)} of it (≥ ${pct(TARGET_UTILISATION)}: ${verdict(ofAllowed >= TARGET_UTILISATION)})`,
    `  idle gap between two testcases of a bench p50 ${f.gapP50.toFixed(0)} ms, p99 ${f.gapP99.toFixed(0)} ms`,
    `  double bookings      ${f.doubleBookings}   target 0: ${f.doubleBookings === 0 ? 'met' : 'MISSED'}`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

interface Measured {
  figures: Figures;
  takeP50: number;
  takeP99: number;
  serverDoubleBookings: number;
  results: number;
}

/** One pool run on the real engine, printed; its figures. */
async function measurePool(w: Workload, o: PoolSimOptions, title: string): Promise<Measured> {
  const sim = await simulatePool(w, o);
  const bounds = o.anyBench ? anyBenchBounds(anyBench(w), w.benches.length, o.scale) : planBounds(w.testcases, w.benches.length, o.scale);
  const f = figures(sim.driven, sim.start, w.benches.length, bounds);
  print(`${title}: ${sim.results}/${w.testcases.length} results`, f, o.scale, o.anyBench ? ANY_BOUND : FIXED_BOUND);
  const takeP50 = sim.takeMs.length ? percentile(sim.takeMs, 50) : 0;
  const takeP99 = sim.takeMs.length ? percentile(sim.takeMs, 99) : 0;
  process.stdout.write(`  lease (take) latency p50 ${takeP50.toFixed(2)} ms, p99 ${takeP99.toFixed(2)} ms over ${sim.takeMs.length} leases; server lease log double bookings ${sim.serverDoubleBookings}\n`);
  return { figures: f, takeP50, takeP99, serverDoubleBookings: sim.serverDoubleBookings, results: sim.results };
}

const sound = (m: Measured, testcases: number): boolean => m.results === testcases && m.figures.doubleBookings === 0 && m.serverDoubleBookings === 0;

export async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: Object.fromEntries(['benches', 'workers', 'slots', 'testcases', 'scale', 'seed', 'ttl', 'poll'].map((k) => [k, { type: 'string' as const }])) });
  const benches = num('benches', values.benches, 200);
  const workers = num('workers', values.workers, 20);
  const slots = num('slots', values.slots, Math.ceil(benches / workers));
  const scale = num('scale', values.scale, 0.07, false);
  const w = makeWorkload({ benches, testcases: num('testcases', values.testcases, 2000), seed: num('seed', values.seed, 1) });
  const load = os.loadavg()[0] ?? 0;
  process.stdout.write(`pool-scale: ${w.benches.length} benches (${w.benches.filter((b) => b.kind === 'cluster').length} clusters), ${w.testcases.length} testcases of ${w.scenarios.length} scenarios, ${workers} workers × ${slots} slots, time ×${scale}; load average ${load.toFixed(2)}\n`);
  const o: PoolSimOptions = { workers, slots, scale, ttlMs: num('ttl', values.ttl, 5000), pollMs: num('poll', values.poll, 200) };
  const fixed = await measurePool(w, o, 'pool, fixed plan (run --pool: each testcase on its planned bench; redis-server, real engine)');
  const any = await measurePool(w, { ...o, anyBench: true }, 'pool, --any-bench (each testcase on any free bench of its kind; redis-server, real engine)');
  const anyLpt = await measurePool(w, { ...o, anyBench: true, longestFirst: true }, 'pool, --any-bench, queued longest first (redis-server, real engine)');
  const anyBounds = anyBenchBounds(anyBench(w), w.benches.length, scale);
  const greedy = figures(simulateGreedy(anyBench(w), scale), 0, w.benches.length, anyBounds);
  print('--any-bench queue served by an instant scheduler (event simulation: no engine, no latency; the same policy and order)', greedy, scale, ANY_BOUND);
  const longestFirst = [...anyBench(w)].sort((a, b) => b.seconds - a.seconds);
  const lpt = figures(simulateGreedy(longestFirst, scale), 0, w.benches.length, anyBounds);
  print('the same, the queue ordered longest testcase first (event simulation: what an order from past durations would give)', lpt, scale, ANY_BOUND);
  const shards = figures(simulateShards(w, workers, slots, scale), 0, w.benches.length, planBounds(w.testcases, w.benches.length, scale));
  print(`--shard i/${workers} over ${workers} runners, no pool (event simulation)`, shards, scale, FIXED_BOUND);
  const loadAfter = os.loadavg()[0] ?? 0;
  process.stdout.write(`load average after ${loadAfter.toFixed(2)}\n`);
  const json = (m: Measured) => ({ ...m.figures, takeP50: m.takeP50, takeP99: m.takeP99, serverDoubleBookings: m.serverDoubleBookings, results: m.results });
  process.stdout.write(`${JSON.stringify({ bench: 'pool-scale', benches, workers, slots, scale, testcases: w.testcases.length, load: [load, loadAfter], pool: json(fixed), anyBench: json(any), anyBenchLongestFirst: json(anyLpt), greedy, longestFirst: lpt, shards })}\n`);
  return [fixed, any, anyLpt].every((m) => sound(m, w.testcases.length)) ? 0 : 1;
}
