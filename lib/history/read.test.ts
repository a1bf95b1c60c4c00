import test from 'ava';
import { appendFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConfigError } from '../errors.ts';
import { parseHistory, readHistory, readHistoryFile } from './read.ts';

const begin = {
  type: 'run-begin',
  t: 0,
  wall: 1767225600000,
  version: 2,
  runId: 'r1',
  ftlabVersion: '0.1.0',
  lab: { kind: 'embedded' },
  suite: 'nightly',
  argv: [],
  repeat: 1,
  budgets: [],
  plan: [],
  requirements: {},
};
const sBegin = { type: 'scenario-begin', t: 1, wall: 1767225600001, scenario: { id: 's1', iteration: 0 }, title: 'S', requirements: ['FT-01'], roles: { ft: ['ft0'] } };
const sEnd = { type: 'scenario-end', t: 5, wall: 1767225600005, scenario: { id: 's1', iteration: 0 }, outcome: 'passed', marginal: false, durationMs: 4 };
const line = (o: unknown): string => `${JSON.stringify(o)}\n`;

async function tempDir(t: { teardown(fn: () => Promise<void>): void }): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'ftlab-read-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

test('reads records in order, ignoring blank lines and unknown record types', (t) => {
  const text = line(begin) + '\n' + line({ type: 'future-thing', t: 2, wall: 3 }) + line(sBegin) + line(sEnd);
  const r = parseHistory(text, 'h.jsonl');
  t.deepEqual(
    r.records.map((x) => x.type),
    ['run-begin', 'scenario-begin', 'scenario-end'],
  );
  t.is(r.skippedUnknown, 1);
  t.is(r.truncatedLine, undefined);
});

test('a last line cut off mid-write (no newline) is dropped and reported', (t) => {
  const cut = JSON.stringify(sEnd).slice(0, 30);
  const r = parseHistory(line(begin) + line(sBegin) + cut, 'h.jsonl');
  t.is(r.records.length, 2);
  t.is(r.truncatedLine, 3);
});

test('a complete last line without a newline is kept', (t) => {
  const r = parseHistory(line(begin) + JSON.stringify(sBegin), 'h.jsonl');
  t.is(r.records.length, 2);
  t.is(r.truncatedLine, undefined);
});

test('a malformed line in the middle is an error naming file and line', (t) => {
  const err = t.throws(() => parseHistory(line(begin) + '{"type": "scenario-begin", oops\n' + line(sEnd), 'runs/x/history.jsonl'), {
    instanceOf: ConfigError,
  });
  t.is(err?.where, 'runs/x/history.jsonl:2');
  t.regex(err?.message ?? '', /complete JSON object/);
});

test('a malformed last line that ends with a newline is not a crash artefact: error', (t) => {
  const err = t.throws(() => parseHistory(line(begin) + '{"type":\n', 'h.jsonl'), { instanceOf: ConfigError });
  t.is(err?.where, 'h.jsonl:2');
});

test('a known record type missing a field the reports need names the field', (t) => {
  const bad = { ...sBegin, roles: 42 };
  const err = t.throws(() => parseHistory(line(begin) + line(bad), 'h.jsonl'), { instanceOf: ConfigError });
  t.is(err?.where, 'h.jsonl:2: scenario-begin.roles');
  t.regex(err?.message ?? '', /an object \(found 42\)/);
  const noRef = { ...sEnd, scenario: 's1' };
  t.is(t.throws(() => parseHistory(line(noRef), 'h.jsonl'), { instanceOf: ConfigError })?.where, 'h.jsonl:1: scenario-end.scenario');
  const badOutcome = { ...sEnd, outcome: 'great' };
  t.regex(t.throws(() => parseHistory(line(badOutcome), 'h.jsonl'))?.message ?? '', /outcome: one of passed, skipped, .*found "great"/);
});

test('non-object lines and lines without a type are errors', (t) => {
  t.is(t.throws(() => parseHistory('[1,2]\n', 'h.jsonl'), { instanceOf: ConfigError })?.where, 'h.jsonl:1');
  t.is(t.throws(() => parseHistory('{"t":1,"wall":2}\n', 'h.jsonl'), { instanceOf: ConfigError })?.where, 'h.jsonl:1: type');
});

