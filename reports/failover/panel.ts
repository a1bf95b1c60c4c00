/**
 * The failover panel: N+1 failover of SAN-booted servers. Applies when a testcase names an FO-*
 * requirement or sampled a disk array's masking. Shows each failover of a testcase as one
 * timeline across devices with its fo.* budgets and invariants; judges no requirement itself
 * (the scenarios' invariants and budgets do).
 */
import { series } from '../../lib/domains/failover/series.ts';
import type { PanelInput, ReportPanel } from '../panel.ts';
import { failoverPanelHtml } from './html.ts';
import { failoverPanelMarkdown } from './markdown.ts';
import { summarizeFailovers } from './summarize.ts';
import type { FailoverPanelData } from './types.ts';

const FO_REQUIREMENT = /^FO-/;
const r3 = (v: number): number => Math.round(v * 1000) / 1000;

export const failoverPanel: ReportPanel<FailoverPanelData> = {
  id: 'failover',
  title: 'Failovers (FO)',
  appliesTo: (input: PanelInput) => input.scenarios.some((s) => s.requirements.some((r) => FO_REQUIREMENT.test(r))) || series(input.records, 'LunMapping').length > 0,
  summarize: summarizeFailovers,
  findings: () => [],
  json: (data) => ({
    failovers: data.failovers.map(({ lanes, ...f }) => ({ ...f, lanes: lanes.map((l) => ({ kind: l.kind, label: l.label, segments: l.segments.map(({ start, end, label, source }) => ({ start: r3(start), end: r3(end), label, source })) })) })),
  }),
  html: failoverPanelHtml,
  markdown: failoverPanelMarkdown,
};
