/**
 * EventSource over Redfish SSE: the EventService's ServerSentEventUri with a `$filter`, the
 * client's auth (one re-login on 401) and TLS settings, reconnects that resend Last-Event-ID.
 */
import type { BmcEvent, EventFilter, EventSource, EventSubscription } from '../../capabilities/event-source.ts';
import { errorMessage, InfraError } from '../../../lib/errors.ts';
import type { RedfishClient } from '../client.ts';
import type { RedfishDiscovery } from '../discovery.ts';
import { RedfishProtocolError } from '../errors.ts';
import { openSse, sseFilterExpression, type SseMessage, type SseReconnectOptions, type SseStream } from '../sse.ts';
import { parseEventRecords } from '../views.ts';

export interface RedfishEventSourceOptions {
  reconnect?: SseReconnectOptions;
  /** Resume after this SSE id (Last-Event-ID on the first connect). */
  lastEventId?: string;
}

/** Turn one SSE message into the BmcEvents it carries (an Event payload may hold several records). */
export function toBmcEvents(msg: SseMessage, receivedAt: number, where: string): BmcEvent[] {
  const records = parseEventRecords(JSON.parse(msg.data) as unknown, where);
  return records.map((r, i) => ({
    id: records.length === 1 || i === 0 ? msg.id : `${msg.id}:${i}`,
    messageId: r.messageId,
    messageArgs: r.messageArgs,
    message: r.message,
    severity: r.severity ?? 'OK',
    originOfCondition: r.originOfCondition,
    eventTimestamp: r.eventTimestamp ?? '',
    receivedAt,
    extra: { ...r.extra, ...(r.eventId !== null ? { EventId: r.eventId } : {}) },
  }));
}

class RedfishSubscription implements EventSubscription {
  readonly ready: Promise<void>;
  private stream: SseStream | null = null;
  private closed = false;

  constructor(
    client: RedfishClient,
    discovery: RedfishDiscovery,
    filter: EventFilter,
    onEvent: (e: BmcEvent) => void,
    onError: ((err: Error) => void) | undefined,
    opts: RedfishEventSourceOptions,
  ) {
    this.ready = (async () => {
      const uri = await discovery.sseUri();
      if (!uri) throw new RedfishProtocolError('/redfish/v1/EventService', 'ServerSentEventUri', 'the service offers no SSE stream');
      const expr = sseFilterExpression(filter);
      const path = expr ? `${uri}${uri.includes('?') ? '&' : '?'}$filter=${encodeURIComponent(expr)}` : uri;
      if (this.closed) throw new InfraError(`SSE subscription to ${uri}: closed before it opened`);
      this.stream = openSse({
        url: client.urlFor(path),
        headers: () => client.authHeaders(),
        onAuthFailure: (stale) => client.reauthenticate(stale),
        agent: client.httpAgent,
        clock: client.clock,
        ...(opts.lastEventId ? { lastEventId: opts.lastEventId } : {}),
        ...(opts.reconnect ? { reconnect: opts.reconnect } : {}),
        onEvent: (msg) => {
          let events: BmcEvent[];
          try {
            events = toBmcEvents(msg, client.clock.now(), `SSE ${uri} event ${msg.id}`);
          } catch (e) {
            onError?.(e instanceof Error ? e : new Error(errorMessage(e)));
            return;
          }
          for (const ev of events) onEvent(ev);
        },
        onError: (err, willRetry) => {
          client.log.warn(`SSE ${willRetry ? 'dropped, reconnecting' : 'gave up'}`, { error: errorMessage(err) });
          onError?.(err);
        },
      });
      await this.stream.ready;
    })();
    this.ready.catch(() => undefined);
  }

  get lastEventId(): string | null {
    return this.stream?.lastEventId ?? null;
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.ready.catch(() => undefined);
    await this.stream?.close();
  }
}

export class RedfishEventSource implements EventSource {
  readonly kind = 'EventSource' as const;
  constructor(
    private readonly client: RedfishClient,
    private readonly discovery: RedfishDiscovery,
    private readonly opts: RedfishEventSourceOptions = {},
  ) {}

  subscribe(filter: EventFilter, onEvent: (e: BmcEvent) => void, onError?: (err: Error) => void): EventSubscription {
    return new RedfishSubscription(this.client, this.discovery, filter, onEvent, onError, this.opts);
  }
}