test('a history written by a newer ftlab is refused', (t) => {
  const err = t.throws(() => parseHistory(line({ ...begin, version: 99 }), 'h.jsonl'), { instanceOf: ConfigError });
  t.is(err?.where, 'h.jsonl:1: run-begin.version');
});

test('readHistory reads a file a writer is still appending to (crash mid-line)', async (t) => {
  const dir = await tempDir(t);
  const file = path.join(dir, 'history.jsonl');
  await writeFile(file, line(begin));
  await appendFile(file, line(sBegin));
  await appendFile(file, JSON.stringify(sEnd).slice(0, 17));
  const records = await readHistory(file);
  t.deepEqual(
    records.map((r) => r.type),
    ['run-begin', 'scenario-begin'],
  );
  t.is((await readHistoryFile(file)).truncatedLine, 3);
});

test('a missing file is a ConfigError naming it', async (t) => {
  const dir = await tempDir(t);
  const file = path.join(dir, 'nope.jsonl');
  const err = await t.throwsAsync(readHistory(file), { instanceOf: ConfigError });
  t.is(err?.where, file);
});

test('a version 1 history is read in the version 2 shape: binding, roles, sample capability and state', (t) => {
  const v1 = { ...begin, version: 1 };
  const ref = { id: 's1', iteration: 0, device: 'ft0' };
  const snapshot = { powerState: 'On', modules: [], activeModules: [0, 1] };
  const text = [
    v1,
    { type: 'scenario-begin', t: 1, wall: 1, scenario: ref, title: 'S', requirements: [], device: 'ft0' },
    { type: 'sample', t: 2, wall: 2, scenario: ref, device: 'ft0', system: snapshot },
    { type: 'event', t: 3, wall: 3, scenario: ref, device: 'ft0', event: { messageId: 'X' } },
    { type: 'scenario-end', t: 4, wall: 4, scenario: ref, outcome: 'passed', marginal: false, durationMs: 3 },
  ]
    .map(line)
    .join('');
  const { records } = parseHistory(text, 'v1.jsonl');
  t.like(records[0], { type: 'run-begin', version: 2 });
  t.deepEqual(records[1], { type: 'scenario-begin', t: 1, wall: 1, scenario: { id: 's1', iteration: 0, binding: 'ft0' }, title: 'S', requirements: [], roles: { ft: ['ft0'] } });
  t.deepEqual(records[2], { type: 'sample', t: 2, wall: 2, scenario: { id: 's1', iteration: 0, binding: 'ft0' }, device: 'ft0', capability: 'FtState', state: snapshot });
  t.like(records[3], { capability: 'EventSource', device: 'ft0' });
  t.like(records[4], { scenario: { id: 's1', iteration: 0, binding: 'ft0' } });
});

test('a version 1 record missing a field is named as written', (t) => {
  const err = t.throws(() => parseHistory(line({ ...begin, version: 1 }) + line({ type: 'sample', t: 2, wall: 2, scenario: null, system: {} }), 'h.jsonl'), {
    instanceOf: ConfigError,
  });
  t.is(err?.where, 'h.jsonl:2: sample.device');
});

test('version 3: console lines are read; a version 2 history (no console records) reads as it is', (t) => {
  const con = { type: 'console', t: 3, wall: 1767225600003, scenario: { id: 's1', iteration: 0 }, device: 'ft0', at: 2.5, text: '[   12.000000] Kernel panic - not syncing: x', endpoint: 'tcp://127.0.0.1:7001' };
  const v3 = parseHistory(line({ ...begin, version: 3 }) + line(sBegin) + line(con) + line(sEnd), 'h.jsonl');
  t.deepEqual(v3.records[2], con);
  const v2 = parseHistory(line(begin) + line(sBegin) + line(sEnd), 'h.jsonl');
  t.deepEqual(v2.records.map((r) => r.type), ['run-begin', 'scenario-begin', 'scenario-end']);
  const err = t.throws(() => parseHistory(line({ ...begin, version: 3 }) + line({ ...con, text: 7 }), 'h.jsonl'), { instanceOf: ConfigError });
  t.regex(err.message, /^h\.jsonl:2: console\.text/);
});
