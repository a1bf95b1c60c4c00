/** A stream of BMC events (Redfish SSE, push subscriptions, or IPMI SEL polling). */
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

export interface EventFilter {
  registryPrefixes?: string[];
  messageIds?: string[];
  originResources?: string[];
}

export interface EventSubscription {
  /** Id of the last event delivered, for replay after reconnects. */
  readonly lastEventId: string | null;
  /** Resolves once the stream is open and events will be delivered. */
  readonly ready: Promise<void>;
  close(): Promise<void>;
}

export interface EventSource {
  readonly kind: 'EventSource';
  subscribe(
    filter: EventFilter,
    onEvent: (e: BmcEvent) => void,
    onError?: (err: Error) => void,
  ): EventSubscription;
}
