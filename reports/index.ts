/**
 * The I/O around the pure renderers: summarize the run once, render every selected report from
 * that summary, write each file atomically (temp file + rename) into the output directory, and
 * make sure the history sits beside them. Renderers run isolated: a failing renderer's file holds
 * an error document naming it (error-documents.ts), the others are written as usual, and the
 * failure is reported (renderReports throws ReportsFailedError after writing; writeReports
 * returns it). A failing panel shows as an error section inside the reports and is reported the
 * same way.
 */
import { copyFile, mkdir, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ConfigError, errorMessage, FtlabError } from '../lib/errors.ts';
import { readHistoryFile } from '../lib/history/read.ts';
import { redactString } from '../lib/redact.ts';
import type { HistoryRecord } from '../lib/history/records.ts';
import { renderCompliance } from './compliance.ts';
import { errorDocument } from './error-documents.ts';
import { renderHtml } from './html/index.ts';
import { renderJson } from './json.ts';
import { renderJunit } from './junit.ts';
import type { PanelResult, PanelRunner } from './panel-run.ts';
import { summarizeRun, type SummarizedRun } from './summarize.ts';
import type { RunSummary } from './summary-types.ts';

export type Reporter = 'html' | 'junit' | 'json' | 'compliance';
export const REPORTERS: readonly Reporter[] = ['html', 'junit', 'json', 'compliance'];

export const REPORT_FILES: Record<Reporter, string> = {
  html: 'index.html',
  junit: 'junit.xml',
  json: 'results.json',
  compliance: 'compliance.md',
};
export const HISTORY_FILE = 'history.jsonl';

/** One part of the reports failed: a renderer (its file holds an error document), the summary (every file does), or a panel (an error section). */
export class ReportError extends FtlabError {
  constructor(
    readonly reporter: Reporter | 'summary' | `panel ${string}`,
    options: { cause: unknown },
  ) {
    super(
      reporter.startsWith('panel ') ? errorMessage(options.cause) : `rendering the ${reporter} report failed: ${errorMessage(options.cause)}`,
      options,
    );
  }
}

/** Some reports or panels failed; everything that could be written was (see `written`). */
export class ReportsFailedError extends FtlabError {
  readonly failures: readonly ReportError[];
  readonly written: readonly string[];

  constructor(result: ReportsResult) {
    super(`${result.failures.length} part(s) of the reports failed: ${result.failures.map((f) => f.message).join('; ')}`, {
      cause: result.failures.length === 1 ? result.failures[0] : new AggregateError(result.failures, 'report failures'),
    });
    this.failures = result.failures;
    this.written = result.written;
  }
}

/** Everything a renderer gets: the records and the run summarized once. */
export interface RenderInput {
  records: readonly HistoryRecord[];
  summary: RunSummary;
  panels: readonly PanelResult[];
}

export type RenderFn = (input: RenderInput) => string;

export const RENDERERS: Readonly<Record<Reporter, RenderFn>> = {
  html: (i) => renderHtml(i.records, i.summary, i.panels),
  junit: (i) => renderJunit(i.summary),
  json: (i) => renderJson(i.summary),
  compliance: (i) => renderCompliance(i.summary, i.panels),
};

export interface ReportsResult {
  /** Files written, history.jsonl last when written. */
  written: string[];
  /** The run summary (null when summarizing failed). */
  summary: RunSummary | null;
  /** What failed, in order: the summary, panels, renderers. Empty when everything rendered. */
  failures: ReportError[];
}

