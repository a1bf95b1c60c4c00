/**
 * compliance.md: per catalogue group (FT, FO, ...) requirement → title → scenarios → evidence →
 * verdict, the gaps (compliance-requirements.ts), then the
 * sections of the report panels that apply (ft: the FT-04 availability projection and the FT-03
 * address check; failover: each failover's budgets and invariants; an error section in place of
 * a failing panel). Aborted or incomplete runs carry a banner. Sharded and merged runs name the
 * shard of each result and the runs merged.
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
    ...(run.shard !== null ? [`| Shard | ${md(run.shard)} |`] : []),
    `| Scenarios | ${summary.counts.total} run: ${OUTCOME_ORDER.map((o) => `${summary.counts[o]} ${o}`).join(', ')}; ${summary.counts.marginal} marginal; ${summary.counts.notRun} not run |`,
    '',
  );

  out.push(...requirementSections(summary));
  out.push(...partsSection(summary));

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

/** The shards a scenario's testcases ran in (`1/2`, or `1/2, 2/2` when its bindings or iterations were split). */
/** A merged run: the runs it was made of, what the merge noticed about each, the shards missing. */
function partsSection(summary: RunSummary): string[] {
  const { parts, missingShards } = summary.run;
  if (parts.length === 0) return [];
  const out = ['## Merged from', '', '| Shard | Run id | Host | Started | Ended | Testcases | Outcome | Notes |', '|---|---|---|---|---|---|---|---|'];
  for (const p of parts) {
    const ended = p.endedAt ? utc(Date.parse(p.endedAt)) : 'no run-end';
    out.push(`| ${md(p.label)} | ${md(p.runId)} | ${md(p.host ?? '–')} | ${utc(Date.parse(p.startedAt))} | ${ended} | ${p.testcases} | ${md(p.outcome)} | ${p.notes.length ? p.notes.map(md).join('<br>') : '–'} |`);
  }
  out.push('');
  if (missingShards.length) out.push(`Missing shards (merged without them): ${missingShards.map(md).join(', ')}.`, '');
  return out;
}
