import test from 'ava';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { HistoryRecord } from '../lib/history/records.ts';
import { ftPanel } from './ft/panel.ts';
import { renderReports, ReportsFailedError, writeReports } from './index.ts';
import type { ReportPanel } from './panel.ts';
import { panelRunner } from './panel-run.ts';
import { summarizeRun } from './summarize.ts';
import { HistoryBuilder } from './testing/build.ts';

async function tempDir(t: { teardown(fn: () => Promise<void>): void }): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'ftlab-panels-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

function ftRun(): HistoryRecord[] {
  const h = new HistoryBuilder().begin({ requirements: { 'FT-03': 'one server', 'XX-01': 'extra' } });
  return h.at(1).scenario('s', 'ft0', ['FT-03']).at(60).probe('s', ['127.0.0.1:7000']).end('s', 'passed').runEnd('passed').records;
}

/** A test panel; `throwIn` names the part that throws. */
function testPanel(throwIn: 'summarize' | 'html' | 'markdown' | 'lanes' | 'appliesTo' | null): ReportPanel<{ n: number }> {
  const boom = (part: string): never => {
    throw new Error(`${part} exploded`);
  };
  return {
    id: 'xx',
    title: 'XX checks',
    appliesTo: (input) => (throwIn === 'appliesTo' ? boom('appliesTo') : input.requirementIds.includes('XX-01')),
    summarize: (input) => (throwIn === 'summarize' ? boom('summarize') : { n: input.scenarios.length }),
    findings: (data) => [{ requirement: 'XX-01', verdict: 'passed', evidence: `xx saw ${data.n} scenario(s)`, scenarios: [], listed: true }],
    json: (data) => ({ n: data.n }),
    html: (data) => (throwIn === 'html' ? boom('html') : `<section><h2>XX</h2><p>xx-html ${data.n}</p></section>`),
    markdown: (data) => (throwIn === 'markdown' ? boom('markdown') : ['## XX', '', `xx-md ${data.n}`, '']),
    timelineLanes: () => (throwIn === 'lanes' ? boom('lanes') : [{ label: 'xx lane', segments: [{ start: 0, end: 10, state: 'XxState', cause: 'test', source: 'sample' }], ticks: [] }]),
  };
}

const panelsWith = (throwIn: Parameters<typeof testPanel>[0]) => [panelRunner(ftPanel), panelRunner(testPanel(throwIn))];

test('panels are chosen by the run, their data lands under panels.<id>, findings join the requirement verdicts, lanes join the timeline', async (t) => {
  const out = await tempDir(t);
  await renderReports(ftRun(), out, { panels: panelsWith(null) });
  const results = JSON.parse(await readFile(path.join(out, 'results.json'), 'utf8')) as { panels: Record<string, unknown>; requirements: Record<string, { evidence: string[] }> };
  t.deepEqual(Object.keys(results.panels), ['ft', 'xx']);
  t.deepEqual(results.panels['xx'], { n: 1 });
  t.deepEqual(results.requirements['XX-01']?.evidence, ['xx saw 1 scenario(s)']);
  const html = await readFile(path.join(out, 'index.html'), 'utf8');
  t.regex(html, /FT-03 one server on the network[\s\S]*xx-html 1/);
  t.regex(html, /<text x="8" y="[\d.]+" class="ll">xx lane<\/text>/);
  t.regex(await readFile(path.join(out, 'compliance.md'), 'utf8'), /## One server on the network \(FT-03\)[\s\S]*## XX\n\nxx-md 1/);

  const none = summarizeRun(new HistoryBuilder().begin().runEnd('passed').records, { panels: panelsWith(null) });
  t.deepEqual(none.panels.map((p) => p.id), [], 'neither panel applies to a run that names no FT-* or XX-* requirement');
});

test('a panel whose summarize throws: an error section in its place, the other panel and every file still rendered, the failure reported', async (t) => {
  const out = await tempDir(t);
  const result = await writeReports(ftRun(), out, { panels: panelsWith('summarize') });
  t.deepEqual(result.failures.map((f) => [f.reporter, f.message]), [['panel xx', 'the xx panel failed (summarize): summarize exploded']]);
  t.is(result.written.length, 5);
  const html = await readFile(path.join(out, 'index.html'), 'utf8');
  t.regex(html, /<section class="panel-error"><h2>XX checks<\/h2><p class="bad"><b>This section could not be rendered.<\/b> the xx panel failed \(summarize\): summarize exploded<\/p><\/section>/);
  t.regex(html, /FT-03 one server on the network/, 'the ft panel is unaffected');
  t.regex(await readFile(path.join(out, 'compliance.md'), 'utf8'), /## XX checks\n\n> \*\*Error: this section could not be rendered\*\* — the xx panel failed \(summarize\): summarize exploded\./);
  const results = JSON.parse(await readFile(path.join(out, 'results.json'), 'utf8')) as { outcome: string; panels: Record<string, unknown> };
  t.is(results.outcome, 'passed');
  t.deepEqual(results.panels['xx'], { error: 'the xx panel failed (summarize): summarize exploded' });
  await t.throwsAsync(renderReports(ftRun(), out, { panels: panelsWith('summarize') }), { instanceOf: ReportsFailedError, message: /the xx panel failed \(summarize\)/ });
});

test('a panel that throws while choosing itself is reported the same way', async (t) => {
  const result = await writeReports(ftRun(), await tempDir(t), { panels: panelsWith('appliesTo') });
  t.deepEqual(result.failures.map((f) => f.message), ['the xx panel failed (appliesTo): appliesTo exploded']);
});

test('a panel section that throws while rendering: the page and compliance.md show an error section, the failure is reported once', async (t) => {
  for (const part of ['html', 'markdown'] as const) {
    const out = await tempDir(t);
    const result = await writeReports(ftRun(), out, { panels: panelsWith(part) });
    t.deepEqual(result.failures.map((f) => f.message), [`the xx panel failed (${part}): ${part} exploded`]);
    const file = part === 'html' ? 'index.html' : 'compliance.md';
    t.regex(await readFile(path.join(out, file), 'utf8'), new RegExp(`the xx panel failed \\(${part}\\): ${part} exploded`));
    t.regex(await readFile(path.join(out, 'index.html'), 'utf8'), /ftlab run report/, 'the page itself renders');
  }
});

test('a lane contributor that throws: the timeline is drawn without its lanes and says so', async (t) => {
  const out = await tempDir(t);
  const result = await writeReports(ftRun(), out, { panels: panelsWith('lanes') });
  t.deepEqual(result.failures.map((f) => f.message), ['the xx panel failed (timeline): lanes exploded']);
  const html = await readFile(path.join(out, 'index.html'), 'utf8');
  t.regex(html, /Some lanes of this timeline could not be drawn/);
  t.notRegex(html, /xx lane/);
});
