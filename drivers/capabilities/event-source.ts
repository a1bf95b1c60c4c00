import type { BmcEvent } from '../../lib/history/bmc-event.ts';

export type { BmcEvent };

/** A stream of BMC events (Redfish SSE, push subscriptions, or IPMI SEL polling). */
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
