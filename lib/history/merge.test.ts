import test from 'ava';
import { ConfigError } from '../errors.ts';
import { budgetsHash } from './merge-check.ts';
import { mergeHistories, type MergeInput, type MergeOptions } from './merge.ts';
import type { HistoryRecord, Outcome, ProbeRecord, RunBegin, RunEnd, SampleRecord, ScenarioEnd, ScenarioRef, Shard } from './records.ts';

const WALL0 = 1767225600000;
const OPTS: MergeOptions = { runId: 'merged', argv: ['merge', 'a', 'b', '--out', 'm'] };

function runBegin(runId: string, shard: Shard | null, over: Partial<RunBegin> = {}, wall = WALL0): RunBegin {
  return {
    type: 'run-begin',
    t: 0,
    wall,
    version: 2,
    runId,
    ftlabVersion: '0.3.0',
    lab: { kind: 'embedded', defects: [], timeScale: 20 },
    suite: 'nightly',
    argv: ['run', ...(shard ? ['--shard', `${shard.index}/${shard.total}`] : [])],
    repeat: 1,
    budgets: [{ id: 'ft.isolation-gap', limit: 1500, unit: 'ms', marginalBand: 0.2, source: 'lab policy', requirement: ['FT-01'] }],
    plan: [],
    requirements: { 'FT-01': 'Single module fault' },
    selection: { patterns: [], suite: null, grep: null },
    host: `host-${runId}`,
    ...(shard ? { shard } : {}),
    ...over,
  };
}

/** One testcase's records from harness time `t0` on (wall = start wall + t). */
function testcase(id: string, t0: number, wall0: number, outcome: Outcome, binding = 'ft0'): HistoryRecord[] {
  const scenario: ScenarioRef = { id, iteration: 0, binding };
  const at = (t: number): { t: number; wall: number } => ({ t: t0 + t, wall: wall0 + t0 + t });
  const probe: ProbeRecord = {
    ...at(30),
    type: 'probe',
    scenario,
    probe: 'workload',
    target: '127.0.0.1:7000',
    intervalMs: 5,
    resolutionMs: 5,
    sent: 10,
    received: 9,
    gaps: [{ start: t0 + 10, end: t0 + 20, durationMs: 10 }],
    repliedFrom: ['127.0.0.1:7000'],
    startedAt: t0 + 1,
    stoppedAt: t0 + 29,
  };
  const sample: SampleRecord = { ...at(12), type: 'sample', scenario, device: binding, capability: 'FtState', state: {}, readStart: t0 + 11 };
  return [
    { ...at(0), type: 'scenario-begin', scenario, title: id, requirements: ['FT-01'], roles: { server: [binding] } },
    { ...at(5), type: 'fault', scenario, device: binding, fault: 'cpu', params: {}, action: 'inject', ledgerId: 1, ok: true },
    sample,
    probe,
    { ...at(40), type: 'scenario-end', scenario, outcome, marginal: false, durationMs: 40 },
  ];
}

function input(dir: string, begin: RunBegin, body: HistoryRecord[], end: Outcome | null, reason?: string): MergeInput {
  const last = body.reduce((m, r) => Math.max(m, r.t), 0) + 5;
  const runEnd: RunEnd | null = end === null ? null : { type: 'run-end', t: last, wall: begin.wall + last, outcome: end, exitCode: 0, ...(reason ? { reason } : {}) };
  return { dir, records: [begin, ...body, ...(runEnd ? [runEnd] : [])] };
}

const plan = (...ids: string[]): RunBegin['plan'] => ids.map((id) => ({ id, title: id, requirements: ['FT-01'], tags: [] }));

/** Shard 1/2 ran a (t 10..50), shard 2/2 started 25 ms later and ran b (its t 10..50, i.e. 35..75 merged). */
function twoShards(outcomeB: Outcome = 'passed'): [MergeInput, MergeInput] {
  const a = runBegin('r1', { index: 1, total: 2 }, { plan: plan('a') });
  const b = runBegin('r2', { index: 2, total: 2 }, { plan: plan('b') }, WALL0 + 25);
  return [input('s1', a, testcase('a', 10, WALL0, 'passed'), 'passed'), input('s2', b, testcase('b', 10, WALL0 + 25, outcomeB), outcomeB)];
}

