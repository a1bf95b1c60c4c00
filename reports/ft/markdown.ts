/** The ft panel's compliance.md sections: the FT-04 availability projection and the FT-03 address check. */
import { availabilityPct, num, pct, seconds } from '../format.ts';
import { md, VERDICT_LABEL } from '../markdown.ts';
import { consistencyMarkdown } from './consistency.ts';
import type { AvailabilitySummary, Ft03Summary, FtPanelData } from './types.ts';

function isTarget(a: AvailabilitySummary, availability: number): boolean {
  return a.targetAvailability !== null && Math.abs(availability - a.targetAvailability) < 1e-12;
}

function projection(a: AvailabilitySummary, targetAvailability: number): string[] {
  const target = a.classes.find((c) => isTarget(a, c.availability));
  const out = [
    `Target class ${target ? target.label : pct(targetAvailability, 4)}: at most ${seconds(a.allowedDowntimeS)} (${num(a.allowedDowntimeS, 2)} s) of downtime a year. ` +
      'Downtime per year = Σ expected events per year × measured outage per event (max over all runs of the measurement; 365-day year).',
    '',
    '| Event kind | Events/year | Rate source | Outage measurement | n | p95 | max (used) | Downtime/year |',
    '|---|---|---|---|---|---|---|---|',
  ];
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
    const met = c.met === null ? '–' : a.evaluated ? (c.met ? 'yes' : 'no') : c.met ? 'unknown (projection incomplete)' : 'no';
    out.push(`| ${c.label}${isTarget(a, c.availability) ? ' (target)' : ''} | ${seconds(c.allowedDowntimeS)} | ${met} |`);
  }
  return out;
}

function availabilityMarkdown(a: AvailabilitySummary): string[] {
  const body = a.targetAvailability === null ? [`Not evaluated: ${md(a.detail)}.`] : projection(a, a.targetAvailability);
  return ['## Availability projection (FT-04)', '', ...body, ''];
}

function ft03Markdown(f: Ft03Summary): string[] {
  const out = ['## One server on the network (FT-03)', ''];
  out.push(`Every workload probe reply must come from exactly one address, the same for a device over the whole run → ${VERDICT_LABEL[f.verdict]}.`, '');
  if (f.devices.length) {
    out.push('| Device | Reply addresses | Probes with replies | Probes without replies | Result |', '|---|---|---|---|---|');
    for (const d of f.devices) out.push(`| ${md(d.device)} | ${d.addresses.length ? d.addresses.map(md).join(', ') : '–'} | ${d.probes} | ${d.probesWithoutReplies} | ${d.ok ? 'one address' : '**more than one address**'} |`);
    out.push('');
  }
  out.push(`${md(f.detail)}.`, '');
  return out;
}

export function ftPanelMarkdown(data: FtPanelData): string[] {
  return [...availabilityMarkdown(data.availability), ...ft03Markdown(data.ft03), ...consistencyMarkdown(data.consistency)];
}
