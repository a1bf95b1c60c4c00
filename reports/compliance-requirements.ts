/**
 * compliance.md's requirement sections, one per catalogue group (FT, FO, ...: the id prefixes of
 * run-begin's catalogue, in its order; ids only scenarios name follow in their own groups): each
 * requirement with the scenarios covering it (linked to their cards in index.html), those planned
 * but not run, its evidence and verdict; then the gaps (not run, no scenario), never a pass.
 */
import { md, VERDICT_LABEL } from './markdown.ts';
import { requirementGroups } from './requirements.ts';
import type { RequirementSummary, RequirementVerdict, RunSummary } from './summary-types.ts';

const VERDICTS: readonly RequirementVerdict[] = ['passed', 'failed', 'inconclusive', 'not-run', 'no-scenario'];

/** "2 passed, 0 failed, 0 inconclusive, 1 not run, 3 no scenario" over `ids`. */
export function tallyText(summary: RunSummary, ids: readonly string[]): string {
  const n = (v: RequirementVerdict): number => ids.filter((id) => summary.requirements[id]?.verdict === v).length;
  return VERDICTS.map((v) => `${n(v)} ${v.replace('-', ' ')}`).join(', ');
}

function scenariosCell(r: RequirementSummary): string {
  const ran = r.links.map((l) => `[${md(l.label)}](${l.href})`);
  const notRun = r.notRun.map((id) => `${md(id)} (not run)`);
  return [...ran, ...notRun].join('<br>') || '–';
}

/** The shards that ran `scenarioId` ("1/2, 2/2"; – for a run not sharded). */
function shardsOf(summary: RunSummary, scenarioId: string): string {
  const shards = [...new Set(summary.scenarios.filter((s) => s.id === scenarioId).map((s) => s.shard ?? '–'))];
  return shards.join(', ') || '–';
}

/** One requirement's row; with `sharded`, a Shard column after its scenarios. */
function row(summary: RunSummary, id: string, r: RequirementSummary, sharded: boolean): string {
  const evidence = r.evidence.length ? r.evidence.map(md).join('<br>') : '–';
  const shards = sharded ? ` ${r.scenarios.length ? r.scenarios.map((sid) => md(shardsOf(summary, sid))).join('<br>') : '–'} |` : '';
  return `| ${md(id)} | ${md(r.title)} | ${scenariosCell(r)} |${shards} ${evidence} | ${VERDICT_LABEL[r.verdict]}${r.marginal ? ' (marginal)' : ''} |`;
}

function why(summary: RunSummary, r: RequirementSummary): string {
  if (r.notRun.length) return `planned in ${r.notRun.map(md).join(', ')} but not run`;
  if (r.verdict === 'not-run') return `covering scenarios did not run to a verdict (${r.scenarios.map(md).join(', ')})`;
  return `no scenario selected for this run covers it${summary.run.suite ? ` (suite ${md(summary.run.suite)})` : ''}`;
}

export function requirementSections(summary: RunSummary): string[] {
  const ids = Object.keys(summary.requirements);
  const sharded = summary.scenarios.some((s) => s.shard !== null);
  const out = ['## Requirements', '', `${tallyText(summary, ids)} (of ${ids.length}).`, ''];
  for (const g of requirementGroups(ids)) {
    out.push(`### ${md(g.group)} requirements`, '', `${tallyText(summary, g.ids)} (of ${g.ids.length}).`, '');
    out.push(sharded ? '| Requirement | Title | Scenarios | Shard | Evidence | Verdict |' : '| Requirement | Title | Scenarios | Evidence | Verdict |');
    out.push(sharded ? '|---|---|---|---|---|---|' : '|---|---|---|---|---|');
    for (const id of g.ids) {
      const r = summary.requirements[id];
      if (r) out.push(row(summary, id, r, sharded));
    }
    out.push('');
  }
  const gaps = ids.filter((id) => summary.requirements[id]?.verdict === 'not-run' || summary.requirements[id]?.verdict === 'no-scenario');
  out.push('## Gaps', '');
  if (gaps.length === 0) out.push('None: every requirement is covered by at least one scenario that ran.');
  else {
    out.push('Requirements no scenario of this run judged (never counted as passed):', '');
    for (const id of gaps) {
      const r = summary.requirements[id];
      if (r) out.push(`- **${md(id)}**${r.title ? ` ${md(r.title)}` : ''} — ${VERDICT_LABEL[r.verdict]}: ${why(summary, r)}`);
    }
  }
  out.push('');
  return out;
}
