import test from 'ava';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { HistoryRecord } from '../../lib/history/records.ts';
import { HistoryBuilder } from '../../reports/testing/build.ts';
import { main } from './report.ts';

async function historyDir(t: { teardown(fn: () => Promise<void>): void }, records: readonly HistoryRecord[]): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'ftlab-report-cli-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  await writeFile(path.join(dir, 'history.jsonl'), records.map((r) => JSON.stringify(r)).join('\n') + '\n');
  return dir;
}

/** Run `ftlab report ...args` in-process, capturing stderr. */
async function report(args: string[]): Promise<{ code: number; stderr: string }> {
  const original = process.stderr.write.bind(process.stderr);
  let stderr = '';
  process.stderr.write = ((chunk: string | Uint8Array): boolean => {
    stderr += String(chunk);
    return true;
  }) as typeof process.stderr.write;
  try {
    return { code: await main(args), stderr };
  } finally {
    process.stderr.write = original;
  }
}

function ftRun(): HistoryBuilder {
  return new HistoryBuilder().begin({ requirements: { 'FT-01': 'single fault' } }).at(1).scenario('s', 'ft0', ['FT-01']);
}

test.serial('ftlab report exits 0 when every report renders', async (t) => {
  const dir = await historyDir(t, ftRun().at(5).end('s', 'passed').runEnd('passed').records);
  const { code, stderr } = await report([dir, '--quiet']);
  t.is(code, 0);
  t.is(stderr, '');
});

test.serial('ftlab report exits 1 naming the panel that failed; the reports are still written', async (t) => {
  const records = ftRun().records;
  // A sample the reader accepts (an FtState whose shape passes the decoder) but whose module list holds a null: the ft lanes cannot draw it.
  records.push(JSON.parse('{"type":"sample","t":2,"wall":2,"scenario":{"id":"s","iteration":0},"device":"ft0","capability":"FtState","state":{"powerState":"On","modules":[null],"activeModules":[]}}') as HistoryRecord);
  records.push(...new HistoryBuilder().at(5).end('s', 'passed').runEnd('passed').records);
  const dir = await historyDir(t, records);
  const { code, stderr } = await report([dir, '--quiet']);
  t.is(code, 1);
  t.regex(stderr, /ftlab report: the ft panel failed \(timeline\): Cannot read properties of null/);
  t.regex(await readFile(path.join(dir, 'index.html'), 'utf8'), /Some lanes of this timeline could not be drawn/);
  t.like(JSON.parse(await readFile(path.join(dir, 'results.json'), 'utf8')), { outcome: 'passed' });
});
