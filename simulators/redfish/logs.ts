import type { RedfishService } from './service.ts';
import type { EventInput, EventRecord, JsonObject, Severity } from './types.ts';

export interface LogServiceOptions {
  entryType: 'Event' | 'SEL';
  name?: string;
  description?: string;
  maxRecords?: number;
  /** Append every emitted event (default: true for 'Event', false for 'SEL'). */
  captureEvents?: boolean;
}

export interface LogEntryInput {
  MessageId: string;
  MessageArgs?: readonly (string | number)[];
  Severity?: Severity;
  OriginOfCondition?: string;
  EventTimestamp?: string;
  EventGroupId?: number;
  EventId?: string;
  Message?: string;
  SensorType?: string;
  SensorNumber?: number;
  EntryCode?: string;
  Oem?: JsonObject;
}

export interface LogEntryRecord extends JsonObject {
  Id: string;
  Created: string;
  EntryType: 'Event' | 'SEL';
  MessageId: string;
  MessageArgs: string[];
  Message: string;
  Severity: Severity;
  EventTimestamp: string;
}

export interface LogHandle {
  readonly path: string;
  append(entry: LogEntryInput): LogEntryRecord;
  entries(): readonly LogEntryRecord[];
  clear(): void;
  /**
   * Called after every clear (the ClearLog action or `clear()`), e.g. to clear the store this log
   * is a view of. Returns the unsubscribe function.
   */
  onClear(fn: () => void): () => void;
}

/** All log services of one Redfish service; event-capturing ones receive every emitted event. */
export class LogServices {
  private readonly capturing: LogHandle[] = [];

  constructor(private readonly svc: RedfishService) {
    svc.events.logSink = (record: EventRecord, input: EventInput): string | undefined => {
      let first: string | undefined;
      for (const log of this.capturing) {
        const e = log.append({
          MessageId: record.MessageId,
          MessageArgs: record.MessageArgs,
          Severity: record.MessageSeverity,
          Message: record.Message,
          EventTimestamp: record.EventTimestamp,
          EventId: record.EventId,
          ...(input.OriginOfCondition !== undefined ? { OriginOfCondition: input.OriginOfCondition } : {}),
          ...(input.EventGroupId !== undefined ? { EventGroupId: input.EventGroupId } : {}),
        });
        first ??= `${log.path}/Entries/${e.Id}`;
      }
      return first;
    };
  }

  add(path: string, opts: LogServiceOptions): LogHandle {
    const svc = this.svc;
    const parent = path.slice(0, path.lastIndexOf('/'));
    if (!svc.router.entries.has(parent)) {
      svc.collection(parent, { type: '#LogServiceCollection.LogServiceCollection', name: 'Log Service Collection' });
    }
    const id = path.slice(path.lastIndexOf('/') + 1);
    const entriesPath = `${path}/Entries`;
    const max = opts.maxRecords ?? 1000;
    const list: LogEntryRecord[] = [];
    let nextId = 1;
    const entryPath = (e: LogEntryRecord): string => `${entriesPath}/${e.Id}`;
    const clearListeners = new Set<() => void>();

    svc.resource(path, {
      type: '#LogService.v1_5_0.LogService',
      get: () => ({
        Id: id,
        Name: opts.name ?? `${id} Log Service`,
        Description: opts.description ?? (opts.entryType === 'SEL' ? 'IPMI System Event Log' : 'Event log'),
        LogEntryType: opts.entryType,
        OverWritePolicy: 'WrapsWhenFull',
        MaxNumberOfRecords: max,
        DateTime: svc.timestamp(),
        DateTimeLocalOffset: '+00:00',
        ServiceEnabled: true,
        Entries: { '@odata.id': entriesPath },
        Status: { State: 'Enabled', Health: 'OK' },
      }),
    });
    svc.collection(entriesPath, {
      type: '#LogEntryCollection.LogEntryCollection',
      name: `${id} Entries`,
      members: () => list.map(entryPath),
    });

    const handle: LogHandle = {
      path,
      append: (input) => {
        const args = (input.MessageArgs ?? []).map(String);
        const now = svc.timestamp();
        const found = svc.registries.message(input.MessageId);
        const e: LogEntryRecord = {
          Id: String(nextId++),
          Name: 'Log Entry',
          EntryType: opts.entryType,
          Created: now,
          EventTimestamp: input.EventTimestamp ?? now,
          MessageId: input.MessageId,
          MessageArgs: args,
          Message: input.Message ?? svc.registries.expand(input.MessageId, args) ?? input.MessageId,
          Severity: input.Severity ?? found?.message.MessageSeverity ?? 'OK',
        };
        if (input.EventId !== undefined) e.EventId = input.EventId;
        if (input.EventGroupId !== undefined) e.EventGroupId = input.EventGroupId;
        if (input.SensorType !== undefined) e.SensorType = input.SensorType;
        if (input.SensorNumber !== undefined) e.SensorNumber = input.SensorNumber;
        if (input.EntryCode !== undefined) e.EntryCode = input.EntryCode;
        if (input.Oem !== undefined) e.Oem = input.Oem;
        if (input.OriginOfCondition !== undefined) e.Links = { OriginOfCondition: { '@odata.id': input.OriginOfCondition } };
        list.push(e);
        const snapshot = e;
        svc.resource(entryPath(e), { type: '#LogEntry.v1_15_0.LogEntry', get: () => snapshot });
        for (const old of list.splice(0, Math.max(0, list.length - max))) svc.router.remove(entryPath(old));
        return e;
      },
      entries: () => list,
      clear: () => {
        for (const e of list) svc.router.remove(entryPath(e));
        list.length = 0;
        for (const fn of [...clearListeners]) fn();
      },
      onClear: (fn) => {
        clearListeners.add(fn);
        return () => {
          clearListeners.delete(fn);
        };
      },
    };

    svc.action(path, '#LogService.ClearLog', {
      handler: () => {
        handle.clear();
        svc.events.emit({ MessageId: 'LogService.1.1.LogCleared', MessageArgs: [path], OriginOfCondition: path });
      },
    });
    if (opts.captureEvents ?? opts.entryType === 'Event') this.capturing.push(handle);
    return handle;
  }
}
