/**
 * An event as a device's management controller reported it (Redfish SSE or push, an IPMI SEL
 * entry, a switch's log): domain-neutral, so every domain's events share one record shape.
 */
export interface BmcEvent {
  /** The source's event id (SSE `id:`), used to resume. */
  id: string;
  messageId: string;
  messageArgs: string[];
  message: string;
  severity: string;
  originOfCondition: string | null;
  /** When the event happened, in SUT time, as the BMC reports it (ISO 8601). */
  eventTimestamp: string;
  /** Harness monotonic time (ms) at which the event was received. */
  receivedAt: number;
  /** Anything else the source sent (EventGroupId, Oem, ...). */
  extra: Record<string, unknown>;
}
