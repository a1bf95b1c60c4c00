/**
 * SEL (System Event Log) records, IPMI v2.0 §32: encode and decode the 16-byte record, plus the
 * names of sensor types and event offsets that people and LogRecords show.
 * Pure functions, no I/O. Used by the server (simulators/ipmi) and the client (Get SEL Entry).
 */
import { byteAt, checkByte, decoding, type Decoded } from './bytes.ts';
import { PLATFORM_SENSOR_OFFSETS } from './sel-sensor-specific.ts';

export const SEL_RECORD_LENGTH = 16;
/** Record type 02h: system event record. C0h–DFh OEM timestamped, E0h–FFh OEM non-timestamped. */
export const SEL_TYPE_SYSTEM_EVENT = 0x02;
/** Event Message revision for IPMI v2.0 / 1.5 (§29.7). */
export const EVM_REV_IPMI2 = 0x04;

export interface SelSystemEvent {
  kind: 'system';
  recordId: number;
  /** Seconds since 1970-01-01 UTC (§37: values ≤ 0x20000000 are "seconds since init"). */
  timestamp: number;
  /**
   * Generator ID (§32.1): bits 7..1 of the low byte are the IPMB slave address or software ID,
   * bit 0 = 1 for a software ID; the high byte holds channel (bits 7..4) and LUN (bits 1..0).
   */
  generatorId: number;
  evmRev: number;
  sensorType: number;
  sensorNumber: number;
  /** true: assertion event; false: deassertion (bit 7 of Event Dir/Type). */
  assertion: boolean;
  /** Event/Reading type code (§42.1): 01h threshold, 02h–0Ch generic, 6Fh sensor-specific. */
  eventType: number;
  eventData: [number, number, number];
}

export interface SelOemTimestamped {
  kind: 'oem-timestamped';
  recordId: number;
  recordType: number;
  timestamp: number;
  manufacturerId: number;
  oemData: Buffer;
}

export interface SelOemRecord {
  kind: 'oem';
  recordId: number;
  recordType: number;
  oemData: Buffer;
}

export type SelRecord = SelSystemEvent | SelOemTimestamped | SelOemRecord;

const checkInt = checkByte;

/** Encode one record; out-of-range fields are programming errors (RangeError). */
export function encodeSelRecord(r: SelRecord): Buffer {
  const b = Buffer.alloc(SEL_RECORD_LENGTH);
  checkInt('SEL record id', r.recordId, 0xffff);
  b.writeUInt16LE(r.recordId, 0);
  if (r.kind === 'system') {
    checkInt('SEL timestamp', r.timestamp, 0xffffffff);
    checkInt('SEL generator id', r.generatorId, 0xffff);
    checkInt('SEL EvM revision', r.evmRev, 0xff);
    checkInt('SEL sensor type', r.sensorType, 0xff);
    checkInt('SEL sensor number', r.sensorNumber, 0xff);
    checkInt('SEL event type', r.eventType, 0x7f);
    b[2] = SEL_TYPE_SYSTEM_EVENT;
    b.writeUInt32LE(r.timestamp, 3);
    b.writeUInt16LE(r.generatorId, 7);
    b[9] = r.evmRev;
    b[10] = r.sensorType;
    b[11] = r.sensorNumber;
    b[12] = (r.assertion ? 0 : 0x80) | r.eventType;
    r.eventData.forEach((v, i) => {
      checkInt(`SEL event data ${i + 1}`, v, 0xff);
      b[13 + i] = v;
    });
    return b;
  }
  checkInt('SEL record type', r.recordType, 0xff);
  b[2] = r.recordType;
  if (r.kind === 'oem-timestamped') {
    if (r.recordType < 0xc0 || r.recordType > 0xdf) throw new RangeError(`SEL record type must be C0h..DFh for an OEM timestamped record, got ${hex(r.recordType)}`);
    if (r.oemData.length !== 6) throw new RangeError(`SEL OEM data must be 6 bytes, got ${r.oemData.length}`);
    checkInt('SEL timestamp', r.timestamp, 0xffffffff);
    checkInt('SEL manufacturer id', r.manufacturerId, 0xffffff);
    b.writeUInt32LE(r.timestamp, 3);
    b.writeUIntLE(r.manufacturerId, 7, 3);
    r.oemData.copy(b, 10);
    return b;
  }
  if (r.recordType < 0xe0) throw new RangeError(`SEL record type must be E0h..FFh for an OEM non-timestamped record, got ${hex(r.recordType)}`);
  if (r.oemData.length !== 13) throw new RangeError(`SEL OEM data must be 13 bytes, got ${r.oemData.length}`);
  r.oemData.copy(b, 3);
  return b;
}

