import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { baseError, baseId, RedfishError } from '../errors.ts';
import type { RedfishService } from '../service.ts';
import type { EventRecord, JsonObject, RequestContext } from '../types.ts';
import { isPlainObject, validateBody } from '../validate.ts';
import { compileFilter, FILTER_PROPERTIES, FilterPropertyError, FilterSyntaxError, type FilterSubject } from './filter.ts';
import { PushQueue, RETRY_POLICIES, type RetryPolicy } from './push.ts';

const ROOT = '/redfish/v1/EventService';
const SUBS = `${ROOT}/Subscriptions`;
export const SSE_URI = `${ROOT}/SSE`;

interface PushFilters {
  RegistryPrefixes?: string[];
  MessageIds?: string[];
  OriginResources?: string[];
  ResourceTypes?: string[];
  Severities?: string[];
}

interface Subscription {
  id: string;
  type: 'RedfishEvent' | 'SSE';
  context: string;
  destination?: string;
  filters: PushFilters;
  policy: RetryPolicy;
  headers: Record<string, string>;
  queue?: PushQueue;
  /** Ends an SSE stream. */
  end?: () => void;
}

export interface EventServiceOptions {
  maxSseStreams: number;
  retryAttempts: number;
  retryIntervalSeconds: number;
}

function stringArray(v: unknown): string[] | undefined {
  return Array.isArray(v) ? v.map(String) : undefined;
}

function matchesPush(f: PushFilters, s: FilterSubject): boolean {
  if (f.RegistryPrefixes?.length && !f.RegistryPrefixes.includes(s.RegistryPrefix ?? '')) return false;
  if (f.MessageIds?.length && !f.MessageIds.some((id) => compileFilter(`MessageId eq '${id.replace(/'/g, "''")}'`)(s))) return false;
  if (f.OriginResources?.length && !f.OriginResources.includes(s.OriginResource ?? '')) return false;
  if (f.ResourceTypes?.length && !f.ResourceTypes.includes(s.ResourceType ?? '')) return false;
  if (f.Severities?.length && !f.Severities.includes(s.MessageSeverity ?? '')) return false;
  return true;
}

/** The wire form of one event: an `Event` resource carrying one EventRecord. */
export function eventPayload(record: EventRecord, context: string): JsonObject {
  return {
    '@odata.type': '#Event.v1_7_0.Event',
    Id: record.EventId,
    Name: 'Event',
    Context: context,
    Events: [{ ...record, MemberId: '0' }],
  };
}

/** EventService: SSE streams (with $filter and Last-Event-ID), push subscriptions, SubmitTestEvent. */
export class EventService {
  enabled = true;
  retryAttempts: number;
  retryIntervalSeconds: number;
  private readonly subs = new Map<string, Subscription>();
  private nextId = 1;
  private sseCount = 0;
  private readonly unsubscribe: () => void;

  constructor(
    private readonly svc: RedfishService,
    private readonly opts: EventServiceOptions,
  ) {
    this.retryAttempts = opts.retryAttempts;
    this.retryIntervalSeconds = opts.retryIntervalSeconds;
    this.registerResources();
    this.unsubscribe = svc.events.onEvent((r) => this.fanOut(r));
  }

  close(): void {
    this.unsubscribe();
    for (const s of [...this.subs.values()]) this.removeSubscription(s.id);
  }

  private fanOut(record: EventRecord): void {
    if (!this.enabled) return;
    const subject = this.svc.events.subject(record);
    for (const s of this.subs.values()) {
      if (s.type === 'RedfishEvent' && s.queue && matchesPush(s.filters, subject)) s.queue.enqueue(eventPayload(record, s.context));
    }
  }