function refusal(t: { throws(fn: () => unknown, e: object): unknown }, inputs: MergeInput[], message: string, opts: Partial<MergeOptions> = {}): void {
  t.throws(() => mergeHistories(inputs, { ...OPTS, ...opts }), { instanceOf: ConfigError, message });
}

test('records of the shards are ordered by time on the earliest shard\'s base, every harness time moved alike', (t) => {
  const merged = mergeHistories(twoShards(), OPTS);
  t.deepEqual(
    merged.map((r) => [r.type, 'scenario' in r && r.scenario ? r.scenario.id : '', r.t]),
    [
      ['run-begin', '', 0],
      ['scenario-begin', 'a', 10],
      ['fault', 'a', 15],
      ['sample', 'a', 22],
      ['scenario-begin', 'b', 35],
      ['probe', 'a', 40],
      ['fault', 'b', 40],
      ['sample', 'b', 47],
      ['scenario-end', 'a', 50],
      ['probe', 'b', 65],
      ['scenario-end', 'b', 75],
      ['run-end', '', 80],
    ],
    'on equal times the earlier shard first',
  );
  const probeB = merged.find((r): r is ProbeRecord => r.type === 'probe' && r.scenario.id === 'b');
  t.deepEqual([probeB?.startedAt, probeB?.stoppedAt, probeB?.gaps], [36, 64, [{ start: 45, end: 55, durationMs: 10 }]]);
  const sampleB = merged.find((r): r is SampleRecord => r.type === 'sample' && r.scenario?.id === 'b');
  t.is(sampleB?.readStart, 46);
  t.is(merged.filter((r) => r.wall === WALL0 + 25 + 10).length, 1, 'wall clocks are kept as written');
});

test('the merged run-begin names its parts and the plan of the whole selection', (t) => {
  const [begin] = mergeHistories(twoShards('failed'), OPTS);
  if (begin?.type !== 'run-begin') return t.fail('no run-begin first');
  t.is(begin.runId, 'merged');
  t.deepEqual(begin.argv, OPTS.argv);
  t.is(begin.shard, undefined);
  t.deepEqual(begin.plan.map((p) => p.id), ['a', 'b']);
  t.deepEqual(begin.merge, {
    duplicates: null,
    missingShards: [],
    parts: [
      { runId: 'r1', shard: { index: 1, total: 2 }, host: 'host-r1', dir: 's1', argv: ['run', '--shard', '1/2'], startedAt: WALL0, endedAt: WALL0 + 55, outcome: 'passed', reason: null, offsetMs: 0, testcases: [{ id: 'a', binding: 'ft0', iteration: 0 }], notes: [] },
      { runId: 'r2', shard: { index: 2, total: 2 }, host: 'host-r2', dir: 's2', argv: ['run', '--shard', '2/2'], startedAt: WALL0 + 25, endedAt: WALL0 + 80, outcome: 'failed', reason: null, offsetMs: 25, testcases: [{ id: 'b', binding: 'ft0', iteration: 0 }], notes: [] },
    ],
  });
});

test('the merged run-end: the worst testcase; a non-pass outcome survives the merge', (t) => {
  const end = mergeHistories(twoShards('budget-violation'), OPTS).at(-1);
  t.like(end, { type: 'run-end', outcome: 'budget-violation', exitCode: 1 });
});

test('a shard whose lab failed ran nothing: its infra-error and reason survive, and the part says so', (t) => {
  const [a] = twoShards();
  const b = input('s2', runBegin('r2', { index: 2, total: 2 }, { plan: plan('b') }), [], 'infra-error', 'lab did not start');
  const merged = mergeHistories([a, b], OPTS);
  t.like(merged.at(-1), { type: 'run-end', outcome: 'infra-error', exitCode: 3, reason: 'shard 2/2: lab did not start' });
  const begin = merged[0] as RunBegin;
  t.deepEqual(begin.merge?.parts[1]?.notes, ['ran no testcase: lab did not start']);
});

