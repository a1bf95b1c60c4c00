/**
 * The fake lab and suite of the pool-scale bench, drawn from a seeded generator: ft devices and
 * clusters (of three members, leased whole) with tags, and testcases planned as the real planner
 * does (a scenario on every bench its tags allow: the binding, hence the bench, is fixed by the
 * plan). Durations in SUT seconds: ft ~5–60 s, failover ~60–300 s, skewed towards the short end.
 * The same testcases as `run --any-bench` queues them (anyBench()): each one a scenario instance
 * that needs one bench of its kind (its scenario's tags allow every one), on whichever is free.
 */
import { mulberry32 } from '../../lib/prng.ts';

export interface SimBench {
  name: string;
  kind: 'ft' | 'cluster';
  tags: string[];
  /** The devices a lease on it holds. */
  devices: string[];
}

export interface SimTestcase {
  id: string;
  scenario: string;
  bench: string;
  devices: string[];
  /** SUT seconds. */
  seconds: number;
}

export interface Workload {
  benches: SimBench[];
  scenarios: string[];
  testcases: SimTestcase[];
}


/** A testcase as --any-bench queues it: the benches it may run on (every bench of its bench's kind), in name order. */
export interface AnyBenchTestcase extends SimTestcase {
  alternatives: SimBench[];
}

export function anyBench(w: Workload): AnyBenchTestcase[] {
  const kindOf = new Map(w.benches.map((b) => [b.name, b.kind]));
  const byKind = new Map<string, SimBench[]>();
  for (const b of w.benches) byKind.set(b.kind, [...(byKind.get(b.kind) ?? []), b]);
  return w.testcases.map((tc) => ({ ...tc, alternatives: byKind.get(kindOf.get(tc.bench) ?? '') ?? [] }));
}

/** A duration in [lo, hi], its density falling towards hi (the square of a uniform draw). */
const skewed = (rnd: () => number, lo: number, hi: number): number => Math.round((lo + (hi - lo) * rnd() ** 2) * 10) / 10;

const RACKS = ['rack-a', 'rack-b', 'rack-c', 'rack-d'];

function makeBenches(count: number): SimBench[] {
  const clusters = Math.max(1, Math.round(count * 0.12));
  const out: SimBench[] = [];
  for (let i = 0; i < count - clusters; i++) {
    const name = `ft${String(i).padStart(3, '0')}`;
    out.push({ name, kind: 'ft', tags: [RACKS[i % RACKS.length] ?? 'rack-a', i % 3 === 0 ? 'gen2' : 'gen1'], devices: [name] });
  }
  for (let i = 0; i < clusters; i++) {
    const name = `cluster:fo${String(i).padStart(2, '0')}`;
    out.push({ name, kind: 'cluster', tags: [RACKS[i % RACKS.length] ?? 'rack-a', 'san'], devices: ['mgr', 'srv0', 'srv1'].map((m) => `fo${String(i).padStart(2, '0')}-${m}`) });
  }
  return out;
}

/**
 * `count` testcases: two failover scenarios on every cluster, then ft scenarios on every ft device
 * (the last one on as many as its tags allow to reach the count).
 */
export function makeWorkload(opts: { benches: number; testcases: number; seed: number }): Workload {
  const rnd = mulberry32(opts.seed);
  const benches = makeBenches(opts.benches);
  const ft = benches.filter((b) => b.kind === 'ft');
  const clusters = benches.filter((b) => b.kind === 'cluster');
  const testcases: SimTestcase[] = [];
  const scenarios: string[] = [];
  const add = (scenario: string, on: readonly SimBench[], lo: number, hi: number): void => {
    scenarios.push(scenario);
    for (const b of on) {
      if (testcases.length >= opts.testcases) return;
      testcases.push({ id: `${scenario}@${b.name}`, scenario, bench: b.name, devices: b.devices, seconds: skewed(rnd, lo, hi) });
    }
  };
  for (const s of ['fo-power-loss', 'fo-memory-dump']) add(s, clusters, 60, 300);
  for (let k = 0; testcases.length < opts.testcases && ft.length > 0; k++) add(`ft-scenario-${String(k).padStart(2, '0')}`, ft, 5, 60);
  return { benches, scenarios, testcases };
}
