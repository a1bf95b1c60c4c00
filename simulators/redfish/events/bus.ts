import type { RegistrySet } from '../registries.ts';
import type { SutTime } from '../time.ts';
import type { EventInput, EventRecord, Severity } from '../types.ts';
import type { FilterSubject } from './filter.ts';

export type EventListener = (record: EventRecord) => void;
/** Writes the record to the event logs; returns the URI of the LogEntry written, if any. */
export type LogSink = (record: EventRecord, input: EventInput) => string | undefined;

const SEVERITIES: readonly Severity[] = ['OK', 'Warning', 'Critical'];

/**
 * The one event bus of a service: every emitted event gets an EventId, is logged, kept in a
 * ring buffer for Last-Event-ID replay, and handed to every listener (SSE streams, push
 * subscriptions, in-process observers) in emission order.
 */
export class EventBus {
  private seq = 0;
  private groupSeq = 0;
  private readonly ring: EventRecord[] = [];
  private readonly listeners = new Set<EventListener>();
  logSink: LogSink | undefined;

  constructor(
    private readonly registries: RegistrySet,
    private readonly time: SutTime,
    private readonly bufferSize: number,
    private readonly resourceTypeOf: (path: string) => string | undefined,
  ) {}

  /** A fresh EventGroupId for the messages of one transition. */
  newGroupId(): number {
    return ++this.groupSeq;
  }

  emit(input: EventInput): EventRecord {
    const found = this.registries.message(input.MessageId);
    if (!found && input.Message === undefined) {
      throw new TypeError(`event ${JSON.stringify(input.MessageId)}: no registry defines it (give Message to emit it anyway)`);
    }
    const args = (input.MessageArgs ?? []).map(String);
    if (found && input.Message === undefined && args.length !== found.message.NumberOfArgs) {
      throw new TypeError(`event ${input.MessageId}: expects ${found.message.NumberOfArgs} MessageArgs, got ${args.length}`);
    }
    const severity = input.Severity ?? found?.message.MessageSeverity ?? 'OK';
    if (!SEVERITIES.includes(severity)) throw new TypeError(`event ${input.MessageId}: Severity must be OK, Warning or Critical`);
    const record: EventRecord = {
      EventId: String(++this.seq),
      EventTimestamp: input.EventTimestamp ?? this.time.iso(),
      MessageId: input.MessageId,
      MessageArgs: args,
      Message: input.Message ?? this.registries.expand(input.MessageId, args) ?? input.MessageId,
      MessageSeverity: severity,
    };
    if (input.OriginOfCondition !== undefined) record.OriginOfCondition = { '@odata.id': input.OriginOfCondition };
    if (input.EventGroupId !== undefined) record.EventGroupId = input.EventGroupId;
    if (input.Oem !== undefined) record.Oem = input.Oem;
    if (input.log !== false && this.logSink) {
      const entry = this.logSink(record, input);
      if (entry) record.LogEntry = { '@odata.id': entry };
    }
    this.ring.push(record);
    if (this.ring.length > this.bufferSize) this.ring.shift();
    for (const l of [...this.listeners]) l(record);
    return record;
  }

  /** Buffered events with an EventId greater than `lastId` (oldest first). */
  since(lastId: number): EventRecord[] {
    return this.ring.filter((r) => Number(r.EventId) > lastId);
  }

  lastEventId(): number {
    return this.seq;
  }

  onEvent(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  subject(r: EventRecord): FilterSubject {
    const origin = r.OriginOfCondition?.['@odata.id'];
    return {
      EventFormatType: 'Event',
      MessageId: r.MessageId,
      RegistryPrefix: r.MessageId.split('.')[0],
      OriginResource: origin,
      ResourceType: origin ? this.resourceTypeOf(origin) : undefined,
      MessageSeverity: r.MessageSeverity,
    };
  }
}

/** `#ComputerSystem.v1_20_0.ComputerSystem` → `ComputerSystem`. */
export function resourceTypeName(odataType: string): string {
  return odataType.replace(/^#/, '').split('.')[0] ?? odataType;
}
