/**
 * The SEL of one emulated BMC: records with BMC-assigned IDs, timestamps from the injected clock
 * (plus the offset Set SEL Time applied), reservations (§31.4), and wrap-when-full.
 */
import type { Clock } from '../../lib/clock.ts';
import { decodeSelRecord, encodeSelRecord, EVM_REV_IPMI2, type SelRecord, type SelSystemEvent } from '../../drivers/ipmi/codec/sel.ts';
import { LAST_RECORD_ID } from '../../drivers/ipmi/codec/commands/sel-commands.ts';

/** A new system event; the store assigns the record ID and timestamp. */
export interface SelEventInput {
  sensorType: number;
  sensorNumber: number;
  /** Event/Reading type code (01h threshold, 6Fh sensor-specific, 02h..0Ch generic). */
  eventType: number;
  assertion: boolean;
  /** Event Data 1..3; byte 1's low nibble is the offset. Unused bytes are 0xFF. */
  eventData: [number, number, number];
  /** Defaults to 0x0020: the BMC (slave address 0x20), channel 0, LUN 0. */
  generatorId?: number;
}

export const FIRST_RECORD_ID = 0x0000;
export { LAST_RECORD_ID };

export class SelStore {
  private records: SelRecord[] = [];
  private nextId = 1;
  private reservation = 0;
  private offsetMs = 0;
  private lastAdd = 0xffffffff;
  private lastErase = 0xffffffff;
  private readonly listeners = new Set<(r: SelRecord) => void>();
  private readonly clearListeners = new Set<() => void>();

  constructor(
    private readonly clock: Clock,
    readonly capacity = 512,
  ) {}

  /** SEL time in seconds since 1970 (Get SEL Time). */
  time(): number {
    return Math.max(0, Math.floor((this.clock.wallNow() + this.offsetMs) / 1000)) >>> 0;
  }

  setTime(seconds: number): void {
    this.offsetMs = seconds * 1000 - this.clock.wallNow();
  }

  add(e: SelEventInput): SelSystemEvent {
    const rec: SelSystemEvent = {
      kind: 'system',
      recordId: this.allocateId(),
      timestamp: this.time(),
      generatorId: e.generatorId ?? 0x0020,
      evmRev: EVM_REV_IPMI2,
      sensorType: e.sensorType,
      sensorNumber: e.sensorNumber,
      assertion: e.assertion,
      eventType: e.eventType,
      eventData: e.eventData,
    };
    encodeSelRecord(rec); // validates every field before the record is stored
    this.store(rec);
    return rec;
  }

  /**
   * Add SEL Entry (§31.6): the 16 bytes as sent; the BMC sets the record ID and, for timestamped
   * types, the timestamp. Returns the record ID, or undefined when the bytes are not a valid record.
   */
  addRaw(bytes: Buffer): number | undefined {
    const d = decodeSelRecord(bytes);
    if (!d.ok) return undefined;
    const rec = d.value;
    rec.recordId = this.allocateId();
    if (rec.kind !== 'oem') rec.timestamp = this.time();
    this.store(rec);
    return rec.recordId;
  }

  list(): readonly SelRecord[] {
    return this.records;
  }

  /** Get SEL Entry's view: the record for an ID (0000h first, FFFFh last) and the ID after it (FFFFh at the end). */
  lookup(id: number): { record: SelRecord; next: number } | undefined {
    if (this.records.length === 0) return undefined;
    const i = id === FIRST_RECORD_ID ? 0 : id === LAST_RECORD_ID ? this.records.length - 1 : this.records.findIndex((r) => r.recordId === id);
    const record = this.records[i];
    if (i < 0 || !record) return undefined;
    return { record, next: this.records[i + 1]?.recordId ?? LAST_RECORD_ID };
  }

  reserve(): number {
    this.reservation = (this.reservation % 0xffff) + 1;
    return this.reservation;
  }

  isReserved(id: number): boolean {
    return id !== 0 && id === this.reservation;
  }

  clear(): void {
    this.records = [];
    this.lastErase = this.time();
    this.reservation = 0;
    for (const fn of this.clearListeners) fn();
  }

  /** Called after every clear; returns the unsubscribe function. */
  onClear(fn: () => void): () => void {
    this.clearListeners.add(fn);
    return () => this.clearListeners.delete(fn);
  }

  info(): { entries: number; freeBytes: number; lastAddition: number; lastErase: number } {
    return { entries: this.records.length, freeBytes: (this.capacity - this.records.length) * 16, lastAddition: this.lastAdd, lastErase: this.lastErase };
  }

  /** Called with every new record; returns the unsubscribe function. */
  onAdd(fn: (r: SelRecord) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  private allocateId(): number {
    for (;;) {
      const id = this.nextId;
      this.nextId = id >= 0xfffe ? 1 : id + 1;
      if (!this.records.some((r) => r.recordId === id)) return id;
    }
  }

  private store(rec: SelRecord): void {
    if (this.records.length >= this.capacity) this.records.shift(); // wraps when full
    this.records.push(rec);
    this.lastAdd = rec.kind === 'oem' ? this.time() : rec.timestamp;
    for (const fn of this.listeners) fn(rec);
  }
}
