/**
 * Which of two changes came first, judged by the samples when their windows do not overlap, else
 * by the devices' own event timestamps — and the verdict says which basis it used. On one lab
 * clock (a time scale other than 1) the timestamps compare as they are; on real hardware each is
 * brought onto the harness clock with its device's measured offset.
 */
import { parseBmcTimestamp } from '../../../harness/runner/context.ts';
import type { ChangeWindow } from '../../../lib/domains/failover/series.ts';
import { timeScaleOf } from '../../../lib/domains/failover/series.ts';
import type { EventRecord, HistoryRecord } from '../../../lib/history/records.ts';

export interface Change {
  what: string;
  window: ChangeWindow;
  /** The device's own event for the change, if it sent one. */
  event: EventRecord | null;
}

export type Order = { first: boolean; basis: string } | { undecided: string };

function offsetOf(records: readonly HistoryRecord[], device: string): number | null {
  const r = records.find((x) => x.type === 'clock-offset' && x.device === device);
  return r?.type === 'clock-offset' ? r.offsetMs : null;
}

/** The event's time on a common base, or null when its device's offset is needed and unknown. */
function eventTime(records: readonly HistoryRecord[], e: EventRecord, sameClock: boolean): number | null {
  const at = parseBmcTimestamp(e.event.eventTimestamp);
  if (sameClock) return at;
  const off = offsetOf(records, e.device);
  return off === null ? null : at - off;
}

const ms = (t: number): string => `t=${Math.round(t)} ms`;

/** Did `a` happen strictly before `b`? */
export function order(records: readonly HistoryRecord[], a: Change, b: Change): Order {
  if (a.window.to <= b.window.from) return { first: true, basis: `samples: ${a.what} by ${ms(a.window.to)}, ${b.what} after ${ms(b.window.from)}` };
  if (b.window.to <= a.window.from) return { first: false, basis: `samples: ${b.what} by ${ms(b.window.to)}, ${a.what} after ${ms(a.window.from)}` };
  if (!a.event || !b.event) {
    const silent = [a, b].filter((c) => !c.event).map((c) => `${c.window.device} (${c.what})`);
    return { undecided: `${a.what} and ${b.what} changed between overlapping samples and ${silent.join(', ')} sent no event to order them` };
  }
  const sameClock = a.window.device === b.window.device || timeScaleOf(records) !== 1;
  const ta = eventTime(records, a.event, sameClock);
  const tb = eventTime(records, b.event, sameClock);
  if (ta === null || tb === null) return { undecided: `${a.what} and ${b.what} changed between overlapping samples and a device's clock offset is unknown` };
  const basis = `event timestamps${sameClock ? '' : ' (clock offsets applied)'}: ${a.event.device} ${a.event.event.messageId} at ${a.event.event.eventTimestamp}, ${b.event.device} ${b.event.event.messageId} at ${b.event.event.eventTimestamp}`;
  return { first: ta < tb, basis };
}