/** Decode one 16-byte SEL record (extra bytes after it are ignored). Never throws. */
export function decodeSelRecord(input: Uint8Array): Decoded<SelRecord> {
  return decoding('SEL record', input, (r) => {
    if (r.remaining < SEL_RECORD_LENGTH) r.fail(`${SEL_RECORD_LENGTH} bytes, got ${r.remaining}`);
    return decodeSel16(r.bytes(SEL_RECORD_LENGTH, 'SEL record'), (msg) => r.fail(msg, 2));
  });
}

function decodeSel16(buf: Buffer, fail: (expectation: string) => never): SelRecord {
  const recordId = buf.readUInt16LE(0);
  const recordType = byteAt(buf, 2, 'record type');
  if (recordType >= 0xe0) return { kind: 'oem', recordId, recordType, oemData: Buffer.from(buf.subarray(3, 16)) };
  if (recordType >= 0xc0) {
    return {
      kind: 'oem-timestamped',
      recordId,
      recordType,
      timestamp: buf.readUInt32LE(3),
      manufacturerId: buf.readUIntLE(7, 3),
      oemData: Buffer.from(buf.subarray(10, 16)),
    };
  }
  // §32.1: every type below C0h other than 02h is "unspecified"; decode 02h only.
  if (recordType !== SEL_TYPE_SYSTEM_EVENT) fail(`record type 02h or C0h..FFh, got ${hex(recordType)}`);
  const dirType = byteAt(buf, 12, 'event direction / type');
  return {
    kind: 'system',
    recordId,
    timestamp: buf.readUInt32LE(3),
    generatorId: buf.readUInt16LE(7),
    evmRev: byteAt(buf, 9, 'EvM revision'),
    sensorType: byteAt(buf, 10, 'sensor type'),
    sensorNumber: byteAt(buf, 11, 'sensor number'),
    assertion: (dirType & 0x80) === 0,
    eventType: dirType & 0x7f,
    eventData: [byteAt(buf, 13, 'event data 1'), byteAt(buf, 14, 'event data 2'), byteAt(buf, 15, 'event data 3')],
  };
}

function hex(v: number): string {
  return `${v.toString(16).toUpperCase().padStart(2, '0')}h`;
}

/** Sensor type codes (§42.2, Table 42-3). */
export const SENSOR_TYPE_NAMES: Readonly<Record<number, string>> = {
  0x01: 'Temperature',
  0x02: 'Voltage',
  0x03: 'Current',
  0x04: 'Fan',
  0x05: 'Physical Security',
  0x06: 'Platform Security',
  0x07: 'Processor',
  0x08: 'Power Supply',
  0x09: 'Power Unit',
  0x0a: 'Cooling Device',
  0x0b: 'Other Units-based Sensor',
  0x0c: 'Memory',
  0x0d: 'Drive Slot',
  0x0e: 'POST Memory Resize',
  0x0f: 'System Firmware Progress',
  0x10: 'Event Logging Disabled',
  0x11: 'Watchdog 1',
  0x12: 'System Event',
  0x13: 'Critical Interrupt',
  0x14: 'Button/Switch',
  0x15: 'Module/Board',
  0x16: 'Microcontroller/Coprocessor',
  0x17: 'Add-in Card',
  0x18: 'Chassis',
  0x19: 'Chip Set',
  0x1a: 'Other FRU',
  0x1b: 'Cable/Interconnect',
  0x1c: 'Terminator',
  0x1d: 'System Boot Initiated',
  0x1e: 'Boot Error',
  0x1f: 'OS Boot',
  0x20: 'OS Critical Stop',
  0x21: 'Slot/Connector',
  0x22: 'System ACPI Power State',
  0x23: 'Watchdog 2',
  0x24: 'Platform Alert',
  0x25: 'Entity Presence',
  0x26: 'Monitor ASIC',
  0x27: 'LAN',
  0x28: 'Management Subsystem Health',
  0x29: 'Battery',
  0x2a: 'Session Audit',
  0x2b: 'Version Change',
  0x2c: 'FRU State',
};

export function sensorTypeName(code: number): string {
  return SENSOR_TYPE_NAMES[code] ?? (code >= 0xc0 ? `OEM ${hex(code)}` : `Sensor type ${hex(code)}`);
}

/** Event/Reading type codes. */
export const EVENT_TYPE_THRESHOLD = 0x01;
export const EVENT_TYPE_SENSOR_SPECIFIC = 0x6f;

