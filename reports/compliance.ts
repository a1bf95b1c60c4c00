/**
 * compliance.md: requirement → title → scenarios → evidence → verdict, the gaps, the FT-04
 * availability projection and the FT-03 address check. Aborted or incomplete runs carry a banner.
 * Every value from the history is escaped for Markdown table cells.
 */
import { availabilityPct, duration, num, pct, seconds, utc } from './format.ts';
import { OUTCOME_ORDER } from '../lib/history/records.ts';
import type { RequirementVerdict, RunSummary } from './summary-types.ts';

/** Escape text for a Markdown table cell (also safe against raw HTML in renderers that allow it). */
export function md(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_[\]|~])/g, '\\$1')
    .replace(/\r?\n/g, ' ');
}

const VERDICT_LABEL: Record<RequirementVerdict, string> = {
  passed: '✅ passed',
  failed: '❌ failed',
  inconclusive: '⚠️ inconclusive',
  'not-covered': '⬜ not covered',
};

export function renderCompliance(summary: RunSummary): string {
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

  const ids = Object.keys(summary.requirements);
  const tally = (v: RequirementVerdict): number => ids.filter((id) => summary.requirements[id]?.verdict === v).length;
  out.push(
    '## Requirements',
    '',
    `${tally('passed')} passed, ${tally('failed')} failed, ${tally('inconclusive')} inconclusive, ${tally('not-covered')} not covered (of ${ids.length}).`,
    '',
    '| Requirement | Title | Scenarios | Evidence | Verdict |',
    '|---|---|---|---|---|',
  );
  for (const id of ids) {
    const r = summary.requirements[id];
    if (!r) continue;
    const evidence = r.evidence.length ? r.evidence.map(md).join('<br>') : '–';
    const scenarios = r.scenarios.length ? r.scenarios.map(md).join('<br>') : '–';
    out.push(`| ${md(id)} | ${md(r.title)} | ${scenarios} | ${evidence} | ${VERDICT_LABEL[r.verdict]}${r.marginal ? ' (marginal)' : ''} |`);
  }
  out.push('');

  const gaps = ids.filter((id) => summary.requirements[id]?.verdict === 'not-covered');
  out.push('## Gaps', '');
  if (gaps.length === 0) out.push('None: every requirement is covered by at least one scenario that ran.');
  else {
    out.push('Requirements no passing scenario covered in this run:', '');
    for (const id of gaps) {
      const r = summary.requirements[id];
      const planned = summary.notRun.filter((p) => p.requirements.includes(id)).map((p) => p.id);
      const why = planned.length
        ? `planned in ${planned.map(md).join(', ')} but not run`
        : r?.scenarios.length
          ? 'covering scenarios were skipped'
          : `no scenario selected for this run covers it${run.suite ? ` (suite ${md(run.suite)})` : ''}`;
      out.push(`- **${md(id)}**${r?.title ? ` ${md(r.title)}` : ''} — ${why}`);
    }
  }
  out.push('');

  const unevaluated = summary.scenarios.flatMap((s) => s.checks.filter((c) => c.required && !c.evaluated).map((c) => `${s.key}: ${c.kind} ${c.name}`));
  if (unevaluated.length) {
    out.push('## Required checks that were not evaluated', '');
    for (const u of unevaluated) out.push(`- ${md(u)}`);
    out.push('');
  }

  const a = summary.availability;
  out.push('## Availability projection (FT-04)', '');
  if (a.targetAvailability === null) out.push(`Not evaluated: ${md(a.detail)}.`);
  else {
    const target = a.classes.find((c) => Math.abs(c.availability - (a.targetAvailability as number)) < 1e-12);
    out.push(
      `Target class ${target ? target.label : pct(a.targetAvailability, 4)}: at most ${seconds(a.allowedDowntimeS)} (${num(a.allowedDowntimeS, 2)} s) of downtime a year. ` +
        'Downtime per year = Σ expected events per year × measured outage per event (max over all runs of the measurement; 365-day year).',
      '',
      '| Event kind | Events/year | Rate source | Outage measurement | n | p95 | max (used) | Downtime/year |',
      '|---|---|---|---|---|---|---|---|',
    );
    for (const e of a.events) {
      const dt = e.problem ? `– (${md(e.problem)})` : `${num(e.downtimeS, 3)} s`;
      out.push(`| ${md(e.kind)} | ${num(e.ratePerYear, 4)} | ${md(e.source)} | ${md(e.measurement)} | ${e.n} | ${e.p95S === null ? '–' : `${num(e.p95S, 4)} s`} | ${e.maxS === null ? '–' : `${num(e.maxS, 4)} s`} | ${dt} |`);
    }
    out.push(
      '',
      `**Projected downtime: ${a.projectedDowntimeS === null ? '–' : `${num(a.projectedDowntimeS, 3)} s/year`}** ` +
        `(availability ${a.projectedAvailability === null ? '–' : availabilityPct(a.projectedAvailability)}${a.achievedClass ? `, class ${a.achievedClass} met` : ''}; margin to target ${pct(a.margin)}) → ${VERDICT_LABEL[a.verdict]}`,
      '',
      `${md(a.detail)}.`,
      '',
      '| Class | Allowed downtime/year | Projection meets it |',
      '|---|---|---|',
    );
    for (const c of a.classes) {
      const isTarget = a.targetAvailability !== null && Math.abs(c.availability - a.targetAvailability) < 1e-12;
      out.push(`| ${c.label}${isTarget ? ' (target)' : ''} | ${seconds(c.allowedDowntimeS)} | ${c.met === null ? '–' : a.evaluated ? (c.met ? 'yes' : 'no') : c.met ? 'unknown (projection incomplete)' : 'no'} |`);
    }
  }
  out.push('');

  const f = summary.ft03;
  out.push('## One server on the network (FT-03)', '');
  out.push(`Every workload probe reply must come from exactly one address, the same for a device over the whole run → ${VERDICT_LABEL[f.verdict]}.`, '');
  if (f.devices.length) {
    out.push('| Device | Reply addresses | Probes with replies | Probes without replies | Result |', '|---|---|---|---|---|');
    for (const d of f.devices) out.push(`| ${md(d.device)} | ${d.addresses.length ? d.addresses.map(md).join(', ') : '–'} | ${d.probes} | ${d.probesWithoutReplies} | ${d.ok ? 'one address' : '**more than one address**'} |`);
    out.push('');
  }
  out.push(`${md(f.detail)}.`, '');

  if (summary.notRun.length) {
    out.push('## Not run', '');
    for (const p of summary.notRun) out.push(`- ${md(p.id)} — ${md(p.title)} (${md(p.requirements.join(', ') || 'no requirement')})`);
    out.push('');
  }
  return out.join('\n');
}
