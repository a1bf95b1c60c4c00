/**
 * index.html: one self-contained page (inline CSS and SVG, no scripts, no external assets).
 * Header with the run outcome, summary counts, requirement × scenario coverage matrix, the
 * compliance tables per catalogue group, the
 * sections of the report panels that apply (ft: FT-04 and FT-03; failover: each failover's
 * timeline across devices, budgets and invariants; an error section in place of a failing panel),
 * repeat aggregates, then one card per scenario instance with its timeline (plus the panels'
 * lanes), budget table, checks, probes and clock offset. Every history string is escaped.
 */
import { OUTCOME_ORDER, type HistoryRecord, type Outcome } from '../../lib/history/records.ts';
import { duration, num, pct, utc } from '../format.ts';
import type { PanelResult } from '../panel-run.ts';
import { groupScenarios, type ScenarioInstance } from '../scenarios.ts';
import { isProbeBased, deviceTimeScale } from '../measurement-text.ts';
import { gapForMeasurement, gapOutageMs } from '../probe-gaps.ts';
import type { MeasurementSummary, ProbeSummary, RequirementVerdict, RunSummary, ScenarioSummary } from '../summary-types.ts';
import { buildTimeline } from '../timeline.ts';
import { badge, outcomeBadge, verdictBadge } from './badges.ts';
import { complianceSection } from './compliance.ts';
import { esc } from './escape.ts';
import { laneSources, panelSection } from './panels.ts';
import { CSS, MARGINAL_COLOR, OUTCOME_COLOR, SHARD_COLOR, VERDICT_COLOR } from './style.ts';
import { renderTimelineLegend, renderTimelineSvg, TIMELINE_CSS } from './svg-timeline.ts';

/** Shard of a shard run; the parts of a merged one (with what the merge noticed) and the shards missing. */
function shardMeta(s: RunSummary): Array<[string, string]> {
  const rows: Array<[string, string]> = [];
  if (s.run.shard !== null) rows.push(['Shard', s.run.shard]);
  for (const p of s.run.parts) {
    rows.push([`Part ${p.label}`, `${p.runId} on ${p.host ?? 'an unknown host'}, ${p.testcases} testcase(s), ${p.outcome}${p.notes.length ? ` — ${p.notes.join('; ')}` : ''}`]);
  }
  if (s.run.missingShards.length) rows.push(['Missing shards', s.run.missingShards.join(', ')]);
  return rows;
}

function header(s: RunSummary): string {
  const run = s.run;
  const lab = run.lab;
  const scale = lab?.timeScale ?? s.devices.find((d) => d.timeScale !== null)?.timeScale ?? null;
  const meta: Array<[string, string]> = [
    ['Run', run.runId ?? '–'],
    ['Suite', `${run.suite ?? '–'}${run.repeat && run.repeat > 1 ? ` (repeat ×${run.repeat})` : ''}`],
    ['Lab', lab ? `${lab.kind}${lab.file ? ` ${lab.file}` : ''}` : '–'],
    ['Time scale', scale === null ? '–' : scale === 1 ? 'real time (×1)' : `×${num(scale)} (measurements in SUT time)`],
    ['Started', run.startedAt ? utc(Date.parse(run.startedAt)) : '–'],
    ['Duration', duration(run.durationMs)],
    ['ftlab', run.ftlabVersion ?? '–'],
    ['Devices', s.devices.map((d) => `${d.device} (${d.kind})`).join(', ') || '–'],
    ['Defects', lab?.defects.length ? lab.defects.join(', ') : 'none'],
    ...shardMeta(s),
  ];
  const banner =
    s.aborted || s.incomplete
      ? `<div class="banner">${s.aborted ? 'ABORTED' : 'INCOMPLETE'} — ${esc(s.reason ?? 'the run did not finish')}. Only what ran is shown; ${s.notRun.length} planned scenario(s) not run.</div>`
      : s.reason && s.outcome !== 'passed'
        ? `<div class="banner run-reason">${esc(s.outcome.toUpperCase())} — ${esc(s.reason)}${s.notRun.length ? ` (${s.notRun.length} planned scenario(s) not run)` : ''}</div>`
        : '';
  return `<header class="run">
<div>${outcomeBadge(s.outcome, true)}<div class="muted" style="margin-top:6px;text-align:center">exit code ${s.exitCode}</div></div>
<div style="flex:1"><h1>ftlab run report</h1>
<div class="meta">${meta.map(([k, v]) => `<div><span>${esc(k)}</span><span>${esc(v)}</span></div>`).join('')}</div></div>
</header>${banner}`;
}

