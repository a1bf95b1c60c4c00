/**
 * Running report panels in isolation: a panel that throws (choosing, summarizing, rendering a
 * section, drawing lanes) becomes a `PanelError` recorded on its result; the page and the other
 * panels still render, an error section stands in place of the failing part, and renderReports
 * reports the failure.
 */
import { errorMessage, FtlabError } from '../lib/errors.ts';
import { md } from './markdown.ts';
import type { LaneInput, PanelInput, ReportPanel, RequirementFinding } from './panel.ts';
import type { PanelJson } from './summary-types.ts';
import type { TimelineLane } from './timeline-lane.ts';

export type PanelPart = 'appliesTo' | 'summarize' | 'findings' | 'json' | 'html' | 'markdown' | 'timeline';

export class PanelError extends FtlabError {
  constructor(
    readonly panel: string,
    readonly part: PanelPart,
    options: { cause: unknown },
  ) {
    super(`the ${panel} panel failed (${part}): ${errorMessage(options.cause)}`, options);
  }
}

/** A panel applied to this run: its JSON and findings, and its sections rendered on demand. */
export interface PanelResult {
  readonly id: string;
  readonly title: string;
  /** The results.json object under `panels.<id>` (`{ error }` when the panel failed). */
  readonly json: PanelJson;
  readonly findings: readonly RequirementFinding[];
  /** Why the panel has no data (choosing or summarizing it threw), else null. */
  readonly error: PanelError | null;
  /** Every failure so far, including sections that failed while rendering. */
  readonly failures: readonly PanelError[];
  /** Record a failure of one part; returns the error to show in its place. */
  fail(part: PanelPart, cause: unknown): PanelError;
  /** Only when `error` is null; may throw (the renderer shows an error section instead). */
  html(): string;
  markdown(): string[];
  /** Timeline lanes of one scenario; a throwing contributor is recorded and draws nothing. */
  lanes(scenario: LaneInput): TimelineLane[];
}

/** A panel with its data type hidden, so panels of every domain share one list. */
export interface PanelRunner {
  readonly id: string;
  run(input: PanelInput): PanelResult | null;
}

function failures(panelId: string): { list: PanelError[]; fail(part: PanelPart, cause: unknown): PanelError } {
  const list: PanelError[] = [];
  return {
    list,
    fail(part, cause) {
      const err = cause instanceof PanelError ? cause : new PanelError(panelId, part, { cause });
      list.push(err);
      return err;
    },
  };
}

function failedResult(panel: { id: string; title: string }, f: ReturnType<typeof failures>, error: PanelError): PanelResult {
  const none = (): never => {
    throw error;
  };
  return { id: panel.id, title: panel.title, json: { error: error.message }, findings: [], error, failures: f.list, fail: f.fail, html: none, markdown: none, lanes: () => [] };
}

function step<T>(f: ReturnType<typeof failures>, part: PanelPart, fn: () => T): { ok: true; value: T } | { ok: false; error: PanelError } {
  try {
    return { ok: true, value: fn() };
  } catch (e) {
    return { ok: false, error: f.fail(part, e) };
  }
}

function runPanel<D>(panel: ReportPanel<D>, input: PanelInput): PanelResult | null {
  const f = failures(panel.id);
  const applies = step(f, 'appliesTo', () => panel.appliesTo(input));
  if (!applies.ok) return failedResult(panel, f, applies.error);
  if (!applies.value) return null;
  const data = step(f, 'summarize', () => panel.summarize(input));
  if (!data.ok) return failedResult(panel, f, data.error);
  const json = step(f, 'json', () => panel.json(data.value));
  if (!json.ok) return failedResult(panel, f, json.error);
  const findings = step(f, 'findings', () => panel.findings(data.value, input));
  if (!findings.ok) return failedResult(panel, f, findings.error);
  const lanes = (scenario: LaneInput): TimelineLane[] => {
    const r = step(f, 'timeline', () => panel.timelineLanes?.(scenario) ?? []);
    return r.ok ? r.value : [];
  };
  return {
    id: panel.id,
    title: panel.title,
    json: json.value,
    findings: findings.value,
    error: null,
    failures: f.list,
    fail: f.fail,
    html: () => panel.html(data.value),
    markdown: () => panel.markdown(data.value),
    lanes,
  };
}

export function panelRunner<D>(panel: ReportPanel<D>): PanelRunner {
  return { id: panel.id, run: (input) => runPanel(panel, input) };
}

/** The panels that apply to this run (and those that failed while deciding), in list order. */
export function runPanels(runners: readonly PanelRunner[], input: PanelInput): PanelResult[] {
  return runners.map((r) => r.run(input)).filter((r): r is PanelResult => r !== null);
}

/** compliance.md lines of a panel, or an error section in its place. */
export function panelMarkdown(result: PanelResult): string[] {
  const error = (e: PanelError): string[] => [`## ${md(result.title)}`, '', `> **Error: this section could not be rendered** — ${md(e.message)}.`, ''];
  if (result.error) return error(result.error);
  try {
    return result.markdown();
  } catch (e) {
    return error(result.fail('markdown', e));
  }
}
