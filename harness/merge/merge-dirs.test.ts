/**
 * A whole run split into two shards and merged again gives the whole run back: the same records
 * (times included: the second shard began later and its times are moved back onto the first's
 * base) and the same reports, apart from the run id and the shard each result names.
 */
import test from 'ava';
import { mkdtemp, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError } from '../../lib/errors.ts';
import { shiftTimes } from '../../lib/history/merge-time.ts';
import { readHistoryFile } from '../../lib/history/read.ts';
import type { HistoryRecord, RunBegin, RunEnd } from '../../lib/history/records.ts';
import { REPORT_FILES, writeReports } from '../../reports/index.ts';
import { mergeRunDirs } from './merge-dirs.ts';
import { normalizeCompliance, normalizeJunit, normalizeResults } from './normalize.ts';

const WHOLE = fileURLToPath(new URL('../../reports/testdata/passing.jsonl', import.meta.url));
/** The second testcase of passing.jsonl begins at t 300: its shard began 290 ms after the first. */
const SPLIT_T = 290;

function shardBegin(b: RunBegin, index: number, ids: string[], dt: number): RunBegin {
  return { ...b, wall: b.wall + dt, runId: `shard-${index}`, shard: { index, total: 2 }, plan: b.plan.filter((p) => ids.includes(p.id)) };
}

/** Shard 1: run-level records and the first testcase; shard 2 (began SPLIT_T later): the devices and the second testcase. */
function split(records: readonly HistoryRecord[]): [HistoryRecord[], HistoryRecord[]] {
  const [begin] = records;
  if (begin?.type !== 'run-begin') throw new Error('testdata must begin with run-begin');
  const scenarioOf = (r: HistoryRecord): string | null => ('scenario' in r && r.scenario ? r.scenario.id : null);
  const [first, second] = begin.plan.map((p) => p.id) as [string, string];
  const body = records.filter((r) => r.type !== 'run-begin' && r.type !== 'run-end');
  const one = body.filter((r) => scenarioOf(r) !== second);
  const two = body.filter((r) => scenarioOf(r) === second || r.type === 'device').map((r) => shiftTimes(r, -SPLIT_T));
  const end = records.at(-1);
  if (end?.type !== 'run-end') throw new Error('testdata must end with run-end');
  // Shard 1 ended after its testcase; shard 2 ended when the whole run did.
  const endOne: RunEnd = { ...end, t: 260, wall: begin.wall + 260 };
  return [
    [shardBegin(begin, 1, [first], 0), ...one, endOne],
    [shardBegin(begin, 2, [second], SPLIT_T), ...two, shiftTimes(end, -SPLIT_T)],
  ];
}

async function writeRun(dir: string, records: readonly HistoryRecord[]): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'history.jsonl'), records.map((r) => `${JSON.stringify(r)}\n`).join(''));
}

test('two shards of a run merged give the run back, record for record and report for report', async (t) => {
  const dir = await mkdtemp(path.join(tmpdir(), 'ftlab-merge-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const { records: whole } = await readHistoryFile(WHOLE);
  await writeReports(whole, path.join(dir, 'whole'));
  const [one, two] = split(whole);
  await writeRun(path.join(dir, 's1'), one);
  await writeRun(path.join(dir, 's2'), two);
  const result = await mergeRunDirs([path.join(dir, 's2'), path.join(dir, 's1')], path.join(dir, 'merged'), { argv: ['merge'] });
  t.deepEqual(result.failures, []);

  const { records: merged } = await readHistoryFile(path.join(dir, 'merged', 'history.jsonl'));
  // Merged times are rounded to the microsecond, as the writer rounds them (the testdata has one 454.40000000000003).
  const micro = (rs: unknown): unknown => JSON.parse(JSON.stringify(rs, (_k, v: unknown) => (typeof v === 'number' ? Math.round(v * 1000) / 1000 : v)));
  t.deepEqual(micro(merged.slice(1, -1)), micro(whole.slice(1, -1)), 'every record between run-begin and run-end, times included');
  t.like(merged.at(-1), { type: 'run-end', outcome: 'passed', t: 520, wall: (whole.at(-1) as RunEnd).wall });
  const read = async (sub: string, file: string): Promise<string> => readFile(path.join(dir, sub, file), 'utf8');
  const exact = { timing: false };
  t.deepEqual(micro(normalizeResults(await read('merged', REPORT_FILES.json), exact)), micro(normalizeResults(await read('whole', REPORT_FILES.json), exact)));
  t.deepEqual(normalizeJunit(await read('merged', REPORT_FILES.junit), exact), normalizeJunit(await read('whole', REPORT_FILES.junit), exact));
  const compliance = normalizeCompliance(await read('merged', REPORT_FILES.compliance), exact);
  t.deepEqual(compliance, normalizeCompliance(await read('whole', REPORT_FILES.compliance), exact));
  t.true(compliance.some((l) => l.startsWith('| FT-02 | Repair without stopping | ') && l.includes('ft-resync-m1')), 'the normalized report still has its rows');

  const results = JSON.parse(await read('merged', REPORT_FILES.json)) as { scenarios: Array<{ id: string; shard: string }>; run: { parts: Array<{ label: string; runId: string }> } };
  t.deepEqual(results.scenarios.map((s) => [s.id, s.shard]), [['ft-isolation-cpu-m0', '1/2'], ['ft-resync-m1', '2/2']]);
  t.deepEqual(results.run.parts.map((p) => [p.label, p.runId]), [['2/2', 'shard-2'], ['1/2', 'shard-1']]);
  const junit = await read('merged', REPORT_FILES.junit);
  t.regex(junit, /name="ft-resync-m1"[^]*?<property name="shard" value="2\/2"\/>/);
  t.regex(await read('merged', REPORT_FILES.compliance), /\| Requirement \| Title \| Scenarios \| Shard \| Evidence \| Verdict \|[^]*\| FT-02 \|[^|]*\| \[ft-resync-m1@ft0#0\]\([^)]*\) \| 2\/2 \|/);
  t.regex(await read('merged', REPORT_FILES.html), /<span class="badge" style="background:#[0-9a-f]+">shard 2\/2<\/span>/);
});

test('the out folder may not be an input, and nothing is written when inputs are refused', async (t) => {
  const dir = await mkdtemp(path.join(tmpdir(), 'ftlab-merge-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const { records: whole } = await readHistoryFile(WHOLE);
  const [one] = split(whole);
  await writeRun(path.join(dir, 's1'), one);
  await t.throwsAsync(mergeRunDirs([path.join(dir, 's1')], path.join(dir, 's1'), { argv: [] }), { instanceOf: ConfigError, message: `--out: a folder that is not one of the inputs (${path.join(dir, 's1')} is) (found "${path.join(dir, 's1')}")` });
  await t.throwsAsync(mergeRunDirs([path.join(dir, 's1')], path.join(dir, 'm'), { argv: [] }), { instanceOf: ConfigError, message: /missing: 2\/2/ });
  await t.throwsAsync(readFile(path.join(dir, 'm', 'history.jsonl')), { code: 'ENOENT' });
});