  private registerResources(): void {
    const svc = this.svc;
    svc.resource(ROOT, {
      type: '#EventService.v1_10_0.EventService',
      get: () => ({
        Id: 'EventService',
        Name: 'Event Service',
        ServiceEnabled: this.enabled,
        DeliveryRetryAttempts: this.retryAttempts,
        DeliveryRetryIntervalSeconds: this.retryIntervalSeconds,
        EventFormatTypes: ['Event'],
        RegistryPrefixes: svc.registries.prefixes(),
        Severities: ['OK', 'Warning', 'Critical'],
        ServerSentEventUri: SSE_URI,
        SSEFilterPropertiesSupported: {
          EventFormatType: true,
          MessageId: true,
          MetricReportDefinition: false,
          OriginResource: true,
          RegistryPrefix: true,
          ResourceType: true,
          SubordinateResources: false,
        },
        SubordinateResourcesSupported: false,
        Subscriptions: { '@odata.id': SUBS },
        Status: { State: this.enabled ? 'Enabled' : 'Disabled', Health: 'OK' },
      }),
      patch: {
        minRole: 'Administrator',
        writable: {
          ServiceEnabled: { type: 'boolean' },
          DeliveryRetryAttempts: { type: 'integer', min: 0, max: 20 },
          DeliveryRetryIntervalSeconds: { type: 'integer', min: 1, max: 3600 },
        },
        apply: (c) => {
          if (typeof c.ServiceEnabled === 'boolean') this.enabled = c.ServiceEnabled;
          if (typeof c.DeliveryRetryAttempts === 'number') this.retryAttempts = c.DeliveryRetryAttempts;
          if (typeof c.DeliveryRetryIntervalSeconds === 'number') this.retryIntervalSeconds = c.DeliveryRetryIntervalSeconds;
        },
      },
    });

    svc.collection(SUBS, {
      type: '#EventDestinationCollection.EventDestinationCollection',
      name: 'Event Subscriptions Collection',
      members: () => [...this.subs.keys()].map((id) => `${SUBS}/${id}`),
      post: { minRole: 'Operator', handler: (body) => ({ path: this.createPush(body) }) },
    });

    svc.action(ROOT, '#EventService.SubmitTestEvent', {
      minRole: 'Operator',
      parameters: {
        MessageId: { type: 'string', required: true, pattern: /^\w+\.\d+\.\d+\.\w+$/ },
        MessageArgs: { type: 'array', items: { type: 'string' } },
        MessageSeverity: { type: 'string', allowable: ['OK', 'Warning', 'Critical'] },
        OriginOfCondition: { type: 'string' },
        EventGroupId: { type: 'integer' },
        EventTimestamp: { type: 'string' },
        EventId: { type: 'string' },
        Message: { type: 'string' },
        Severity: { type: 'string' },
        // EventService before v1.3 named the event's type here; still sent by older clients (accepted, not used).
        EventType: { type: 'string', allowable: ['StatusChange', 'ResourceUpdated', 'ResourceAdded', 'ResourceRemoved', 'Alert', 'MetricReport', 'Other'] },
      },
      actionInfo: false,
      handler: (p) => {
        const id = p.MessageId as string;
        const args = (p.MessageArgs as string[] | undefined) ?? [];
        svc.events.emit({
          MessageId: id,
          MessageArgs: args,
          Message: (p.Message as string | undefined) ?? svc.registries.expand(id, args) ?? 'Test event.',
          ...(p.MessageSeverity ? { Severity: p.MessageSeverity as 'OK' } : {}),
          ...(p.OriginOfCondition ? { OriginOfCondition: p.OriginOfCondition as string } : {}),
          ...(p.EventGroupId !== undefined ? { EventGroupId: p.EventGroupId as number } : {}),
          ...(p.EventTimestamp ? { EventTimestamp: p.EventTimestamp as string } : {}),
        });
      },
    });

    svc.route(SSE_URI, { methods: ['GET'], handler: (req, res, ctx, query) => this.openStream(req, res, ctx, query) });
  }

