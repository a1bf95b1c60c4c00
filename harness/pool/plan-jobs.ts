/**
 * The jobs a pool run queues from its plan: one per bound testcase (the default: a scenario on
 * every binding its roles and tags allow), or, with --any-bench, one per scenario × iteration whose
 * alternatives are all those bindings (a worker runs it once, on the first it can lease); each
 * distinct list of alternatives is stored once (the pool's alternatives hash), its jobs name it. A
 * testcase without a binding is queued as nothing: the run records it as skipped.
 */
import { bindingDevices, type Testcase } from '../runner/plan.ts';
import type { Alternative, Job } from './job.ts';

export interface PlannedJob {
  /** The testcase it runs (with alternatives: the scenario × iteration, on its first binding). */
  tc: Testcase;
  job: Job;
  /** Its place in the run's order (the order of its ends in the history). */
  i: number;
}

export interface JobPlan {
  jobs: PlannedJob[];
  /** Testcases no binding could be made for, with their place. */
  unbound: Array<{ tc: Testcase; i: number }>;
  /** The alternatives hash entries the jobs name ("RUNID:N" → the bindings). */
  alternatives: Map<string, Alternative[]>;
}

const alternativeOf = (tc: Testcase & { binding: NonNullable<Testcase['binding']> }): Alternative => ({
  binding: tc.binding.label,
  benches: bindingDevices(tc.binding).map((d) => d.name).sort(),
});

const isBound = (tc: Testcase): tc is Testcase & { binding: NonNullable<Testcase['binding']> } => tc.binding !== null;

export function planJobs(cases: readonly Testcase[], runId: string, anyBench: boolean): JobPlan {
  const groups = anyBench ? groupByInstance(cases) : cases.map((tc) => [tc]);
  const out: JobPlan = { jobs: [], unbound: [], alternatives: new Map() };
  const refs = new Map<string, string>();
  groups.forEach((group, i) => {
    const bound = group.filter(isBound);
    const [first] = bound;
    if (!first) return out.unbound.push({ tc: group[0] as Testcase, i });
    const alternatives = bound.map(alternativeOf);
    const [fixed] = alternatives as [Alternative];
    const job: Job = { runId, id: `${runId}:${i}`, scenario: first.def.id, iteration: first.iteration, binding: fixed.binding, benches: fixed.benches, attempt: 0 };
    if (anyBench) job.alternatives = refOf(refs, out.alternatives, runId, alternatives);
    out.jobs.push({ tc: first, job, i });
  });
  return out;
}

/** The hash field of this list of alternatives (a new one the first time it is seen). */
function refOf(refs: Map<string, string>, entries: Map<string, Alternative[]>, runId: string, alternatives: Alternative[]): string {
  const text = JSON.stringify(alternatives);
  const known = refs.get(text);
  if (known !== undefined) return known;
  const ref = `${runId}:${refs.size}`;
  refs.set(text, ref);
  entries.set(ref, alternatives);
  return ref;
}

/** The plan's testcases by scenario × iteration, in plan order. */
function groupByInstance(cases: readonly Testcase[]): Testcase[][] {
  const groups = new Map<string, Testcase[]>();
  for (const tc of cases) {
    const key = `${tc.def.id}\u0000${tc.iteration}`;
    groups.set(key, [...(groups.get(key) ?? []), tc]);
  }
  return [...groups.values()];
}
