/** The failover panel's compliance.md section: per failover, its budgets and invariants (the timeline is in index.html). */
import { num } from '../format.ts';
import { md } from '../markdown.ts';
import type { FailoverPanelData, FailoverView } from './types.ts';

function section(f: FailoverView): string[] {
  const what = f.failed && f.standby ? `${f.failed} → ${f.standby} (${f.volumes.join(', ')})` : 'no failover seen';
  const out = [`### ${md(f.scenario)}: ${md(what)}`, '', `Outcome **${md(f.outcome)}**. Timeline across devices: index.html, section Failovers.`, ''];
  out.push('| Budget | Measurement | Value (SUT) | Limit | Verdict |', '|---|---|---|---|---|');
  for (const b of f.budgets) {
    const v = (x: number | null): string => (x === null ? '–' : `${num(x, 1)} ${md(b.unit)}`);
    out.push(`| ${md(b.budget)} | ${md(b.measurement ?? '–')} | ${v(b.value)} | ${b.formula ? `${md(b.formula)} ${md(b.unit)}` : v(b.limit)} | ${b.judged ? md(b.verdict) : b.verdict === 'not measured' ? 'not measured' : 'not judged'} |`);
  }
  out.push('', '| Invariant | Verdict | Detail |', '|---|---|---|');
  for (const r of f.invariants) out.push(`| ${md(r.name)} | ${md(r.verdict)} | ${md(r.detail)} |`);
  if (f.invariants.length === 0) out.push('| – | **no invariant recorded** | |');
  out.push('');
  return out;
}

export function failoverPanelMarkdown(data: FailoverPanelData): string[] {
  return ['## Failovers (FO)', '', ...(data.failovers.length ? data.failovers.flatMap(section) : ['No testcase of this run sampled the cluster.', ''])];
}