const THRESHOLD_OFFSETS = [
  'Lower Non-critical going low',
  'Lower Non-critical going high',
  'Lower Critical going low',
  'Lower Critical going high',
  'Lower Non-recoverable going low',
  'Lower Non-recoverable going high',
  'Upper Non-critical going low',
  'Upper Non-critical going high',
  'Upper Critical going low',
  'Upper Critical going high',
  'Upper Non-recoverable going low',
  'Upper Non-recoverable going high',
];

/** Generic event/reading type codes 02h–0Ch (§42.2, Table 42-2), by offset. */
const GENERIC_OFFSETS: Readonly<Record<number, readonly string[]>> = {
  0x02: ['Transition to Idle', 'Transition to Active', 'Transition to Busy'],
  0x03: ['State Deasserted', 'State Asserted'],
  0x04: ['Predictive Failure deasserted', 'Predictive Failure asserted'],
  0x05: ['Limit Not Exceeded', 'Limit Exceeded'],
  0x06: ['Performance Met', 'Performance Lags'],
  0x07: [
    'Transition to OK',
    'Transition to Non-Critical from OK',
    'Transition to Critical from less severe',
    'Transition to Non-recoverable from less severe',
    'Transition to Non-Critical from more severe',
    'Transition to Critical from Non-recoverable',
    'Transition to Non-recoverable',
    'Monitor',
    'Informational',
  ],
  0x08: ['Device Removed / Device Absent', 'Device Inserted / Device Present'],
  0x09: ['Device Disabled', 'Device Enabled'],
  0x0a: [
    'Transition to Running',
    'Transition to In Test',
    'Transition to Power Off',
    'Transition to On Line',
    'Transition to Off Line',
    'Transition to Off Duty',
    'Transition to Degraded',
    'Transition to Power Save',
    'Install Error',
  ],
  0x0b: [
    'Fully Redundant',
    'Redundancy Lost',
    'Redundancy Degraded',
    'Non-redundant:Sufficient Resources from Redundant',
    'Non-redundant:Sufficient Resources from Insufficient Resources',
    'Non-redundant:Insufficient Resources',
    'Redundancy Degraded from Fully Redundant',
    'Redundancy Degraded from Non-redundant',
  ],
  0x0c: ['D0 Power State', 'D1 Power State', 'D2 Power State', 'D3 Power State'],
};

/** Sensor-specific offsets (event type 6Fh) for the sensor types the lab emits (§42.2, Table 42-3). */
const SENSOR_SPECIFIC_OFFSETS: Readonly<Record<number, ReadonlyArray<string | undefined>>> = {
  ...PLATFORM_SENSOR_OFFSETS,
  0x07: [
    'IERR',
    'Thermal Trip',
    'FRB1/BIST failure',
    'FRB2/Hang in POST failure',
    'FRB3/Processor Startup/Initialization failure',
    'Configuration Error',
    'SM BIOS Uncorrectable CPU-complex Error',
    'Processor Presence detected',
    'Processor disabled',
    'Terminator Presence Detected',
    'Processor Automatically Throttled',
    'Machine Check Exception (Uncorrectable)',
    'Correctable Machine Check Error',
  ],
  0x08: ['Presence detected', 'Power Supply Failure detected', 'Predictive Failure', 'Power Supply input lost (AC/DC)'],
  0x0c: [
    'Correctable ECC',
    'Uncorrectable ECC',
    'Parity',
    'Memory Scrub Failed',
    'Memory Device Disabled',
    'Correctable ECC logging limit reached',
    'Presence detected',
    'Configuration error',
    'Spare',
    'Memory Automatically Throttled',
    'Critical Overtemperature',
  ],
  0x13: [
    'Front Panel NMI / Diagnostic Interrupt',
    'Bus Timeout',
    'I/O channel check NMI',
    'Software NMI',
    'PCI PERR',
    'PCI SERR',
    'EISA Fail Safe Timeout',
    'Bus Correctable Error',
    'Bus Uncorrectable Error',
    'Fatal NMI',
    'Bus Fatal Error',
    'Bus Degraded',
  ],
  0x20: ['Critical stop during OS load', 'Run-time Critical Stop', 'OS Graceful Stop', 'OS Graceful Shutdown', 'Soft Shutdown initiated by PEF', 'Agent Not Responding'],
  0x22: [
    'S0/G0: working',
    'S1: sleeping with system h/w & processor context maintained',
    'S2: sleeping, processor context lost',
    'S3: sleeping, processor & h/w context lost, memory retained',
    'S4: non-volatile sleep/suspend-to-disk',
    'S5/G2: soft-off',
    'S4/S5: soft-off, particular S4/S5 state cannot be determined',
    'G3: mechanical off',
  ],
  0x21: [
    'Fault Status asserted',
    'Identify Status asserted',
    'Slot / Connector Device installed/attached',
    'Slot / Connector Ready for Device Installation',
    'Slot/Connector Ready for Device Removal',
    'Slot Power is Off',
    'Slot / Connector Device Removal Request',
    'Interlock asserted',
    'Slot is Disabled',
    'Slot holds spare device',
  ],
  0x25: ['Entity Present', 'Entity Absent', 'Entity Disabled'],
  0x28: [
    'Sensor access degraded or unavailable',
    'Controller access degraded or unavailable',
    'Management controller off-line',
    'Management controller unavailable',
    'Sensor failure',
    'FRU failure',
  ],
  0x2c: [
    'FRU Not Installed',
    'FRU Inactive',
    'FRU Activation Requested',
    'FRU Activation In Progress',
    'FRU Active',
    'FRU Deactivation Requested',
    'FRU Deactivation In Progress',
    'FRU Communication Lost',
  ],
};

