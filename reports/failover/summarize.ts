/**
 * The failovers of a run: per testcase with failover samples, each boot-volume move from one
 * server to one other (grouped per pair of servers), with one timeline across devices, the fo.*
 * budget rows and the testcase's invariants. A testcase whose samples show no move is listed
 * without the lab's lanes (e.g. "nothing qualifies": its invariants still say what held), with its
 * faults and the manager's claim when that was sampled.
 */
import type { HistoryRecord } from '../../lib/history/records.ts';
import { serverOfWwpn, series, timeScaleOf, volumeMoves } from '../../lib/domains/failover/series.ts';
import type { PanelInput } from '../panel.ts';
import { groupScenarios, type ScenarioInstance } from '../scenarios.ts';
import { businessLanes, faultLane, managerLanes, stepsLane } from './lanes-events.ts';
import { managerClaimLanes } from './lanes-manager.ts';
import { loginLanes, maskingLanes, zoningLanes, type LaneContext } from './lanes-san.ts';
import { powerLane, vlanLanes } from './lanes-servers.ts';
import { budgetRows, invariantRows } from './tables.ts';
import type { FailoverPanelData, FailoverView, FoLane } from './types.ts';

interface Pair {
  failed: string;
  standby: string;
  volumes: Array<{ array: string; volume: string }>;
}

/** Moves of boot volumes from one server to one other, grouped per (failed, standby). */
export function pairsOf(records: readonly HistoryRecord[]): Pair[] {
  const pairs = new Map<string, Pair>();
  for (const m of volumeMoves(records)) {
    const [failed] = m.from;
    const [standby] = m.to;
    if (m.from.length !== 1 || m.to.length !== 1 || !failed || !standby) continue;
    const k = `${failed}→${standby}`;
    const p = pairs.get(k) ?? { failed, standby, volumes: [] };
    p.volumes.push({ array: m.array, volume: m.volume });
    pairs.set(k, p);
  }
  return [...pairs.values()];
}

export function failoverLanes(ctx: LaneContext, pair: Pair): FoLane[] {
  const ref = { failed: pair.failed, standby: pair.standby, volume: pair.volumes[0]?.volume ?? '' };
  return [
    faultLane(ctx),
    ...managerLanes(ctx),
    ...managerClaimLanes(ctx),
    stepsLane(ctx, ref),
    powerLane(ctx, pair.failed, 'failed'),
    powerLane(ctx, pair.standby, 'standby'),
    ...maskingLanes(ctx, pair.volumes),
    ...zoningLanes(ctx),
    ...loginLanes(ctx),
    ...vlanLanes(ctx),
    ...businessLanes(ctx),
  ].filter((l) => l.segments.length > 0 || l.ticks.length > 0);
}

/**
 * A testcase without a move (no standby qualified, a no-action fault): when the manager's claim was
 * sampled, its faults and that claim (what the manager says it decided and notified); else nothing.
 * No lane of this set reads the pair.
 */
function claimOnlyLanes(ctx: LaneContext): FoLane[] {
  const claim = managerClaimLanes(ctx).filter((l) => l.segments.length > 0 || l.ticks.length > 0);
  return claim.length ? [faultLane(ctx), ...claim].filter((l) => l.segments.length > 0 || l.ticks.length > 0) : [];
}

function viewsOf(inst: ScenarioInstance, input: PanelInput): FailoverView[] {
  const endMs = Math.max(inst.end?.durationMs ?? 0, inst.lastT - inst.begin.t);
  const base = {
    scenario: inst.key,
    title: inst.title,
    outcome: inst.end?.outcome ?? ('aborted' as const),
    endMs,
    timeScale: timeScaleOf(input.records),
    budgets: budgetRows(input.runBegin?.budgets ?? [], inst.records),
    invariants: invariantRows(inst.records),
  };
  const pairs = pairsOf(inst.records);
  const owner = serverOfWwpn(inst.records);
  if (pairs.length === 0) {
    const ctx: LaneContext = { records: inst.records, all: input.records, t0: inst.begin.t, endMs, pair: { failed: '', standby: '', owner } };
    return [{ ...base, failed: null, standby: null, volumes: [], lanes: claimOnlyLanes(ctx) }];
  }
  return pairs.map((p) => {
    const ctx: LaneContext = { records: inst.records, all: input.records, t0: inst.begin.t, endMs, pair: { failed: p.failed, standby: p.standby, owner } };
    return { ...base, failed: p.failed, standby: p.standby, volumes: p.volumes.map((v) => v.volume), lanes: failoverLanes(ctx, p) };
  });
}

export function summarizeFailovers(input: PanelInput): FailoverPanelData {
  const instances = groupScenarios(input.records).filter((i) => series(i.records, 'LunMapping').length > 0);
  return { failovers: instances.flatMap((i) => viewsOf(i, input)) };
}