function counts(s: RunSummary): string {
  const items: Array<[string, number, string]> = OUTCOME_ORDER.map((o): [string, number, string] => [o, s.counts[o], OUTCOME_COLOR[o]]).filter(
    ([o, n]) => n > 0 || o === 'passed' || o === 'failed',
  );
  items.push(['marginal', s.counts.marginal, '#bf8700']);
  if (s.counts.notRun) items.push(['not run', s.counts.notRun, OUTCOME_COLOR['not-run']]);
  const reqs = Object.values(s.requirements);
  const reqCount = (v: RequirementVerdict): number => reqs.filter((r) => r.verdict === v).length;
  return `<div class="counts">
<div class="count" style="border-left-color:#0969da"><b>${s.counts.total}</b>scenario runs</div>
${items.map(([label, n, color]) => `<div class="count" style="border-left-color:${color}"><b>${n}</b>${esc(label)}</div>`).join('\n')}
<div class="count" style="border-left-color:${VERDICT_COLOR.passed}"><b>${reqCount('passed')}/${reqs.length}</b>requirements passed</div>
<div class="count" style="border-left-color:${VERDICT_COLOR['no-scenario']}"><b>${reqCount('not-run') + reqCount('no-scenario')}</b>gaps</div>
</div>`;
}

function matrix(s: RunSummary): string {
  const ids = [...new Set([...s.scenarios.map((x) => x.id), ...s.notRun.map((x) => x.id)])];
  const byId = new Map<string, ScenarioSummary[]>();
  for (const sc of s.scenarios) byId.set(sc.id, [...(byId.get(sc.id) ?? []), sc]);
  const reqIds = Object.keys(s.requirements);
  if (reqIds.length === 0) return '<p class="muted">No requirements recorded.</p>';
  const head = `<tr><th>Requirement</th><th>Verdict</th>${ids.map((id) => `<th class="sc" title="${esc(id)}">${esc(id)}</th>`).join('')}</tr>`;
  const rows = reqIds.map((rid) => {
    const r = s.requirements[rid];
    if (!r) return '';
    const cells = ids.map((id) => {
      const runs = byId.get(id) ?? [];
      const planned = s.notRun.find((p) => p.id === id);
      const coversReq = runs.some((x) => x.requirements.includes(rid) || x.measurements.some((m) => m.requirements.includes(rid)) || x.checks.some((c) => c.requirements.includes(rid)));
      const evidenceOnly = !coversReq && r.scenarios.includes(id);
      if (coversReq) {
        const worst = runs.map((x) => x.outcome).reduce((a, b) => (OUTCOME_ORDER.indexOf(b) > OUTCOME_ORDER.indexOf(a) ? b : a), 'passed' as Outcome);
        const tip = runs.map((x) => `${x.key}: ${x.outcome}`).join('\n');
        return `<td class="cell" style="background:${OUTCOME_COLOR[worst]}" title="${esc(`${rid} × ${id}\n${tip}`)}">${worst === 'passed' ? '✓' : worst === 'skipped' ? '–' : '✗'}</td>`;
      }
      if (planned?.requirements.includes(rid)) return `<td class="cell" style="background:${OUTCOME_COLOR['not-run']}" title="${esc(`${rid} × ${id}: not run`)}">·</td>`;
      if (evidenceOnly) return `<td class="cell" style="background:#ddf4ff;color:#0969da" title="${esc(`${rid}: evidence from ${id} (report check)`)}">e</td>`;
      return '<td class="cell"></td>';
    });
    return `<tr><td class="req"><b>${esc(rid)}</b> <span class="muted">${esc(r.title)}</span></td><td>${verdictBadge(r.verdict)}${r.marginal ? ` ${badge('marginal', MARGINAL_COLOR)}` : ''}</td>${cells.join('')}</tr>`;
  });
  return `<table class="matrix">${head}\n${rows.join('\n')}</table>
<div class="legend"><span><i style="background:${OUTCOME_COLOR.passed}"></i>passed</span><span><i style="background:${OUTCOME_COLOR.failed}"></i>failed</span><span><i style="background:${OUTCOME_COLOR['budget-violation']}"></i>budget violation</span><span><i style="background:${OUTCOME_COLOR['invariant-violation']}"></i>invariant violation</span><span><i style="background:${OUTCOME_COLOR['infra-error']}"></i>infra error</span><span><i style="background:${OUTCOME_COLOR.skipped}"></i>skipped</span><span><i style="background:${OUTCOME_COLOR.aborted}"></i>aborted</span><span><i style="background:${OUTCOME_COLOR['not-run']}"></i>not run</span><span><i style="background:#ddf4ff"></i>e = evidence for a report check (FT-03/FT-04)</span></div>`;
}