/** The event offset (bits 3..0 of Event Data 1). */
export function eventOffset(r: SelSystemEvent): number {
  return r.eventData[0] & 0x0f;
}

/**
 * The event's name as ipmitool/Redfish show it (e.g. "Redundancy Lost", "Bus Fatal Error",
 * "Upper Critical going high"), or a generic "Offset 0Xh" when the code is not in the tables.
 */
export function describeEvent(r: SelSystemEvent): string {
  return offsetName(r, eventOffset(r));
}

/**
 * Names of the discrete states asserted in a sensor's state mask (Get Sensor Reading, bits 0–14:
 * bit N = offset N), as describeEvent names the event of that offset for this sensor.
 */
export function assertedStateNames(sensor: { sensorType: number; eventType: number }, states: number): string[] {
  const names: string[] = [];
  for (let off = 0; off < 15; off++) if ((states >> off) & 1) names.push(offsetName(sensor, off));
  return names;
}

function offsetName(s: { sensorType: number; eventType: number }, off: number): string {
  let table: ReadonlyArray<string | undefined> | undefined;
  if (s.eventType === EVENT_TYPE_THRESHOLD) table = THRESHOLD_OFFSETS;
  else if (s.eventType === EVENT_TYPE_SENSOR_SPECIFIC) table = SENSOR_SPECIFIC_OFFSETS[s.sensorType];
  else table = GENERIC_OFFSETS[s.eventType];
  return table?.[off] ?? `Offset ${hex(off)}`;
}

/** The message ID of a SEL entry in Redfish (`0xNNaabbcc`, redfish-model.md §1.5): sensor type, event dir/type, event data 1 and 2. */
export function selMessageId(r: SelSystemEvent): string {
  const bytes = [r.sensorType, (r.assertion ? 0 : 0x80) | r.eventType, r.eventData[0], r.eventData[1]];
  return `0x${bytes.map((v) => v.toString(16).toUpperCase().padStart(2, '0')).join('')}`;
}

/** Severity as Redfish shows it, from the event kind (recovery events OK, losses Critical/Warning). */
export function eventSeverity(r: SelSystemEvent): 'OK' | 'Warning' | 'Critical' {
  const off = eventOffset(r);
  if (!r.assertion) return 'OK';
  if (r.eventType === EVENT_TYPE_THRESHOLD) return off >= 0x08 || (off >= 0x02 && off <= 0x05) ? 'Critical' : 'Warning';
  if (r.eventType === 0x0b) return off === 0 ? 'OK' : off === 1 || off === 5 ? 'Critical' : 'Warning';
  if (r.eventType === 0x08) return off === 1 ? 'OK' : 'Warning';
  if (r.eventType === EVENT_TYPE_SENSOR_SPECIFIC) {
    if (r.sensorType === 0x25) return off === 0 ? 'OK' : 'Warning';
    if (r.sensorType === 0x07) return off === 7 || off === 0x0c ? (off === 7 ? 'OK' : 'Warning') : 'Critical';
    if (r.sensorType === 0x13) return off === 7 || off === 0x0b ? 'Warning' : 'Critical';
    if (r.sensorType === 0x0c) return off === 0 || off === 5 || off === 6 ? (off === 6 ? 'OK' : 'Warning') : 'Critical';
  }
  return 'Warning';
}

/** A SEL timestamp as ISO 8601 UTC; values up to 0x20000000 are relative to BMC init (§37.1) and shown as such. */
export function selTimestampIso(ts: number): string {
  if (ts <= 0x20000000) return `+${ts}s since BMC init`;
  return new Date(ts * 1000).toISOString().replace('.000Z', 'Z');
}
