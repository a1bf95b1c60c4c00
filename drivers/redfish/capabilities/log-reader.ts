/**
 * LogReader over Redfish LogServices: the services under the system and the managers whose
 * LogEntryType is Event or SEL; entries read from the Entries collection (inline members are
 * used as they are, links are fetched); clearing through `#LogService.ClearLog`.
 */
import type { LogKind, LogReader, LogRecord } from '../../capabilities/log-reader.ts';
import type { RedfishClient } from '../client.ts';
import type { RedfishDiscovery } from '../discovery.ts';
import { RedfishProtocolError } from '../errors.ts';
import { isObject, linkOf } from '../json.ts';
import { parseLogEntry, type LogEntryView, type LogServiceView } from '../views.ts';

const KINDS: readonly LogKind[] = ['Event', 'SEL'];

/**
 * The kind of a log service: its LogEntryType; services older than LogService v1_3_0 have none,
 * then an Id or Name mentioning SEL means SEL, anything else Event.
 */
export function logKindOf(svc: LogServiceView): LogKind | null {
  if (svc.entryType === 'Event' || svc.entryType === 'SEL') return svc.entryType;
  if (svc.entryType !== null) return null;
  return /\bSEL\b/i.test(`${svc.id} ${svc.name ?? ''}`) ? 'SEL' : 'Event';
}

function toRecord(e: LogEntryView): LogRecord {
  return {
    id: e.id,
    created: e.created ?? '',
    eventTimestamp: e.eventTimestamp,
    messageId: e.messageId ?? '',
    messageArgs: e.messageArgs,
    message: e.message,
    severity: e.severity ?? 'OK',
    originOfCondition: e.originOfCondition,
    ...(e.sensorType !== null ? { sensorType: e.sensorType } : {}),
    ...(e.sensorNumber !== null ? { sensorNumber: e.sensorNumber } : {}),
    ...(e.entryCode !== null ? { entryCode: e.entryCode } : {}),
  };
}

export class RedfishLogReader implements LogReader {
  readonly kind = 'LogReader' as const;
  constructor(
    private readonly client: RedfishClient,
    private readonly discovery: RedfishDiscovery,
  ) {}

  async logs(): Promise<LogKind[]> {
    const services = await this.discovery.logServices();
    return KINDS.filter((k) => services.some((s) => logKindOf(s) === k));
  }

  /** The first log service of that kind (the system's before the managers'). */
  private async service(kind: LogKind, signal?: AbortSignal): Promise<LogServiceView> {
    const services = await this.discovery.logServices(undefined, signal ? { signal } : {});
    const found = services.find((s) => logKindOf(s) === kind);
    if (!found) {
      throw new RedfishProtocolError(
        'LogServices',
        'LogEntryType',
        `no log service of type ${kind} (found: ${services.map((s) => `${s.path} ${s.entryType ?? '?'}`).join(', ') || 'none'})`,
      );
    }
    return found;
  }

  async entries(kind: LogKind, signal?: AbortSignal): Promise<LogRecord[]> {
    const sig = signal ? { signal } : {};
    const svc = await this.service(kind, signal);
    const collection = svc.entries ?? `${svc.path}/Entries`;
    const out: LogRecord[] = [];
    let next: string | null = collection;
    const seen = new Set<string>();
    while (next && !seen.has(next)) {
      seen.add(next);
      const page = await this.client.getJson(next, sig);
      if (!Array.isArray(page.Members)) throw new RedfishProtocolError(next, 'Members', 'expected an array');
      for (const m of page.Members) {
        const link = linkOf(m);
        if (isObject(m) && Object.keys(m).length > 1 && typeof m.Id === 'string') out.push(toRecord(parseLogEntry(m, link ?? next)));
        else if (link) out.push(toRecord(parseLogEntry(await this.client.getJson(link, sig), link)));
        else throw new RedfishProtocolError(next, 'Members', 'expected entries or links to entries');
      }
      const nl = page['Members@odata.nextLink'];
      next = typeof nl === 'string' ? this.client.toPath(nl) : null;
    }
    return out;
  }

  async clear(kind: LogKind, signal?: AbortSignal): Promise<void> {
    const svc = await this.service(kind, signal);
    await this.client.postAction(svc.path, '#LogService.ClearLog', {}, signal ? { signal } : {});
  }
}