function aggregates(s: RunSummary): string {
  const rows = s.aggregates.filter((a) => a.n > 1);
  if (rows.length === 0) return '';
  return `<h2>Repeat aggregates</h2><table><tr><th>Scenario</th><th>Device</th><th>Measurement</th><th>n</th><th>min</th><th>p50</th><th>p95</th><th>max</th><th>Limit</th><th>Verdict</th></tr>
${rows
  .map(
    (a) =>
      `<tr><td>${esc(a.scenario)}</td><td>${esc(a.device)}</td><td><code>${esc(a.name)}</code></td><td class="num">${a.n}</td><td class="num">${esc(num(a.min, 3))}</td><td class="num">${esc(num(a.p50, 3))}</td><td class="num">${esc(num(a.p95, 3))}</td><td class="num">${esc(num(a.max, 3))} ${esc(a.unit)}</td><td class="num">${a.limit === null ? '–' : `${esc(num(a.limit, 3))} ${esc(a.unit)}`}</td><td>${verdictBadge(a.verdict)}</td></tr>`,
  )
  .join('\n')}</table>`;
}

function timeScaleOf(sc: ScenarioSummary, s: RunSummary): number {
  return deviceTimeScale(s, sc.device);
}

/** The probe a probe-based measurement came from: the one holding its gap, else the only one. */
function probeOf(m: MeasurementSummary, sc: ScenarioSummary, scale: number): { probe: ProbeSummary | null; gap: ProbeSummary['gaps'][number] | null } {
  for (const p of sc.probes) {
    const gap = gapForMeasurement(p.gaps, m.value, m.unit, scale);
    if (gap) return { probe: p, gap };
  }
  const [only] = sc.probes;
  return { probe: only !== undefined && sc.probes.length === 1 ? only : null, gap: null };
}

function measuredCell(m: MeasurementSummary, sc: ScenarioSummary, scale: number): string {
  const value = `${esc(num(m.value, 3))} ${esc(m.unit)}`;
  if (!isProbeBased(m)) return value;
  const { gap } = probeOf(m, sc, scale);
  const sut = (ms: number): string => `${esc(num(ms * scale, 3))} ms`;
  const note = gap
    ? `estimated outage; reply gap ${sut(gap.durationMs)}${gap.sentDuring !== undefined ? `, ${gap.sentDuring} probe(s) unanswered in it` : ''}`
    : m.value === 0
      ? 'no reply gap at this instant'
      : 'estimated outage from the probe';
  return `${value}<br><span class="muted note">${note}</span>`;
}

function resolutionCell(m: MeasurementSummary, sc: ScenarioSummary, scale: number): string {
  if (m.resolution === null) return '–';
  const res = `±${esc(num(m.resolution, 3))} ms`;
  if (!isProbeBased(m)) return res;
  const { probe } = probeOf(m, sc, scale);
  const rtt =
    probe?.rttMs === null || probe?.rttMs === undefined
      ? ''
      : `; median RTT ${esc(num(probe.rttMs * scale, 3))} ms${scale === 1 ? '' : ` (${esc(num(probe.rttMs, 3))} ms harness ×${esc(num(scale))})`}`;
  return `${res}<br><span class="muted note">probe send interval p99${rtt}</span>`;
}

