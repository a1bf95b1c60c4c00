/**
 * Cross-source consistency in the ft panel: every check that compared one phase across several
 * independent sources (BMC event timestamps, the harness clock, the workload probe, the BMC's own
 * figures) with its figures side by side, their spread and the tolerance they had to agree within.
 */
import type { Comparison, HistoryRecord } from '../../lib/history/records.ts';
import { num } from '../format.ts';
import { esc } from '../html/escape.ts';
import { md } from '../markdown.ts';

export interface ConsistencyRow {
  scenario: string;
  iteration: number;
  binding: string | null;
  name: string;
  ok: boolean;
  comparison: Comparison;
  spread: number;
}

export interface ConsistencySummary {
  rows: ConsistencyRow[];
  disagreements: number;
}

export function summarizeConsistency(records: readonly HistoryRecord[]): ConsistencySummary {
  const rows: ConsistencyRow[] = [];
  for (const r of records) {
    if (r.type !== 'check' || !r.comparison || !r.evaluated) continue;
    const values = r.comparison.figures.map((f) => f.value);
    rows.push({
      scenario: r.scenario.id,
      iteration: r.scenario.iteration,
      binding: r.scenario.binding ?? null,
      name: r.name,
      ok: r.ok,
      comparison: r.comparison,
      spread: values.length ? Math.max(...values) - Math.min(...values) : 0,
    });
  }
  return { rows, disagreements: rows.filter((x) => !x.ok).length };
}

function where(r: ConsistencyRow): string {
  return `${r.scenario}${r.binding ? ` @${r.binding}` : ''}${r.iteration > 0 ? ` #${r.iteration}` : ''}`;
}

function figuresHtml(c: Comparison): string {
  return c.figures.map((f) => `${esc(f.source)}: <b>${esc(num(f.value, 3))}</b> ${esc(c.unit)}`).join('<br>');
}

export function consistencyHtml(s: ConsistencySummary): string {
  if (s.rows.length === 0) return '<p class="muted">No phase was measured by more than one source in this run.</p>';
  const rows = s.rows
    .map(
      (r) =>
        `<tr><td>${esc(where(r))}</td><td>${esc(r.comparison.phase)}</td><td>${figuresHtml(r.comparison)}</td><td class="num ${r.ok ? '' : 'bad'}">${esc(num(r.spread, 3))} ${esc(r.comparison.unit)}</td><td class="num" title="${esc(r.comparison.toleranceBasis)}">${esc(num(r.comparison.tolerance, 3))} ${esc(r.comparison.unit)}</td><td>${r.ok ? '<span class="ok">agree</span>' : '<span class="bad">disagree</span>'}</td></tr>`,
    )
    .join('\n');
  return `<p>Each phase measured by more than one independent source, figures side by side; the sources must agree within the tolerance (hover it for what it is derived from). ${s.disagreements} disagreement(s).</p>
<table><tr><th>Scenario</th><th>Phase</th><th>Figures</th><th>Spread</th><th>Tolerance</th><th>Verdict</th></tr>
${rows}</table>`;
}

export function consistencyMarkdown(s: ConsistencySummary): string[] {
  if (s.rows.length === 0) return [];
  const out = ['## Cross-source consistency', '', '| Scenario | Phase | Figures | Spread | Tolerance | Verdict |', '|---|---|---|---|---|---|'];
  for (const r of s.rows) {
    const figures = r.comparison.figures.map((f) => `${f.source}: ${num(f.value, 3)} ${r.comparison.unit}`).join('; ');
    out.push(`| ${md(where(r))} | ${md(r.comparison.phase)} | ${md(figures)} | ${num(r.spread, 3)} ${md(r.comparison.unit)} | ${num(r.comparison.tolerance, 3)} ${md(r.comparison.unit)} (${md(r.comparison.toleranceBasis)}) | ${r.ok ? 'agree' : '**disagree**'} |`);
  }
  out.push('');
  return out;
}
