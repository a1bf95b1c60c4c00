import test from 'ava';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConfigError } from '../lib/errors.ts';
import { registerSecret } from '../lib/redact.ts';
import type { HistoryRecord } from '../lib/history/records.ts';
import { parseReporterList, renderReports, renderReportsFromHistory, ReportError, ReportsFailedError, writeReports } from './index.ts';
import { findAll, parseXml } from './testing/xml-check.ts';
import { HistoryBuilder } from './testing/build.ts';

async function tempDir(t: { teardown(fn: () => Promise<void>): void }): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'ftlab-reports-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

function passing(): HistoryRecord[] {
  return new HistoryBuilder().begin().at(1).scenario('s', 'ft0', ['FT-01']).at(5).end('s', 'passed').runEnd('passed').records;
}

test('renders the four reports and writes the records as history.jsonl when none is there', async (t) => {
  const out = path.join(await tempDir(t), 'nested', 'out');
  const written = await renderReports(passing(), out);
  t.deepEqual(
    written.map((f) => path.basename(f)),
    ['index.html', 'junit.xml', 'results.json', 'compliance.md', 'history.jsonl'],
  );
  t.deepEqual((await readdir(out)).sort(), ['compliance.md', 'history.jsonl', 'index.html', 'junit.xml', 'results.json']);
  const lines = (await readFile(path.join(out, 'history.jsonl'), 'utf8')).trim().split('\n');
  t.deepEqual(lines.map((l) => (JSON.parse(l) as HistoryRecord).type), ['run-begin', 'scenario-begin', 'scenario-end', 'run-end']);
});

test('an existing history.jsonl in the output directory is left alone', async (t) => {
  const out = await tempDir(t);
  await writeFile(path.join(out, 'history.jsonl'), 'original\n');
  const written = await renderReports(passing(), out, { reporters: ['json'] });
  t.deepEqual(written.map((f) => path.basename(f)), ['results.json']);
  t.is(await readFile(path.join(out, 'history.jsonl'), 'utf8'), 'original\n');
  t.deepEqual((await readdir(out)).sort(), ['history.jsonl', 'results.json']);
});

test('a history from elsewhere is copied beside the reports', async (t) => {
  const dir = await tempDir(t);
  const src = path.join(dir, 'run.jsonl');
  const records = passing();
  await writeFile(src, records.map((r) => JSON.stringify(r)).join('\n') + '\n');
  const out = path.join(dir, 'out');
  await renderReports(records, out, { historyFile: src, reporters: ['junit'] });
  t.is(await readFile(path.join(out, 'history.jsonl'), 'utf8'), await readFile(src, 'utf8'));
});

test('ftlab report DIR re-renders in place from DIR/history.jsonl, truncated tail included', async (t) => {
  const dir = await tempDir(t);
  const records = new HistoryBuilder().begin().at(1).scenario('s', 'ft0', ['FT-01']).at(3).end('s', 'passed').records;
  const text = records.map((r) => JSON.stringify(r)).join('\n') + '\n' + '{"type":"run-end","t":9,"wa';
  await writeFile(path.join(dir, 'history.jsonl'), text);
  const written = await renderReportsFromHistory(dir);
  t.deepEqual(written.map((f) => path.basename(f)), ['index.html', 'junit.xml', 'results.json', 'compliance.md']);
  t.is(await readFile(path.join(dir, 'history.jsonl'), 'utf8'), text, 'the history itself is not rewritten');
  const results = JSON.parse(await readFile(path.join(dir, 'results.json'), 'utf8')) as { outcome: string; run: { truncatedLine: number } };
  t.is(results.outcome, 'aborted');
  t.is(results.run.truncatedLine, 4);
});