  private createPush(body: JsonObject): string {
    const b = validateBody(
      body,
      {
        Destination: { type: 'string', maxLength: 2048 },
        Protocol: { type: 'string', enum: ['Redfish'] },
        Context: { type: 'string', maxLength: 256 },
        SubscriptionType: { type: 'string', enum: ['RedfishEvent'] },
        EventFormatType: { type: 'string', enum: ['Event'] },
        RegistryPrefixes: { type: 'array', items: { type: 'string', enum: this.svc.registries.prefixes() } },
        MessageIds: { type: 'array', items: { type: 'string', pattern: /^[A-Za-z0-9]+(\.\d+\.\d+)?\.[A-Za-z0-9]+$/ } },
        OriginResources: { type: 'array', items: { type: 'json' } },
        ResourceTypes: { type: 'array', items: { type: 'string' } },
        Severities: { type: 'array', items: { type: 'string', enum: ['OK', 'Warning', 'Critical'] } },
        HttpHeaders: { type: 'json' },
        DeliveryRetryPolicy: { type: 'string', enum: RETRY_POLICIES },
        VerifyCertificate: { type: 'boolean' },
        Name: { type: 'string' },
      },
      { required: ['Destination', 'Protocol'] },
    );
    let url: URL;
    try {
      url = new URL(b.Destination as string);
    } catch {
      throw baseError(400, 'PropertyValueFormatError', [b.Destination as string, 'Destination'], ['#/Destination']);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw baseError(400, 'PropertyValueFormatError', [b.Destination as string, 'Destination'], ['#/Destination']);
    }
    const origins: string[] = [];
    for (const o of (b.OriginResources as unknown[] | undefined) ?? []) {
      if (!isPlainObject(o) || typeof o['@odata.id'] !== 'string') throw baseError(400, 'PropertyValueTypeError', [JSON.stringify(o), 'OriginResources'], ['#/OriginResources']);
      origins.push(o['@odata.id']);
    }
    const headers = parseHttpHeaders(b.HttpHeaders);
    const id = String(this.nextId++);
    const sub: Subscription = {
      id,
      type: 'RedfishEvent',
      context: (b.Context as string | undefined) ?? '',
      destination: url.href,
      filters: {
        ...(b.RegistryPrefixes ? { RegistryPrefixes: stringArray(b.RegistryPrefixes) } : {}),
        ...(b.MessageIds ? { MessageIds: stringArray(b.MessageIds) } : {}),
        ...(origins.length ? { OriginResources: origins } : {}),
        ...(b.ResourceTypes ? { ResourceTypes: stringArray(b.ResourceTypes) } : {}),
        ...(b.Severities ? { Severities: stringArray(b.Severities) } : {}),
      },
      policy: (b.DeliveryRetryPolicy as RetryPolicy | undefined) ?? 'TerminateAfterRetries',
      headers,
    };
    sub.queue = new PushQueue(
      url,
      () => sub.headers,
      () => sub.policy,
      { retryAttempts: () => this.retryAttempts, retryIntervalMs: () => this.retryIntervalSeconds * 1000, requestTimeoutMs: 5000 },
      this.svc.clock,
      this.svc.logger,
      (how) => {
        this.svc.logger.warn('event subscription gave up delivering', { subscription: id, destination: url.origin, how });
        if (how === 'terminate') this.removeSubscription(id);
      },
    );
    this.addSubscription(sub);
    return `${SUBS}/${id}`;
  }

  private addSubscription(sub: Subscription): void {
    this.subs.set(sub.id, sub);
    const path = `${SUBS}/${sub.id}`;
    this.svc.resource(path, {
      type: '#EventDestination.v1_13_0.EventDestination',
      get: () => ({
        Id: sub.id,
        Name: `Event Subscription ${sub.id}`,
        SubscriptionType: sub.type,
        Protocol: 'Redfish',
        Context: sub.context,
        EventFormatType: 'Event',
        ...(sub.destination ? { Destination: sub.destination } : {}),
        RegistryPrefixes: sub.filters.RegistryPrefixes ?? [],
        MessageIds: sub.filters.MessageIds ?? [],
        ResourceTypes: sub.filters.ResourceTypes ?? [],
        OriginResources: (sub.filters.OriginResources ?? []).map((o) => ({ '@odata.id': o })),
        Severities: sub.filters.Severities ?? [],
        HttpHeaders: [],
        ...(sub.type === 'RedfishEvent' ? { DeliveryRetryPolicy: sub.policy } : {}),
        Status: { State: sub.queue?.suspended ? 'Disabled' : 'Enabled', Health: 'OK' },
      }),
      ...(sub.type === 'RedfishEvent'
        ? {
            patch: {
              minRole: 'Operator' as const,
              writable: { Context: { type: 'string', maxLength: 256 }, DeliveryRetryPolicy: { type: 'string', enum: RETRY_POLICIES }, HttpHeaders: { type: 'json' } },
              apply: (c: JsonObject) => {
                const headers = c.HttpHeaders !== undefined ? parseHttpHeaders(c.HttpHeaders) : undefined;
                if (typeof c.Context === 'string') sub.context = c.Context;
                if (typeof c.DeliveryRetryPolicy === 'string') sub.policy = c.DeliveryRetryPolicy as RetryPolicy;
                if (headers) sub.headers = headers;
              },
            },
          }
        : {}),
      delete: () => this.removeSubscription(sub.id),
    });
    if (sub.type === 'RedfishEvent') {
      this.svc.action(path, '#EventDestination.ResumeSubscription', { handler: () => sub.queue?.resume() });
    }
  }

