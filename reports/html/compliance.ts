/** The page's compliance section: one table per catalogue group (FT, FO, ...), evidence linked to the scenario cards. */
import { tallyText } from '../compliance-requirements.ts';
import { requirementGroups, scenarioAnchor } from '../requirements.ts';
import type { RequirementSummary, RunSummary } from '../summary-types.ts';
import { badge, verdictBadge } from './badges.ts';
import { esc } from './escape.ts';
import { MARGINAL_COLOR } from './style.ts';

function scenarios(r: RequirementSummary): string {
  const ran = r.links.map((l) => `<a href="${esc(scenarioAnchor(l.label))}">${esc(l.label)}</a>`);
  const notRun = r.notRun.map((id) => `${esc(id)} <span class="muted">(not run)</span>`);
  return [...ran, ...notRun].join('<br>') || '<span class="muted">none in this run</span>';
}

function row(id: string, r: RequirementSummary): string {
  const evidence = r.evidence.length ? r.evidence.map(esc).join('<br>') : '–';
  return `<tr><td><b>${esc(id)}</b></td><td>${esc(r.title)}</td><td>${scenarios(r)}</td><td class="note">${evidence}</td><td>${verdictBadge(r.verdict)}${r.marginal ? ` ${badge('marginal', MARGINAL_COLOR)}` : ''}</td></tr>`;
}

export function complianceSection(summary: RunSummary): string {
  const ids = Object.keys(summary.requirements);
  if (ids.length === 0) return '';
  const groups = requirementGroups(ids).map(
    (g) => `<h3>${esc(g.group)} requirements</h3><p class="muted">${esc(tallyText(summary, g.ids))} (of ${g.ids.length}). Not run and no scenario are gaps, never a pass.</p>
<table><tr><th>Requirement</th><th>Title</th><th>Scenarios</th><th>Evidence</th><th>Verdict</th></tr>
${g.ids.map((id) => (summary.requirements[id] ? row(id, summary.requirements[id]) : '')).join('\n')}</table>`,
  );
  return `<h2>Compliance by requirement</h2>\n${groups.join('\n')}`;
}
