/** The failover panel's HTML section: per failover, the timeline across devices, then its budget table and every invariant. */
import { num } from '../format.ts';
import { outcomeBadge, verdictBadge } from '../html/badges.ts';
import { esc } from '../html/escape.ts';
import { scenarioAnchor } from '../requirements.ts';
import { FAILOVER_CSS, failoverLegend, failoverSvg } from './svg.ts';
import type { BudgetRow, FailoverPanelData, FailoverView, InvariantRow } from './types.ts';

const value = (v: number | null, unit: string): string => (v === null ? '–' : `${esc(num(v, 1))} ${esc(unit)}`);

function budgetTable(rows: readonly BudgetRow[]): string {
  if (rows.length === 0) return '<p class="muted">The run recorded no fo.* budget.</p>';
  const verdict = (r: BudgetRow): string => (r.verdict === 'not measured' ? '<span class="muted">not measured</span>' : r.judged ? verdictBadge(r.verdict) : '<span class="muted">not judged by this testcase</span>');
  return `<table><tr><th>Budget</th><th>Measurement</th><th>Value (SUT)</th><th>Limit</th><th>Verdict</th><th>Source of the limit</th></tr>
${rows
  .map(
    (r) =>
      `<tr><td><b>${esc(r.budget)}</b><br><span class="muted">${esc(r.requirements.join(', '))}</span></td><td>${r.measurement ? `<code>${esc(r.measurement)}</code>` : '–'}</td><td class="num">${value(r.value, r.unit)}${r.resolution !== null ? `<br><span class="muted note">resolution ±${esc(num(r.resolution, 1))} ${esc(r.unit)}</span>` : ''}</td><td class="num">${r.formula ? `<span class="mono">${esc(r.formula)}</span> ${esc(r.unit)}` : value(r.limit, r.unit)}</td><td>${verdict(r)}</td><td class="note">${esc(r.source)}</td></tr>`,
  )
  .join('\n')}</table>`;
}

function invariantTable(rows: readonly InvariantRow[]): string {
  if (rows.length === 0) return '<p class="bad">No invariant was recorded for this testcase.</p>';
  const cls = { holds: 'ok', violated: 'bad', 'not evaluated': 'warn' } as const;
  return `<table><tr><th>Invariant</th><th>Requirements</th><th>Verdict</th><th>Detail</th></tr>
${rows.map((r) => `<tr><td>${esc(r.name)}${r.required ? '' : ' <span class="muted">(optional)</span>'}</td><td>${esc(r.requirements.join(', '))}</td><td><span class="${cls[r.verdict]}">${esc(r.verdict)}</span></td><td class="note">${esc(r.detail)}</td></tr>`).join('\n')}</table>`;
}

function heading(f: FailoverView): string {
  const what = f.failed && f.standby ? `${f.failed} → ${f.standby}` : 'no failover seen';
  const volumes = f.volumes.length ? ` · boot volume${f.volumes.length > 1 ? 's' : ''} ${f.volumes.join(', ')}` : ' · no boot volume moved from one server to another';
  return `<div class="head">${outcomeBadge(f.outcome)}<h3>${esc(what)}</h3><a href="${esc(scenarioAnchor(f.scenario))}">${esc(f.scenario)}</a><span class="muted">${esc(f.title)}${esc(volumes)}</span></div>`;
}

function failoverCard(f: FailoverView, i: number): string {
  const scale = f.timeScale === 1 ? '' : ` The lab ran ×${esc(num(f.timeScale))}: the axis is SUT time (harness ms × ${esc(num(f.timeScale))}).`;
  const claim = f.lanes.some((l) => l.kind === 'claim')
    ? " Except the lanes marked (claim): the failover manager's own account of its decisions and their steps, placed at the times it stamped, for comparison with the lab's lanes."
    : '';
  const timeline = f.lanes.length
    ? `<h4>Timeline across devices (SUT time since the testcase began)</h4><p class="muted note">From the lab's own samples and events, never the manager's account. A change is placed at the device's own event timestamp when it sent one, else hatched between the two readings that show it.${claim}${scale}</p>
${failoverSvg(f.lanes, f.endMs, f.timeScale, `fo${i + 1}`)}
${failoverLegend(f.lanes)}`
    : '';
  return `<section class="card" id="failover-${i + 1}">
${heading(f)}
${timeline}
<h4>Budgets</h4>
${budgetTable(f.budgets)}
<h4>Invariants</h4>
${invariantTable(f.invariants)}
</section>`;
}

export function failoverPanelHtml(data: FailoverPanelData): string {
  const body = data.failovers.length ? data.failovers.map(failoverCard).join('\n') : '<p class="muted">No testcase of this run sampled the cluster.</p>';
  return `<section><style>${FAILOVER_CSS}</style><h2>Failovers (FO)</h2>
${body}
</section>`;
}
