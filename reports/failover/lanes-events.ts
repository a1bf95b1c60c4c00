/**
 * The lanes that are not device state: injected faults (inject → undo), the business as the
 * outside probe saw it (answering, and its reply gaps), the failover manager's own records
 * (events of a device whose kind names a manager), and the failover steps the lab showed.
 */
import type { HistoryRecord } from '../../lib/history/records.ts';
import { failoverTimeline, type FailoverRef } from '../../lib/domains/failover/timeline.ts';
import { eventFields } from '../event-fields.ts';
import type { LaneContext } from './lanes-san.ts';
import type { FoLane, FoSegment } from './types.ts';

export function faultLane(ctx: LaneContext): FoLane {
  const segments: FoSegment[] = [];
  const open = new Map<number, FoSegment>();
  for (const r of ctx.records) {
    if (r.type !== 'fault') continue;
    if (r.action === 'inject' && r.ok) {
      const s: FoSegment = { start: r.t - ctx.t0, end: ctx.endMs, label: `${r.fault} @ ${r.device}`, tone: 'down', detail: `fault ${r.fault} injected into ${r.device} ${JSON.stringify(r.params ?? {})}`, source: 'event' };
      segments.push(s);
      open.set(r.ledgerId, s);
    }
    const injected = open.get(r.ledgerId);
    if (r.action === 'undo' && injected) {
      injected.end = r.t - ctx.t0;
      injected.detail += `; undone at ${Math.round(r.t - ctx.t0)} ms${r.ok ? '' : ` (undo failed: ${r.error ?? '?'})`}`;
    }
  }
  return { kind: 'faults', label: 'injected faults', segments, ticks: [] };
}

export function businessLanes(ctx: LaneContext): FoLane[] {
  return ctx.records.flatMap((r): FoLane[] => {
    if (r.type !== 'probe') return [];
    const from = r.repliedFrom.join(', ') || 'nobody';
    const segments: FoSegment[] = [];
    let at = r.startedAt - ctx.t0;
    for (const g of [...r.gaps].sort((a, b) => a.start - b.start)) {
      segments.push({ start: at, end: g.start - ctx.t0, label: 'answering', tone: 'up', detail: `${r.target} answered (replies from ${from})`, source: 'sample' });
      segments.push({ start: g.start - ctx.t0, end: g.end - ctx.t0, label: 'no answer', tone: 'down', detail: `${r.target} did not answer for ${Math.round(g.durationMs)} ms (harness)`, source: 'sample' });
      at = g.end - ctx.t0;
    }
    segments.push({ start: at, end: r.stoppedAt - ctx.t0, label: 'answering', tone: 'up', detail: `${r.target} answered (replies from ${from})`, source: 'sample' });
    return [{ kind: 'business', label: `business ${r.probe}`, segments: segments.filter((s) => s.end > s.start), ticks: [] }];
  });
}

/** Devices whose device record names a manager (e.g. kind "failover-manager"). */
function managers(all: readonly HistoryRecord[]): Set<string> {
  return new Set(all.flatMap((r) => (r.type === 'device' && /manager/i.test(r.kind) && !/partition/i.test(r.kind) ? [r.device] : [])));
}

export function managerLanes(ctx: LaneContext): FoLane[] {
  const names = managers(ctx.all);
  return [...names].flatMap((device): FoLane[] => {
    const ticks = ctx.records.flatMap((r) => {
      if (r.type !== 'event' || r.device !== device) return [];
      const e = eventFields(r);
      return [{ at: r.t - ctx.t0, label: e.messageId.split('.').at(-1) ?? e.messageId, detail: `${device}: ${e.message || e.messageId} ${e.messageArgs.join(' ')}`.trim() }];
    });
    return ticks.length ? [{ kind: 'manager', label: `${device} events`, segments: [], ticks }] : [];
  });
}

export function stepsLane(ctx: LaneContext, ref: FailoverRef): FoLane {
  const steps = failoverTimeline(ctx.records, ref);
  return {
    kind: 'lab steps',
    label: 'failover steps (lab)',
    segments: [],
    ticks: steps.map((s) => ({
      at: s.window.to - ctx.t0,
      label: s.step,
      detail: `${s.step} on ${s.window.device}: ${s.basis === 'event' ? 'the device event' : `between readings after ${Math.round(s.window.from - ctx.t0)} ms`}, by ${Math.round(s.window.to - ctx.t0)} ms`,
    })),
  };
}
