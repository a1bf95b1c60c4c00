/**
 * The ft panel: fault-tolerant servers. Applies when the run names an FT-* requirement (catalogue,
 * plan or evidence) or its history holds FtLab events or ft state samples. Computes FT-03 (one
 * server on the network) and FT-04 (availability projection), lists the cross-source consistency
 * comparisons, and contributes the power and module-state lanes of the scenario timelines.
 */
import { FT_PREFIX, registryPrefix } from '../../lib/domains/ft/messages.ts';
import type { HistoryRecord } from '../../lib/history/records.ts';
import type { PanelInput, ReportPanel } from '../panel.ts';
import { ftStateOf } from '../record-access.ts';
import { serverOfTestcase } from '../shards.ts';
import { projectAvailability } from './availability.ts';
import { summarizeConsistency } from './consistency.ts';
import { checkFt03 } from './ft03.ts';
import { ftFindings } from './findings.ts';
import { ftPanelHtml } from './html.ts';
import { ftTimelineLanes } from './lanes.ts';
import { ftPanelMarkdown } from './markdown.ts';
import type { FtPanelData } from './types.ts';

const FT_REQUIREMENT = /^FT-/;

function hasFtRecords(records: readonly HistoryRecord[]): boolean {
  return records.some(
    (r) =>
      (r.type === 'event' && typeof r.event?.messageId === 'string' && registryPrefix(r.event) === FT_PREFIX) ||
      (r.type === 'sample' && ftStateOf(r) !== undefined),
  );
}

export const ftPanel: ReportPanel<FtPanelData> = {
  id: 'ft',
  title: 'Fault tolerance (FT-03, FT-04)',
  appliesTo: (input: PanelInput) => input.requirementIds.some((id) => FT_REQUIREMENT.test(id)) || hasFtRecords(input.records),
  summarize: (input) => ({
    ft03: checkFt03(input.scenarios, serverOfTestcase(input.runBegin, input.records)),
    availability: projectAvailability(input.runBegin?.availability, input.scenarios),
    consistency: summarizeConsistency(input.records),
  }),
  findings: (data, input) => ftFindings(data, input.scenarios),
  json: (data) => ({ ft03: data.ft03, availability: data.availability, consistency: data.consistency }),
  html: ftPanelHtml,
  markdown: ftPanelMarkdown,
  timelineLanes: ftTimelineLanes,
};
