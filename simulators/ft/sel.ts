/**
 * The ft server's one System Event Log. The IPMI SEL store (simulators/ipmi/sel-store.ts) is the
 * source of truth: model events become SEL records (ipmi-sel-feed.ts), and so do records added
 * over IPMI (Add SEL Entry). The Redfish `Systems/ft0/LogServices/SEL` log is a view of that store
 * kept in step both ways: every record added to the store is appended to the view (same capacity,
 * so both wrap alike), and a clear on either side (IPMI Clear SEL, Redfish ClearLog) clears both.
 * It exists whether or not IPMI is served, so the Redfish SEL view is the same in both cases.
 */
import { describeEvent, eventSeverity, selMessageId, sensorTypeName, type SelRecord } from '../../drivers/ipmi/codec/sel.ts';
import { errorMessage } from '../../lib/errors.ts';
import type { Logger } from '../../lib/log.ts';
import type { LogEntryInput, LogHandle } from '../redfish/index.ts';
import { selEventsFor } from './ipmi-sel-feed.ts';
import { SelStore } from '../ipmi/sel-store.ts';
import type { FtModel } from './model.ts';

/** Records the SEL holds before it wraps (the Redfish view's MaxNumberOfRecords is the same). */
export const FT_SEL_CAPACITY = 1000;

const hex2 = (n: number): string => n.toString(16).padStart(2, '0');

/** How one SEL record reads in the Redfish SEL log (EntryType SEL; redfish-model.md §1.5). */
export function selRecordToLogEntry(r: SelRecord): LogEntryInput {
  if (r.kind === 'system') {
    const type = sensorTypeName(r.sensorType);
    const what = describeEvent(r);
    return {
      MessageId: selMessageId(r),
      Severity: eventSeverity(r),
      SensorType: type,
      SensorNumber: r.sensorNumber,
      EntryCode: what,
      Message: `${type} sensor 0x${hex2(r.sensorNumber)}: ${what} ${r.assertion ? 'asserted' : 'deasserted'}`,
      EventTimestamp: new Date(r.timestamp * 1000).toISOString(),
      EventId: String(r.recordId),
    };
  }
  return {
    MessageId: `0x${hex2(r.recordType).toUpperCase()}000000`,
    Severity: 'OK',
    EntryCode: 'OEM',
    Message: `OEM SEL record type 0x${hex2(r.recordType)}: ${r.oemData.toString('hex')}`,
    ...(r.kind === 'oem-timestamped' ? { EventTimestamp: new Date(r.timestamp * 1000).toISOString() } : {}),
    EventId: String(r.recordId),
  };
}

export interface FtSel {
  /** The store both protocols read and write. */
  readonly store: SelStore;
  /** Stop feeding and syncing (the store keeps its records). */
  close(): void;
}

/** Create the SEL of one ft server and bind it to its Redfish SEL log. */
export function mountFtSel(model: FtModel, view: LogHandle, logger: Logger): FtSel {
  const store = new SelStore(model.clock, FT_SEL_CAPACITY);
  // One side's clear triggers the other's; the flag stops the echo.
  let clearing = false;
  const clearBoth = (other: () => void): void => {
    if (clearing) return;
    clearing = true;
    try {
      other();
    } finally {
      clearing = false;
    }
  };
  const offs = [
    store.onAdd((r) => {
      try {
        view.append(selRecordToLogEntry(r));
      } catch (e) {
        logger.warn(`SEL record 0x${r.recordId.toString(16)} not shown in the Redfish SEL log: ${errorMessage(e)}`, { component: 'ft' });
      }
    }),
    store.onClear(() => clearBoth(() => view.clear())),
    view.onClear(() => clearBoth(() => store.clear())),
    model.on((e) => {
      const deviceIndex = (id: string): number => Math.max(0, model.devicesList().findIndex((d) => d.id === id));
      for (const input of selEventsFor(e, deviceIndex)) store.add(input);
    }),
  ];
  return {
    store,
    close: () => {
      for (const off of offs) off();
    },
  };
}
