/**
 * Golden files: hand-written histories in testdata/*.jsonl rendered into a temp directory and
 * compared byte for byte with testdata/golden/NAME/*. passing, violation and aborted are written
 * in history format 1 (one device per testcase), so `ftlab report` is shown to render histories of
 * the previous format; roles is the current format (a testcase over three devices bound to roles, with console lines). failover is
 * a real `ftlab run` of the manual-failover scenarios (scenarios/failover/lib/testing) on the embedded
 * lab at time scale 20: srv01 → srv08 in the right order, srv05 → srv09 mapping before unmapping;
 * kept small by dropping every sample whose state equals both its neighbours' in its series (the
 * windows of every change are kept) and the budgets other than fo.*. Renderers are deterministic, so the only
 * thing sanitized is the output directory path. Regenerate with
 * `UPDATE_GOLDEN=1 npx ava reports/golden.test.ts` and review the diff.
 */
import test from 'ava';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readHistoryFile } from '../lib/history/read.ts';
import { HISTORY_VERSION } from '../lib/history/records.ts';
import { REPORT_FILES, renderReports } from './index.ts';

const HERE = path.dirname(new URL(import.meta.url).pathname);
const DATA = path.join(HERE, 'testdata');
const UPDATE = process.env.UPDATE_GOLDEN === '1';

async function renderCase(name: string, t: { teardown(fn: () => Promise<void>): void }): Promise<{ out: string; history: string }> {
  const out = await mkdtemp(path.join(tmpdir(), `ftlab-golden-${name}-`));
  t.teardown(() => rm(out, { recursive: true, force: true }));
  const history = path.join(DATA, `${name}.jsonl`);
  const { records, truncatedLine } = await readHistoryFile(history);
  await renderReports(records, out, { historyFile: history, ...(truncatedLine !== undefined ? { truncatedLine } : {}) });
  return { out, history };
}

for (const name of ['passing', 'violation', 'aborted', 'roles', 'failover']) {
  test(`golden: ${name}`, async (t) => {
    const { out, history } = await renderCase(name, t);
    const goldenDir = path.join(DATA, 'golden', name);
    if (UPDATE) await mkdir(goldenDir, { recursive: true });
    for (const file of Object.values(REPORT_FILES)) {
      const actual = (await readFile(path.join(out, file), 'utf8')).split(out).join('<OUT>');
      const goldenFile = path.join(goldenDir, file);
      if (UPDATE) await writeFile(goldenFile, actual);
      t.is(actual, await readFile(goldenFile, 'utf8'), `${name}/${file} differs from its golden file (UPDATE_GOLDEN=1 to regenerate)`);
    }
    t.is(await readFile(path.join(out, 'history.jsonl'), 'utf8'), await readFile(history, 'utf8'), 'history.jsonl is copied beside the reports');
  });
}

test('the golden inputs cover the previous history format and the current one', async (t) => {
  const version = async (name: string): Promise<unknown> => (JSON.parse((await readFile(path.join(DATA, `${name}.jsonl`), 'utf8')).split('\n')[0] ?? '{}') as { version?: unknown }).version;
  for (const name of ['passing', 'violation', 'aborted']) t.is(await version(name), 1, name);
  t.is(await version('roles'), HISTORY_VERSION);
  t.is(await version('failover'), 2, 'failover: a real run of history format 2 (before console records)');
});

test('a testcase over several devices: JUnit names its binding, results name its roles and every device', async (t) => {
  const { out } = await renderCase('roles', t);
  const junit = await readFile(path.join(out, 'junit.xml'), 'utf8');
  t.regex(junit, /classname="ftlab.primary=ftA partner=ftB monitor=srv" name="fo-standby-covers"/);
  const html = await readFile(path.join(out, 'index.html'), 'utf8');
  for (const d of ['ftA', 'ftB', 'srv']) t.true(html.includes(d), d);
  for (const lane of ['ftA power', 'ftA module 1', 'ftB power', 'ftB module 1', 'console ftA', 'console ftB']) t.true(html.includes(`>${lane}<`), `timeline lane "${lane}"`);
});

