/**
 * `ftlab merge DIR... --out DIR`, the I/O around lib/history/merge.ts: read each input's
 * history.jsonl, merge, write the merged history into the out folder with the first-failure data
 * bundles its testcases point to, then render every report from that history exactly as
 * `ftlab report` does.
 */
import { randomUUID } from 'node:crypto';
import { cp, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ConfigError } from '../../lib/errors.ts';
import { mergeHistories, type MergeInput } from '../../lib/history/merge.ts';
import { readHistoryFile } from '../../lib/history/read.ts';
import type { DuplicatePolicy, HistoryRecord, ScenarioEnd } from '../../lib/history/records.ts';
import { redactString } from '../../lib/redact.ts';
import { HISTORY_FILE, type Reporter, type ReportsResult, writeReportsFromHistory } from '../../reports/index.ts';

export interface MergeDirsOptions {
  argv: string[];
  duplicates?: DuplicatePolicy;
  allowMissingShards?: boolean;
  reporters?: readonly Reporter[];
}

async function readInput(dir: string): Promise<MergeInput> {
  const { records } = await readHistoryFile(path.join(dir, HISTORY_FILE));
  return { dir, records };
}

function checkOut(dirs: readonly string[], outDir: string): void {
  if (dirs.length === 0) throw new ConfigError('ftlab merge', 'at least one input folder (DIR...)');
  for (const d of dirs) {
    if (path.resolve(d) === path.resolve(outDir)) throw new ConfigError('--out', `a folder that is not one of the inputs (${d} is)`, { found: outDir });
  }
}

/** Copy the first-failure bundles the kept testcases name (ffdc/<testcase>, relative to their run's folder). */
async function copyFfdc(inputs: readonly MergeInput[], merged: readonly HistoryRecord[], outDir: string): Promise<void> {
  await rm(path.join(outDir, 'ffdc'), { recursive: true, force: true });
  const kept = new Set(merged.filter((r): r is ScenarioEnd => r.type === 'scenario-end' && r.ffdc !== undefined).map((r) => r.ffdc));
  for (const input of inputs) {
    for (const r of input.records) {
      if (r.type !== 'scenario-end' || r.ffdc === undefined || !kept.has(r.ffdc)) continue;
      kept.delete(r.ffdc);
      await cp(path.join(input.dir, r.ffdc), path.join(outDir, r.ffdc), { recursive: true, errorOnExist: false, force: true }).catch((e: unknown) => {
        throw new ConfigError(`${input.dir}: ${r.ffdc}`, 'the first-failure data folder its history names', { cause: e });
      });
    }
  }
}

export async function mergeRunDirs(dirs: readonly string[], outDir: string, opts: MergeDirsOptions): Promise<ReportsResult> {
  checkOut(dirs, outDir);
  const inputs = await Promise.all(dirs.map(readInput));
  const merged = mergeHistories(inputs, {
    runId: randomUUID(),
    argv: opts.argv,
    ...(opts.duplicates ? { duplicates: opts.duplicates } : {}),
    ...(opts.allowMissingShards ? { allowMissingShards: true } : {}),
  });
  await mkdir(outDir, { recursive: true });
  await copyFfdc(inputs, merged, outDir);
  const target = path.join(outDir, HISTORY_FILE);
  const tmp = `${target}.tmp-${process.pid}`;
  await writeFile(tmp, merged.map((r) => `${redactString(JSON.stringify(r))}\n`).join(''), 'utf8');
  await rename(tmp, target);
  return writeReportsFromHistory(outDir, opts.reporters ? { reporters: opts.reporters } : {});
}