function budgetTable(sc: ScenarioSummary, s: RunSummary): string {
  if (sc.measurements.length === 0) return '<p class="muted">No measurements.</p>';
  const scale = timeScaleOf(sc, s);
  const probeRows = sc.measurements.some(isProbeBased);
  const notes = [
    scale === 1 ? '' : `Values in SUT time (the lab ran ×${esc(num(scale))}; the timeline above is in harness time).`,
    probeRows
      ? 'Probe-based values are the estimated outage: the server pause behind the reply gap, from send times and the median round trip; the error is within about half a send interval plus round-trip jitter.'
      : '',
  ].filter(Boolean);
  return `${notes.length ? `<p class="muted note">${notes.join(' ')}</p>` : ''}<table><tr><th>Measurement</th><th>Source</th><th>Measured</th><th>Limit</th><th>Margin</th><th>Resolution</th><th>Budget</th><th>Verdict</th></tr>
${sc.measurements
  .map(
    (m) =>
      `<tr><td><code>${esc(m.name)}</code></td><td>${esc(m.source)}</td><td class="num">${measuredCell(m, sc, scale)}</td><td class="num">${m.limit === null ? '–' : `${esc(num(m.limit, 3))} ${esc(m.unit)}`}</td><td class="num ${m.margin !== null && m.margin < 0 ? 'bad' : ''}">${esc(pct(m.margin))}</td><td class="num">${resolutionCell(m, sc, scale)}</td><td>${m.budget ? `<span title="${esc(m.budgetSource ?? '')}">${esc(m.budget)}</span>${m.budgetFormula ? `<br><span class="muted mono">${esc(m.budgetFormula)}</span>` : ''}` : '–'}</td><td>${verdictBadge(m.verdict)}</td></tr>`,
  )
  .join('\n')}</table>`;
}

function checksTable(sc: ScenarioSummary): string {
  if (sc.checks.length === 0) return '<p class="muted">No checks.</p>';
  return `<table><tr><th>Check</th><th>Kind</th><th>Required</th><th>Evaluated</th><th>Result</th><th>Detail</th></tr>
${sc.checks
  .map(
    (c) =>
      `<tr><td>${esc(c.name)}</td><td>${esc(c.kind)}</td><td>${c.required ? 'yes' : 'no'}</td><td>${c.evaluated ? 'yes' : `<span class="${c.required ? 'bad' : 'warn'}">NO</span>`}</td><td>${!c.evaluated ? '–' : c.ok ? '<span class="ok">ok</span>' : '<span class="bad">failed</span>'}</td><td>${esc(c.detail)}</td></tr>`,
  )
  .join('\n')}</table>`;
}

/** Foreign traffic at the probe (not answers), shown only when there was some. */
function foreignNote(p: ScenarioSummary['probes'][number]): string {
  if (!p.foreign) return '';
  const from = p.foreignFrom?.length ? ` from <code>${esc(p.foreignFrom.join(', '))}</code>` : '';
  return `, <strong>${p.foreign} foreign datagram(s)</strong>${from} (not counted as answers)`;
}

function observers(sc: ScenarioSummary, s: RunSummary): string {
  const d = s.devices.find((x) => x.device === sc.device);
  const offset = d?.clockOffset
    ? `clock offset BMC − harness ${esc(num(d.clockOffset.offsetMs, 3))} ms ± ${esc(num(d.clockOffset.uncertaintyMs, 3))} ms (time scale ×${esc(num(d.clockOffset.timeScale))})`
    : 'clock offset not measured';
  const scale = timeScaleOf(sc, s);
  const ms = (v: number | null): string => (v === null ? '–' : scale === 1 ? `${esc(num(v, 3))} ms` : `${esc(num(v, 3))} ms harness (${esc(num(v * scale, 3))} ms SUT)`);
  const probes = sc.probes.map((p) => {
    const largest = p.gaps.length ? Math.max(...p.gaps.map(gapOutageMs)) : 0;
    return `probe <code>${esc(p.probe)}</code> → <code>${esc(p.target)}</code>: interval ${ms(p.intervalMs)}, resolution ${ms(p.resolutionMs)}, median RTT ${ms(p.rttMs)}, sent ${p.sent}, received ${p.received}, ${p.gaps.length} reply gap(s) recorded, largest estimated outage ${ms(largest)} (largest reply gap ${ms(p.maxGapMs)}), replies from <code>${esc(p.repliedFrom.join(', ') || '–')}</code>${foreignNote(p)}`;
  });
  return `<ul>${[offset, ...probes].map((l) => `<li>${l}</li>`).join('')}</ul>`;
}

function timelineHeading(scale: number): string {
  return `<h4>Timeline (ms since scenario start, harness clock)</h4>${
    scale === 1 ? '' : `<p class="muted note">The lab ran ×${esc(num(scale))}: 1 ms on this axis is ${esc(num(scale))} ms of SUT time, the unit of the measurements below.</p>`
  }`;
}