export interface RenderOptions {
  reporters?: readonly Reporter[];
  /** Where the records came from; copied to outDir/history.jsonl unless it already is that file. */
  historyFile?: string;
  /** From readHistoryFile: the last line was cut off; the reports say so. */
  truncatedLine?: number;
  /** Panels to consider (default: reports/panels.ts). */
  panels?: readonly PanelRunner[];
  /** Replace renderers (tests, embedders); default RENDERERS. */
  renderers?: Partial<Record<Reporter, RenderFn>>;
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

function selectedReporters(opts: RenderOptions): Reporter[] {
  const reporters = opts.reporters && opts.reporters.length > 0 ? [...new Set(opts.reporters)] : [...REPORTERS];
  for (const r of reporters) if (!REPORTERS.includes(r)) throw new ConfigError('reporters', `one of ${REPORTERS.join(', ')}`, { found: r });
  return reporters;
}

function summarizeOnce(records: readonly HistoryRecord[], opts: RenderOptions): SummarizedRun | ReportError {
  try {
    return summarizeRun(records, {
      ...(opts.truncatedLine !== undefined ? { truncatedLine: opts.truncatedLine } : {}),
      ...(opts.panels ? { panels: opts.panels } : {}),
    });
  } catch (e) {
    return new ReportError('summary', { cause: e });
  }
}

/** Render one report; a throwing renderer yields its error document and a ReportError. */
function renderOne(reporter: Reporter, run: SummarizedRun | ReportError, records: readonly HistoryRecord[], opts: RenderOptions): { text: string; error: ReportError | null } {
  const failed = (error: ReportError): { text: string; error: ReportError | null } => ({
    text: errorDocument(reporter, { reporter: error.reporter, file: REPORT_FILES[reporter], message: errorMessage(error.cause) }),
    error,
  });
  if (run instanceof ReportError) return { ...failed(run), error: null };
  try {
    const render = opts.renderers?.[reporter] ?? RENDERERS[reporter];
    return { text: render({ records, summary: run.summary, panels: run.panels }), error: null };
  } catch (e) {
    return failed(new ReportError(reporter, { cause: e }));
  }
}

async function writeHistory(records: readonly HistoryRecord[], outDir: string, historyFile: string | undefined): Promise<string | null> {
  const target = path.join(outDir, HISTORY_FILE);
  if (historyFile !== undefined) {
    if (path.resolve(historyFile) === path.resolve(target)) return null;
    await copyFile(historyFile, `${target}.tmp-${process.pid}`);
    await rename(`${target}.tmp-${process.pid}`, target);
    return target;
  }
  if (await exists(target)) return null;
  await writeAtomic(target, records.map((r) => redactString(JSON.stringify(r))).join('\n') + (records.length ? '\n' : ''));
  return target;
}

/** Render and write every selected report; failures are returned, not thrown (I/O errors still throw). */
export async function writeReports(records: readonly HistoryRecord[], outDir: string, opts: RenderOptions = {}): Promise<ReportsResult> {
  const reporters = selectedReporters(opts);
  const run = summarizeOnce(records, opts);
  const failures: ReportError[] = run instanceof ReportError ? [run] : [];
  const rendered = reporters.map((r) => ({ reporter: r, ...renderOne(r, run, records, opts) }));
  if (!(run instanceof ReportError)) {
    // Panel failures are known once every renderer has drawn its sections.
    // A lane contributor fails once per timeline: report each distinct failure once.
    for (const p of run.panels) for (const e of new Map(p.failures.map((f) => [f.message, f])).values()) failures.push(new ReportError(`panel ${p.id}`, { cause: e }));
  }
  for (const r of rendered) if (r.error) failures.push(r.error);
  await mkdir(outDir, { recursive: true });
  const written: string[] = [];
  for (const r of rendered) {
    const file = path.join(outDir, REPORT_FILES[r.reporter]);
    // Histories are redacted when written; masking registered secrets again costs little.
    await writeAtomic(file, redactString(r.text));
    written.push(file);
  }
  const history = await writeHistory(records, outDir, opts.historyFile);
  if (history !== null) written.push(history);
  return { written, summary: run instanceof ReportError ? null : run.summary, failures };
}

/** writeReports, throwing ReportsFailedError (after writing everything it could) when any part failed. */
export async function renderReports(records: readonly HistoryRecord[], outDir: string, opts: RenderOptions = {}): Promise<string[]> {
  const result = await writeReports(records, outDir, opts);
  if (result.failures.length > 0) throw new ReportsFailedError(result);
  return result.written;
}

/** `ftlab report DIR` and `ftlab merge`: read DIR/history.jsonl and render every report in place; failures are returned. */
export async function writeReportsFromHistory(dir: string, opts: { reporters?: readonly Reporter[] } = {}): Promise<ReportsResult> {
  const historyFile = path.join(dir, HISTORY_FILE);
  const { records, truncatedLine } = await readHistoryFile(historyFile);
  return writeReports(records, dir, { ...opts, historyFile, ...(truncatedLine !== undefined ? { truncatedLine } : {}) });
}

/** `ftlab report DIR`: read DIR/history.jsonl and render every report in place. */
export async function renderReportsFromHistory(dir: string, opts: { reporters?: readonly Reporter[] } = {}): Promise<string[]> {
  const historyFile = path.join(dir, HISTORY_FILE);
  const { records, truncatedLine } = await readHistoryFile(historyFile);
  return renderReports(records, dir, { ...opts, historyFile, ...(truncatedLine !== undefined ? { truncatedLine } : {}) });
}
