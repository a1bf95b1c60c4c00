/**
 * The I/O around the pure renderers: render every selected report in memory, then write each
 * file atomically (temp file + rename) into the output directory, and make sure the history
 * sits beside them. A renderer error writes nothing.
 */
import { copyFile, mkdir, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ConfigError, FtlabError } from '../lib/errors.ts';
import { readHistoryFile } from '../lib/history/read.ts';
import { redactString } from '../lib/redact.ts';
import type { HistoryRecord } from '../lib/history/records.ts';
import { renderCompliance } from './compliance.ts';
import { renderHtml } from './html/index.ts';
import { renderJson } from './json.ts';
import { renderJunit } from './junit.ts';
import { summarize } from './summarize.ts';

export type Reporter = 'html' | 'junit' | 'json' | 'compliance';
export const REPORTERS: readonly Reporter[] = ['html', 'junit', 'json', 'compliance'];

export const REPORT_FILES: Record<Reporter, string> = {
  html: 'index.html',
  junit: 'junit.xml',
  json: 'results.json',
  compliance: 'compliance.md',
};
export const HISTORY_FILE = 'history.jsonl';

/** A renderer failed; nothing was written. */
export class ReportError extends FtlabError {
  constructor(
    readonly reporter: Reporter | 'summary',
    options: { cause: unknown },
  ) {
    super(`rendering the ${reporter} report failed: ${options.cause instanceof Error ? options.cause.message : String(options.cause)}`, options);
  }
}

export interface RenderOptions {
  reporters?: readonly Reporter[];
  /** Where the records came from; copied to outDir/history.jsonl unless it already is that file. */
  historyFile?: string;
  /** From readHistoryFile: the last line was cut off; the reports say so. */
  truncatedLine?: number;
}

/** Parse `--reporter html,junit,...`. */
export function parseReporterList(csv: string): Reporter[] {
  const names = csv
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  const bad = names.filter((n) => !(REPORTERS as readonly string[]).includes(n));
  if (names.length === 0 || bad.length > 0) {
    throw new ConfigError('--reporter', `a comma-separated list of ${REPORTERS.join(', ')}`, { found: csv });
  }
  return [...new Set(names as Reporter[])];
}

function renderOne(reporter: Reporter, records: readonly HistoryRecord[], summary: ReturnType<typeof summarize>): string {
  switch (reporter) {
    case 'html':
      return renderHtml(records, summary);
    case 'junit':
      return renderJunit(summary);
    case 'json':
      return renderJson(summary);
    case 'compliance':
      return renderCompliance(summary);
  }
}

async function writeAtomic(file: string, content: string): Promise<void> {
  const tmp = `${file}.tmp-${process.pid}`;
  await writeFile(tmp, content, 'utf8');
  await rename(tmp, file);
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}

export async function renderReports(records: readonly HistoryRecord[], outDir: string, opts: RenderOptions = {}): Promise<string[]> {
  const reporters = opts.reporters && opts.reporters.length > 0 ? [...new Set(opts.reporters)] : [...REPORTERS];
  for (const r of reporters) if (!REPORTERS.includes(r)) throw new ConfigError('reporters', `one of ${REPORTERS.join(', ')}`, { found: r });
  let summary: ReturnType<typeof summarize>;
  try {
    summary = summarize(records, opts.truncatedLine !== undefined ? { truncatedLine: opts.truncatedLine } : {});
  } catch (e) {
    throw new ReportError('summary', { cause: e });
  }
  const rendered: Array<[string, string]> = [];
  for (const r of reporters) {
    try {
      // Histories are redacted when written; masking registered secrets again costs little.
      rendered.push([REPORT_FILES[r], redactString(renderOne(r, records, summary))]);
    } catch (e) {
      throw new ReportError(r, { cause: e });
    }
  }
  await mkdir(outDir, { recursive: true });
  const written: string[] = [];
  for (const [name, content] of rendered) {
    const file = path.join(outDir, name);
    await writeAtomic(file, content);
    written.push(file);
  }
  const target = path.join(outDir, HISTORY_FILE);
  if (opts.historyFile !== undefined) {
    if (path.resolve(opts.historyFile) !== path.resolve(target)) {
      await copyFile(opts.historyFile, `${target}.tmp-${process.pid}`);
      await rename(`${target}.tmp-${process.pid}`, target);
      written.push(target);
    }
  } else if (!(await exists(target))) {
    await writeAtomic(target, records.map((r) => redactString(JSON.stringify(r))).join('\n') + (records.length ? '\n' : ''));
    written.push(target);
  }
  return written;
}

/** `ftlab report DIR`: read DIR/history.jsonl and render every report in place. */
export async function renderReportsFromHistory(dir: string, opts: { reporters?: readonly Reporter[] } = {}): Promise<string[]> {
  const historyFile = path.join(dir, HISTORY_FILE);
  const { records, truncatedLine } = await readHistoryFile(historyFile);
  return renderReports(records, dir, { ...opts, historyFile, ...(truncatedLine !== undefined ? { truncatedLine } : {}) });
}