test('the same history renders byte-identical reports twice', async (t) => {
  const a = await renderCase('violation', t);
  const b = await renderCase('violation', t);
  for (const file of Object.values(REPORT_FILES)) {
    t.is(await readFile(path.join(a.out, file), 'utf8'), await readFile(path.join(b.out, file), 'utf8'), file);
  }
});

test('an aborted history with a cut-off last line renders a report marked aborted', async (t) => {
  const { out } = await renderCase('aborted', t);
  const results = JSON.parse(await readFile(path.join(out, 'results.json'), 'utf8')) as {
    outcome: string;
    incomplete: boolean;
    reason: string;
    run: { truncatedLine: number | null };
    scenarios: Array<{ id: string; outcome: string; incomplete: boolean }>;
    notRun: Array<{ id: string }>;
  };
  t.is(results.outcome, 'aborted');
  t.true(results.incomplete);
  t.is(results.run.truncatedLine, 42);
  t.regex(results.reason, /line 42 was cut off/);
  t.deepEqual(
    results.scenarios.map((s) => [s.id, s.outcome, s.incomplete]),
    [
      ['ft-isolation-cpu-m0', 'passed', false],
      ['ft-resync-m1', 'aborted', true],
    ],
  );
  t.deepEqual(results.notRun.map((p) => p.id), ['ft-io-failover-nic']);
  const html = await readFile(path.join(out, 'index.html'), 'utf8');
  t.regex(html, /class="badge big"[^>]*>aborted</);
  t.regex(html, /<div class="banner">ABORTED/);
  t.regex(await readFile(path.join(out, 'compliance.md'), 'utf8'), /\*\*ABORTED RUN\*\*/);
  t.regex(await readFile(path.join(out, 'junit.xml'), 'utf8'), /<error type="aborted"/);
});

test('a real failover history: one timeline across devices per failover, its budgets and invariants; FO rows in the compliance', async (t) => {
  const { out } = await renderCase('failover', t);
  const html = await readFile(path.join(out, 'index.html'), 'utf8');
  const section = html.slice(html.indexOf('<h2>Failovers (FO)</h2>'), html.indexOf('<h2>Scenarios</h2>'));
  t.is(section.match(/<svg class="fo-timeline"/g)?.length, 2, 'one timeline per failover');
  for (const lane of ['injected faults', 'failover steps (lab)', 'srv01 power (failed)', 'srv08 power (standby)', 'boot-crm on array1', 'zoning fcA', 'zoning fcB', 'logins fabric A', 'VLAN sw1/29 (srv08)', 'boot-batch on array1']) {
    t.true(section.includes(`>${lane}</text>`), `lane "${lane}"`);
  }
  t.regex(section, /<title>boot-batch: [^<]*\(srv05\)[^<]*\(srv09\)[^<]*<\/title><rect [^>]*fill="#cf222e"/, 'the map-first run shows the boot volume held by both servers, in red');
  t.regex(section, /<title>srv01 power On \([^)]*\); changed at \d+ ms by srv01&#39;s event ResourcePoweredOff at [^<]*<\/title>/, "a power change placed by the BMC's own timestamp");
  t.regex(section, /<b>fo\.remap<\/b>[\s\S]*?<code>failover\.remap<\/code>/);
  t.regex(section, /each boot volume is mapped to at most one server at every instant<\/td><td>FO-06<\/td><td><span class="bad">violated<\/span>/);
  t.false(/https?:\/\/(?!127\.0\.0\.1|www\.w3\.org)/.test(html), 'no external fetch');
  const results = JSON.parse(await readFile(path.join(out, 'results.json'), 'utf8')) as { requirements: Record<string, { verdict: string; group: string }> };
  const fo = Object.entries(results.requirements).filter(([, r]) => r.group === 'FO').map(([id, r]) => [id, r.verdict]);
  t.is(fo.length, 12, 'every FO requirement of the catalogue');
  t.deepEqual(Object.fromEntries(fo.filter(([, v]) => v !== 'no-scenario')), { 'FO-03': 'failed', 'FO-05': 'failed', 'FO-06': 'failed', 'FO-11': 'failed' });
  t.regex(await readFile(path.join(out, 'compliance.md'), 'utf8'), /### FO requirements\n\n0 passed, 4 failed, 0 inconclusive, 0 not run, 8 no scenario \(of 12\)\./);
});
