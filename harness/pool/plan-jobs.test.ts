import test from 'ava';
import type { BoundDevice } from '../devices/device.ts';
import { planTestcases } from '../runner/plan.ts';
import type { Roles, ScenarioDef } from '../scenario.ts';
import { planJobs } from './plan-jobs.ts';

const device = (name: string, kind: string, tags: string[] = []): BoundDevice => ({ name, kind, caps: {}, protocols: {}, endpoints: {}, tags, timeScale: 1, close: async () => undefined });
const scenario = (id: string, roles: Roles): ScenarioDef => ({ id, title: id, requirements: [], tags: [], suites: [], roles, timeoutMs: 1000, run: async () => undefined });

const devices = [device('ft0', 'ft', ['gen2']), device('ft1', 'ft'), device('ft2', 'ft', ['gen2']), device('s0', 'server'), device('s1', 'server')];
const defs = [
  scenario('any-ft', { ft: { kind: 'ft', needs: [] } }),
  scenario('gen2', { ft: { kind: 'ft', tags: ['gen2'], needs: [] } }),
  scenario('pair', { a: { kind: 'server', needs: [] }, b: { kind: 'server', needs: [] } }),
  scenario('none', { sw: { kind: 'switch', needs: [] } }),
];

test('default: one job per bound testcase, fixed to its binding; an unbound testcase is queued as nothing', (t) => {
  const cases = planTestcases(defs, devices, 2);
  const plan = planJobs(cases, 'r', false);
  t.is(plan.jobs.length + plan.unbound.length, cases.length);
  t.deepEqual(plan.jobs.filter((p) => p.job.iteration === 0).map((p) => `${p.job.scenario}@${p.job.binding}`), ['any-ft@ft0', 'any-ft@ft1', 'any-ft@ft2', 'gen2@ft0', 'gen2@ft2', 'pair@a=s0 b=s1']);
  t.true(plan.jobs.every((p) => p.job.alternatives === undefined), 'the job format of a plain pool run is unchanged');
  t.is(plan.alternatives.size, 0);
  t.deepEqual(plan.jobs.find((p) => p.job.scenario === 'pair')?.job.benches, ['s0', 's1']);
  t.deepEqual(plan.unbound.map((u) => `${u.tc.def.id}#${u.tc.iteration}`), ['none#0', 'none#1']);
  t.is(new Set(plan.jobs.map((p) => p.job.id)).size, plan.jobs.length, 'job ids are unique');
});

test('--any-bench: one job per scenario × iteration, every binding the planner allows as its alternatives', (t) => {
  const cases = planTestcases(defs, devices, 3);
  const plan = planJobs(cases, 'r', true);
  t.is(plan.jobs.length + plan.unbound.length, defs.length * 3, 'N scenarios × iterations');
  const anyFt = plan.jobs.filter((p) => p.job.scenario === 'any-ft');
  t.deepEqual(anyFt.map((p) => p.job.iteration), [0, 1, 2]);
  const alts = (scenario: string) => plan.alternatives.get(plan.jobs.find((p) => p.job.scenario === scenario)?.job.alternatives ?? '');
  t.deepEqual(alts('any-ft'), [{ binding: 'ft0', benches: ['ft0'] }, { binding: 'ft1', benches: ['ft1'] }, { binding: 'ft2', benches: ['ft2'] }]);
  t.deepEqual(new Set(anyFt.map((p) => p.job.alternatives)).size, 1, 'its iterations share one entry of the alternatives hash');
  t.like(anyFt[0]?.job, { binding: 'ft0', benches: ['ft0'] }, 'queued with its first alternative as its binding (a valid fixed job to an older reader)');
  t.deepEqual(alts('gen2')?.map((a) => a.binding), ['ft0', 'ft2'], 'only the benches its tags allow');
  t.deepEqual(alts('pair'), [{ binding: 'a=s0 b=s1', benches: ['s0', 's1'] }]);
  t.deepEqual([...plan.alternatives.keys()], ['r:0', 'r:1', 'r:2'], 'each distinct list once');
  t.deepEqual(plan.unbound.map((u) => `${u.tc.def.id}#${u.tc.iteration}`), ['none#0', 'none#1', 'none#2']);
  const order = [...plan.jobs.map((p) => p.i), ...plan.unbound.map((u) => u.i)].sort((a, b) => a - b);
  t.deepEqual(order, Array.from({ length: defs.length * 3 }, (_, i) => i), 'one place each in the run order');
  t.is(new Set(plan.jobs.map((p) => p.job.id)).size, plan.jobs.length);
});
