/**
 * An event record's BMC event read defensively: the payload comes from the device, so any field
 * may be missing or of another type. Used by the timeline and by panels reading events.
 */
import type { EventRecord } from '../lib/history/records.ts';

export interface EventFields {
  messageId: string;
  message: string;
  severity: string;
  eventTimestamp: string;
  originOfCondition: string | null;
  messageArgs: string[];
}

export function eventFields(r: EventRecord): EventFields {
  const e = r.event;
  return {
    messageId: String(e.messageId ?? ''),
    message: String(e.message ?? ''),
    severity: String(e.severity ?? ''),
    eventTimestamp: String(e.eventTimestamp ?? ''),
    originOfCondition: typeof e.originOfCondition === 'string' ? e.originOfCondition : null,
    messageArgs: Array.isArray(e.messageArgs) ? e.messageArgs.map(String) : [],
  };
}
