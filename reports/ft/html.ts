/** The ft panel's HTML section: the FT-04 availability projection beside the FT-03 address check, then the cross-source consistency table. */
import { availabilityPct, num, pct, seconds } from '../format.ts';
import { verdictBadge } from '../html/badges.ts';
import { esc } from '../html/escape.ts';
import { consistencyHtml } from './consistency.ts';
import type { AvailabilitySummary, Ft03Summary, FtPanelData } from './types.ts';

function isTarget(a: AvailabilitySummary, availability: number): boolean {
  return a.targetAvailability !== null && Math.abs(availability - a.targetAvailability) < 1e-12;
}

function eventRows(a: AvailabilitySummary): string {
  return a.events
    .map(
      (e) =>
        `<tr><td title="${esc(e.source)}">${esc(e.kind)}</td><td class="num">${num(e.ratePerYear, 4)}</td><td><code>${esc(e.measurement)}</code></td><td class="num">${e.n}</td><td class="num">${e.p95S === null ? '–' : `${num(e.p95S, 4)} s`}</td><td class="num">${e.maxS === null ? '–' : `${num(e.maxS, 4)} s`}</td><td class="num">${e.problem ? `<span class="warn">${esc(e.problem)}</span>` : `${num(e.downtimeS, 3)} s`}</td></tr>`,
    )
    .join('\n');
}

function classTable(a: AvailabilitySummary): string {
  const met = (m: boolean | null): string => (m === null ? '–' : m ? (a.evaluated ? '<span class="ok">yes</span>' : '<span class="warn">unknown</span>') : '<span class="bad">no</span>');
  return `<table><tr><th>Class</th>${a.classes.map((c) => `<th>${esc(c.label)}${isTarget(a, c.availability) ? ' (target)' : ''}</th>`).join('')}</tr>
<tr><td>Allowed/year</td>${a.classes.map((c) => `<td class="num">${esc(seconds(c.allowedDowntimeS))}</td>`).join('')}</tr>
<tr><td>Met</td>${a.classes.map((c) => `<td>${met(c.met)}</td>`).join('')}</tr></table>`;
}

function availabilityHtml(a: AvailabilitySummary): string {
  if (a.targetAvailability === null) return `<p class="muted">${esc(a.detail)}</p>`;
  const target = a.classes.find((c) => isTarget(a, c.availability))?.label ?? pct(a.targetAvailability, 4);
  return `<p>Downtime/year = Σ events/year × measured outage per event (max over runs). Target ${esc(target)}: ≤ ${esc(seconds(a.allowedDowntimeS))}/year.</p>
<table><tr><th>Event kind</th><th>Events/year</th><th>Outage measurement</th><th>n</th><th>p95</th><th>max (used)</th><th>Downtime/year</th></tr>
${eventRows(a)}
<tr><th colspan="6">Projected annual downtime${a.projectedAvailability !== null ? ` (availability ${esc(availabilityPct(a.projectedAvailability))})` : ''}</th><th class="num">${a.projectedDowntimeS === null ? '–' : esc(seconds(a.projectedDowntimeS))}</th></tr></table>
<p>${verdictBadge(a.verdict)} ${esc(a.detail)}${a.margin !== null && a.evaluated ? `; margin ${esc(pct(a.margin))}` : ''}</p>
${classTable(a)}`;
}

function ft03Html(f: Ft03Summary): string {
  const devices = f.devices.length
    ? `<table><tr><th>Device</th><th>Reply addresses</th><th>Probes</th><th>No replies</th></tr>${f.devices
        .map((d) => `<tr><td>${esc(d.device)}</td><td class="${d.ok ? '' : 'bad'}"><code>${esc(d.addresses.join(', ') || '–')}</code></td><td class="num">${d.probes}</td><td class="num">${d.probesWithoutReplies}</td></tr>`)
        .join('')}</table>`
    : '';
  return `<p>${verdictBadge(f.verdict)} ${esc(f.detail)}</p>${devices}`;
}

export function ftPanelHtml(data: FtPanelData): string {
  return `<div class="two"><section><h2>FT-04 availability projection</h2>${availabilityHtml(data.availability)}</section><section><h2>FT-03 one server on the network</h2>${ft03Html(data.ft03)}</section></div>
<section><h2>Cross-source consistency</h2>${consistencyHtml(data.consistency)}</section>`;
}