test('a shard whose every testcase was skipped does not fail a merge whose other shard ran; all skipped everywhere is an infra-error', (t) => {
  const [a] = twoShards();
  const skippedB = (): MergeInput => input('s2', runBegin('r2', { index: 2, total: 2 }, { plan: plan('b') }), testcase('b', 10, WALL0, 'skipped'), 'infra-error', 'every testcase was skipped');
  const merged = mergeHistories([a, skippedB()], OPTS);
  t.like(merged.at(-1), { type: 'run-end', outcome: 'skipped', exitCode: 0 }, 'as a whole run of one passed and one skipped testcase');
  t.deepEqual((merged[0] as RunBegin).merge?.parts[1]?.notes, ['ran nothing: every testcase was skipped']);
  const skippedA = input('s1', runBegin('r1', { index: 1, total: 2 }, { plan: plan('a') }), testcase('a', 10, WALL0, 'skipped'), 'infra-error', 'every testcase was skipped');
  t.like(mergeHistories([skippedA, skippedB()], OPTS).at(-1), { outcome: 'infra-error', reason: 'every testcase of every part was skipped (2): nothing was tested' });
});

test('a shard whose history ends without run-end makes the merged run aborted, naming it', (t) => {
  const [a] = twoShards();
  const b = input('s2', runBegin('r2', { index: 2, total: 2 }, { plan: plan('b') }), testcase('b', 10, WALL0, 'passed'), null);
  t.like(mergeHistories([a, b], OPTS).at(-1), { outcome: 'aborted', exitCode: 130, reason: 'shard 2/2: the history ends without run-end (killed or crashed)' });
});

test('the same ledger id, event ids and scenario on other devices in two shards are not collisions', (t) => {
  const a = input('s1', runBegin('r1', { index: 1, total: 2 }), testcase('x', 10, WALL0, 'passed', 'ft0'), 'passed');
  const b = input('s2', runBegin('r2', { index: 2, total: 2 }), testcase('x', 10, WALL0, 'failed', 'ft1'), 'failed');
  const merged = mergeHistories([a, b], OPTS);
  t.is(merged.filter((r) => r.type === 'fault' && r.ledgerId === 1).length, 2);
  t.deepEqual((merged[0] as RunBegin).merge?.parts.map((p) => p.testcases), [[{ id: 'x', binding: 'ft0', iteration: 0 }], [{ id: 'x', binding: 'ft1', iteration: 0 }]]);
});

test('a testcase two inputs ran is refused, naming both folders and the options', (t) => {
  const a = input('s1', runBegin('r1', null), testcase('a', 10, WALL0, 'passed'), 'passed');
  const b = input('s2', runBegin('r2', null, {}, WALL0 + 100), testcase('a', 10, WALL0 + 100, 'failed'), 'failed');
  refusal(t, [a, b], 's2: testcase a@ft0#0: a testcase no other input ran (s1 ran it too; --allow-duplicates first|last|worst says which to keep)');
});

test('--allow-duplicates keeps the first, the last or the worst run of a testcase, drops every record of the others and says so', (t) => {
  const a = input('s1', runBegin('r1', null), testcase('a', 10, WALL0, 'failed'), 'failed');
  const b = input('s2', runBegin('r2', null, {}, WALL0 + 100), testcase('a', 10, WALL0 + 100, 'passed'), 'passed');
  const keptFrom = (policy: 'first' | 'last' | 'worst'): { outcome: Outcome | undefined; records: number; notes: string[][] } => {
    const merged = mergeHistories([b, a], { ...OPTS, duplicates: policy });
    return {
      outcome: merged.find((r): r is ScenarioEnd => r.type === 'scenario-end')?.outcome,
      records: merged.filter((r) => 'scenario' in r && r.scenario?.id === 'a').length,
      notes: (merged[0] as RunBegin).merge?.parts.map((p) => p.notes) ?? [],
    };
  };
  t.deepEqual(keptFrom('first'), { outcome: 'failed', records: 5, notes: [['dropped a@ft0#0 (passed): --allow-duplicates first kept the one of s1'], []] });
  t.deepEqual(keptFrom('last'), { outcome: 'passed', records: 5, notes: [[], ['dropped a@ft0#0 (failed): --allow-duplicates last kept the one of s2']] });
  t.deepEqual(keptFrom('worst'), { outcome: 'failed', records: 5, notes: [['dropped a@ft0#0 (passed): --allow-duplicates worst kept the one of s1'], []] });
  t.like(mergeHistories([b, a], { ...OPTS, duplicates: 'last' }).at(-1), { outcome: 'passed' }, 'the dropped run\'s failure does not decide the merged outcome');
});