function card(sc: ScenarioSummary, timeline: string, s: RunSummary): string {
  const color = OUTCOME_COLOR[sc.outcome];
  const reason = sc.reason
    ? `<div class="reason${sc.outcome === 'passed' || sc.outcome === 'skipped' ? '' : ' bad'}">${sc.outcome === 'skipped' ? 'Skipped: ' : ''}${esc(sc.reason)}${sc.ffdc ? ` <a class="ffdc" href="${esc(sc.ffdc.split('/').map(encodeURIComponent).join('/'))}/README.md">first-failure data</a>` : ''}</div>`
    : '';
  const shard = sc.shard === null ? '' : badge(`shard ${sc.shard}`, SHARD_COLOR);
  const head = `<div class="head">${outcomeBadge(sc.outcome)}${sc.marginal ? badge('marginal', MARGINAL_COLOR) : ''}${shard}<h3>${esc(sc.id)}</h3><span>${esc(sc.title)}</span>
<span class="muted">device <b>${esc(sc.device)}</b> · iteration ${sc.iteration} · ${esc(duration(sc.durationMs))} · ${esc(sc.requirements.join(', ') || 'no requirement')}</span></div>`;
  const nothingObserved = sc.phases.length + sc.faults.length + sc.measurements.length + sc.checks.length + sc.probes.length === 0;
  if (sc.outcome === 'skipped' && nothingObserved) {
    // A skip observed nothing: the reason is the whole story.
    return `<section class="card" id="${esc(sc.key)}" style="border-left-color:${color}">
${head}
${reason}
</section>`;
  }
  return `<section class="card" id="${esc(sc.key)}" style="border-left-color:${color}">
${head}
${reason}
${timelineHeading(timeScaleOf(sc, s))}
${timeline}
<h4>Budgets (event- and probe-based)</h4>
${budgetTable(sc, s)}
<h4>Checks</h4>
${checksTable(sc)}
<h4>Observers</h4>
${observers(sc, s)}
</section>`;
}

function timelineOf(sc: ScenarioSummary, inst: ScenarioInstance, index: number, s: RunSummary, panels: readonly PanelResult[]): string {
  const lanes = laneSources(panels);
  const before = lanes.failuresSoFar();
  const tl = buildTimeline(inst, { timeScale: timeScaleOf(sc, s), lanes: lanes.sources });
  const failed = lanes.failuresSoFar() > before ? '<p class="bad">Some lanes of this timeline could not be drawn (see the error sections of the report panels).</p>' : '';
  return `${renderTimelineSvg(tl, `${sc.key} timeline`, { idPrefix: `tl${index + 1}` })}\n${renderTimelineLegend(tl)}${failed}`;
}

/** The page: domain-neutral parts, plus the sections and timeline lanes of the panels that apply. */
export function renderHtml(records: readonly HistoryRecord[], summary: RunSummary, panels: readonly PanelResult[] = []): string {
  const instances = new Map(groupScenarios(records).map((i) => [i.key, i]));
  const cards = summary.scenarios.map((sc, i) => {
    const inst = instances.get(sc.key);
    return card(sc, inst ? timelineOf(sc, inst, i, summary, panels) : '<p class="muted">No records.</p>', summary);
  });
  const notRun = summary.notRun.length
    ? `<h2>Not run</h2><ul>${summary.notRun.map((p) => `<li><b>${esc(p.id)}</b> ${esc(p.title)} <span class="muted">${esc(p.requirements.join(', '))}</span></li>`).join('')}</ul>`
    : '';
  const title = `ftlab ${summary.outcome}${summary.run.runId ? ` — ${summary.run.runId}` : ''}`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>${CSS}${TIMELINE_CSS}</style>
</head>
<body><main>
${header(summary)}
${counts(summary)}
<h2>Requirement × scenario coverage</h2>
${matrix(summary)}
${complianceSection(summary)}
${panels.map(panelSection).join('\n')}
${aggregates(summary)}
<h2>Scenarios</h2>
${cards.join('\n')}
${notRun}
<footer>Rendered from history.jsonl (${summary.run.records} records) by ftlab ${esc(summary.run.ftlabVersion ?? '')}. Times on timelines are harness milliseconds since each scenario began; measurements are in SUT time.</footer>
</main></body>
</html>
`;
}