test('a throwing renderer: its file says which renderer failed and why, the others are written, the failure is reported', async (t) => {
  const out = await tempDir(t);
  const renderers = { junit: (): string => { throw new Error('junit exploded'); } };
  const result = await writeReports(passing(), out, { renderers });
  t.deepEqual(result.failures.map((f) => f.reporter), ['junit']);
  t.deepEqual(result.written.map((f) => path.basename(f)), ['index.html', 'junit.xml', 'results.json', 'compliance.md', 'history.jsonl']);
  const junit = await readFile(path.join(out, 'junit.xml'), 'utf8');
  t.regex(junit, /<error type="report-error" message="the junit renderer failed: junit exploded"/);
  t.is(findAll(parseXml(junit), 'error').length, 1, 'the error document is well-formed JUnit');
  t.like(JSON.parse(await readFile(path.join(out, 'results.json'), 'utf8')), { outcome: 'passed' });
  t.regex(await readFile(path.join(out, 'index.html'), 'utf8'), /class="badge big"[^>]*>passed</);

  const err = await t.throwsAsync(renderReports(passing(), await tempDir(t), { renderers }), { instanceOf: ReportsFailedError });
  t.regex(err?.message ?? '', /rendering the junit report failed: junit exploded/);
  t.is(err?.failures[0]?.reporter, 'junit');
  t.true(err?.cause instanceof ReportError);
});

test('a renderer failing on a malformed record: the page says so, the other reports are written', async (t) => {
  const out = await tempDir(t);
  const records = new HistoryBuilder().begin().at(1).scenario('s', 'ft0', []).records;
  // An event record whose payload is not an object breaks the timeline (the reader would refuse it).
  records.push(JSON.parse('{"type":"event","t":2,"wall":2,"scenario":{"id":"s","iteration":0},"device":"ft0","event":null}') as HistoryRecord);
  const err = await t.throwsAsync(renderReports(records, out), { instanceOf: ReportsFailedError });
  t.deepEqual(err?.failures.map((f) => f.reporter), ['html']);
  const html = await readFile(path.join(out, 'index.html'), 'utf8');
  t.regex(html, /<h1>ftlab: the html renderer failed<\/h1>/);
  t.regex(html, /index\.html could not be rendered: <b>Cannot read properties of null/);
  t.like(JSON.parse(await readFile(path.join(out, 'results.json'), 'utf8')), { outcome: 'aborted' });
  t.regex(await readFile(path.join(out, 'compliance.md'), 'utf8'), /^# ftlab compliance report\n\n> \*\*INCOMPLETE RUN|^# ftlab compliance report\n\n> \*\*ABORTED RUN/);
});

test('a summary failure: every file names it, nothing else is attempted', async (t) => {
  const out = await tempDir(t);
  await writeFile(path.join(out, 'history.jsonl'), 'kept\n');
  const records = passing();
  Object.defineProperty(records[1], 't', { get: () => { throw new Error('clock gone'); } });
  const result = await writeReports(records, out);
  t.deepEqual(result.failures.map((f) => f.reporter), ['summary']);
  t.is(result.summary, null);
  t.regex(await readFile(path.join(out, 'index.html'), 'utf8'), /the summary renderer failed/);
  t.deepEqual(JSON.parse(await readFile(path.join(out, 'results.json'), 'utf8')), {
    schema: 'ftlab-results/2',
    reportError: { reporter: 'summary', file: 'results.json', message: 'clock gone' },
  });
  t.regex(await readFile(path.join(out, 'compliance.md'), 'utf8'), /> \*\*ERROR\*\* — the summary renderer failed: clock gone/);
});

test('--reporter lists are validated', (t) => {
  t.deepEqual(parseReporterList('html, junit,json,html'), ['html', 'junit', 'json']);
  const err = t.throws(() => parseReporterList('html,pdf'), { instanceOf: ConfigError });
  t.is(err?.where, '--reporter');
  t.regex(err?.message ?? '', /html, junit, json, compliance \(found "html,pdf"\)/);
  t.throws(() => parseReporterList(''), { instanceOf: ConfigError });
});

test('registered secrets never reach the reports', async (t) => {
  const secret = 'Tr0ub4dor-ftlab-test';
  registerSecret(secret);
  const h = new HistoryBuilder().begin({ argv: ['run', '--lab', `https://admin:${secret}@10.0.0.5/lab.yaml`] });
  h.at(1).scenario('s', 'ft0', ['FT-01']).end('s', 'infra-error', `login refused for admin/${secret} at http://admin:hunter22@127.0.0.1:5000`).runEnd('infra-error', 3);
  const out = await tempDir(t);
  const written = await renderReports(h.records, out);
  for (const file of written) {
    const text = await readFile(file, 'utf8');
    t.false(text.includes(secret), `${path.basename(file)} leaks the registered secret`);
    t.false(text.includes('hunter22'), `${path.basename(file)} leaks URL credentials`);
  }
  t.regex(await readFile(path.join(out, 'results.json'), 'utf8'), /login refused for admin\/\*\*\*/);
});