test('inputs that are not parts of one run are refused with the folder, the field, the expectation and what was found', (t) => {
  const [a, b] = twoShards();
  const other = (over: Partial<RunBegin>, shard: Shard | null = { index: 2, total: 2 }): MergeInput => ({ dir: 's2', records: [runBegin('r2', shard, over), ...b.records.slice(1)] });
  refusal(t, [a, other({ ftlabVersion: '0.4.0' })], 's2: run-begin.ftlabVersion: the same ftlab version as s1 ("0.3.0") (found "0.4.0")');
  refusal(t, [a, other({ version: 1 })], 's2: run-begin.version: the same history schema version as s1 (2) (found 1)');
  refusal(t, [a, other({ suite: 'ft' })], 's2: run-begin.suite: the same suite as s1 ("nightly") (found "ft")');
  refusal(t, [a, other({ selection: { patterns: ['ft-*'], suite: null, grep: null } })], 's2: run-begin.selection: the same selection as s1 ({"grep":null,"patterns":[],"suite":null}) (found {"patterns":["ft-*"],"suite":null,"grep":null})');
  refusal(t, [a, other({ repeat: 3 })], 's2: run-begin.repeat: the same repeat count as s1 (1) (found 3)');
  refusal(t, [a, other({ lab: { kind: 'embedded', defects: [], timeScale: 10 } })], 's2: run-begin.lab.timeScale: the same embedded lab time scale as s1 (20) (found 10)');
  const budgets = [{ id: 'ft.isolation-gap', limit: 1000, unit: 'ms', marginalBand: 0.2, source: 'lab policy', requirement: ['FT-01'] }];
  const want = budgetsHash(a.records[0] as RunBegin);
  const got = budgetsHash(runBegin('r2', null, { budgets }));
  refusal(t, [a, other({ budgets })], `s2: run-begin.budgets: the same budgets as s1 (content hash ${want}); budget ft.isolation-gap differs (found "content hash ${got}")`);
  refusal(t, [a, { dir: 's1-copy', records: a.records }], 's1-copy: run-begin.runId: a run given once (the run in s1 has this id) (found "r1")');
  refusal(t, [a, other({}, { index: 2, total: 3 })], 's2: run-begin.shard: a shard of 2 like s1 (1/2) (found "2/3")');
  refusal(t, [a, other({}, { index: 1, total: 2 })], 's2: run-begin.shard: a shard no other input ran (s1 ran 1/2 too) (found "1/2")');
  refusal(t, [a], 'the merge inputs: every shard of 2 (missing: 2/2; --allow-missing-shards merges without them) (found ["s1: 1/2"])');
  refusal(t, [{ dir: 'empty', records: [] }], 'empty: history.jsonl: a history whose first record is run-begin (found "an empty history")');
  refusal(t, [], 'ftlab merge: at least one input folder');
});

test('--allow-missing-shards merges without them and records which', (t) => {
  const [a] = twoShards();
  const [begin] = mergeHistories([a], { ...OPTS, allowMissingShards: true });
  t.deepEqual((begin as RunBegin).merge?.missingShards, [{ index: 2, total: 2 }]);
});

test('budgets differing only in key order have one content hash', (t) => {
  const a = runBegin('r1', null);
  const [budget] = a.budgets;
  if (!budget) return t.fail();
  const reordered = runBegin('r2', null, { budgets: [{ requirement: budget.requirement, source: budget.source, marginalBand: budget.marginalBand, unit: budget.unit, limit: budget.limit, id: budget.id }] });
  t.is(budgetsHash(a), budgetsHash(reordered));
});