  private removeSubscription(id: string): void {
    const sub = this.subs.get(id);
    if (!sub) return;
    this.subs.delete(id);
    this.svc.router.remove(`${SUBS}/${id}`);
    sub.queue?.close();
    sub.end?.();
  }

  private openStream(req: IncomingMessage, res: ServerResponse, ctx: RequestContext, query: URLSearchParams): void {
    if (!this.enabled) throw baseError(503, 'ServiceTemporarilyUnavailable', ['60'], undefined);
    for (const key of query.keys()) {
      if (key !== '$filter') throw baseError(400, 'QueryParameterUnsupported', [key]);
    }
    const filterText = query.get('$filter');
    let filter: ((s: FilterSubject) => boolean) | undefined;
    if (filterText !== null) {
      try {
        filter = compileFilter(filterText);
      } catch (e) {
        if (e instanceof FilterPropertyError) {
          throw new RedfishError(400, [
            { MessageId: baseId('QueryParameterValueError'), MessageArgs: ['$filter'], Resolution: `Filter on one of: ${FILTER_PROPERTIES.join(', ')}.` },
          ]);
        }
        if (e instanceof FilterSyntaxError) throw baseError(400, 'QueryParameterValueFormatError', [filterText, '$filter']);
        throw e;
      }
    }
    if (this.sseCount >= this.opts.maxSseStreams) {
      throw new RedfishError(503, baseId('ServiceTemporarilyUnavailable'), ['5'], { headers: { 'Retry-After': '5' } });
    }
    const lastHeader = req.headers['last-event-id'];
    const lastId = typeof lastHeader === 'string' && /^\d+$/.test(lastHeader.trim()) ? Number(lastHeader.trim()) : undefined;

    const id = String(this.nextId++);
    const context = `sse-${randomBytes(6).toString('hex')}`;
    this.sseCount++;
    req.socket.setTimeout(0);
    req.socket.setNoDelay(true);
    res.writeHead(200, {
      'Content-Type': 'text/event-stream;charset=utf-8',
      'Cache-Control': 'no-cache',
      Connection: 'keep-alive',
      'OData-Version': '4.0',
    });
    res.write(': ftlab redfish event stream\n\n');

    const matches = (r: EventRecord): boolean => !filter || filter(this.svc.events.subject(r));
    const write = (r: EventRecord): void => {
      if (res.writableEnded || res.destroyed) return;
      res.write(`id: ${r.EventId}\ndata: ${JSON.stringify(eventPayload(r, context))}\n\n`);
      // A client that stops reading must not make the service buffer without bound.
      if (res.writableLength > 4 << 20) res.destroy();
    };
    let ended = false;
    const end = (): void => {
      if (ended) return;
      ended = true;
      this.sseCount--;
      stop();
      if (!res.writableEnded) res.end();
      this.removeSubscription(id);
    };
    const sub: Subscription = { id, type: 'SSE', context, filters: {}, policy: 'TerminateAfterRetries', headers: {}, end };
    this.addSubscription(sub);
    if (lastId !== undefined) for (const r of this.svc.events.since(lastId)) if (matches(r)) write(r);
    const stop = this.svc.events.onEvent((r) => {
      if (this.enabled && matches(r)) write(r);
    });
    res.on('close', end);
    this.svc.logger.debug('SSE stream opened', { user: ctx.user, subscription: id, filter: filterText ?? undefined });
  }
}

function parseHttpHeaders(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  const list = v === undefined || v === null ? [] : Array.isArray(v) ? v : [v];
  for (const item of list) {
    if (!isPlainObject(item)) throw baseError(400, 'PropertyValueTypeError', [JSON.stringify(item), 'HttpHeaders'], ['#/HttpHeaders']);
    for (const [k, val] of Object.entries(item)) {
      if (typeof val !== 'string' || !/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/.test(k)) {
        throw baseError(400, 'PropertyValueFormatError', [JSON.stringify(item), 'HttpHeaders'], ['#/HttpHeaders']);
      }
      out[k] = val;
    }
  }
  return out;
}
