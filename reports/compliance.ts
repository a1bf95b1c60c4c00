/**
 * compliance.md: per catalogue group (FT, FO, ...) requirement → title → scenarios → evidence →
 * verdict, the gaps (compliance-requirements.ts), then the
 * sections of the report panels that apply (ft: the FT-04 availability projection and the FT-03
 * address check; failover: each failover's budgets and invariants; an error section in place of
 * a failing panel). Aborted or incomplete runs carry
 * a banner.
 * Every value from the history is escaped for Markdown table cells.
 */
import { duration, num, utc } from './format.ts';
import { OUTCOME_ORDER } from '../lib/history/records.ts';
import { requirementSections } from './compliance-requirements.ts';
import { md } from './markdown.ts';
import { panelMarkdown, type PanelResult } from './panel-run.ts';
import type { RunSummary } from './summary-types.ts';

export { md } from './markdown.ts';

export function renderCompliance(summary: RunSummary, panels: readonly PanelResult[] = []): string {
  const out: string[] = [];
  const run = summary.run;
  out.push('# ftlab compliance report', '');
  if (summary.aborted || summary.incomplete) {
    out.push(
      `> **${summary.aborted ? 'ABORTED RUN' : 'INCOMPLETE RUN'}** — ${md(summary.reason ?? 'the run did not finish')}. ` +
        'Verdicts below cover only what ran; scenarios not reached are listed as not run.',
      '',
    );
  }
  const lab = run.lab
    ? `${run.lab.kind}${run.lab.file ? ` (${md(run.lab.file)})` : ''}${run.lab.timeScale && run.lab.timeScale !== 1 ? `, time scale ×${num(run.lab.timeScale)} (measurements converted to SUT time)` : ''}${run.lab.defects.length ? `, defects: ${md(run.lab.defects.join(', '))}` : ''}`
    : '–';
  out.push(
    '| Run | |',
    '|---|---|',
    `| Outcome | **${md(summary.outcome)}** (exit code ${summary.exitCode}) |`,
    `| Run id | ${md(run.runId ?? '–')} |`,
    `| Suite | ${md(run.suite ?? '–')}${run.repeat && run.repeat > 1 ? `, repeat ×${run.repeat}` : ''} |`,
    `| Lab | ${lab} |`,
    `| Started | ${run.startedAt ? utc(Date.parse(run.startedAt)) : '–'} |`,
    `| Duration | ${duration(run.durationMs)} |`,
    `| Scenarios | ${summary.counts.total} run: ${OUTCOME_ORDER.map((o) => `${summary.counts[o]} ${o}`).join(', ')}; ${summary.counts.marginal} marginal; ${summary.counts.notRun} not run |`,
    '',
  );

  out.push(...requirementSections(summary));

  const unevaluated = summary.scenarios.flatMap((s) => s.checks.filter((c) => c.required && !c.evaluated).map((c) => `${s.key}: ${c.kind} ${c.name}`));
  if (unevaluated.length) {
    out.push('## Required checks that were not evaluated', '');
    for (const u of unevaluated) out.push(`- ${md(u)}`);
    out.push('');
  }

  for (const p of panels) out.push(...panelMarkdown(p));

  if (summary.notRun.length) {
    out.push('## Not run', '');
    for (const p of summary.notRun) out.push(`- ${md(p.id)} — ${md(p.title)} (${md(p.requirements.join(', ') || 'no requirement')})`);
    out.push('');
  }
  return out.join('\n');
}
