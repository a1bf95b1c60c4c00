/**
 * SDR (Sensor Data Record) records, IPMI v2.0 §43: encode and decode the record types the lab
 * uses (01h full sensor, 02h compact sensor, 03h event-only, 12h MC device locator; any other
 * type is kept as raw bytes), and the reading conversion of §36.3.
 * Pure functions, no I/O. Used by the server (simulators/ipmi) and the client (Get SDR).
 */
import { IpmiDecodeError } from './errors.ts';
import { byteAt, decoding, type Decoded } from './bytes.ts';

export const SDR_VERSION = 0x51;
export const SDR_HEADER_LENGTH = 5;
export const SDR_TYPE_FULL = 0x01;
export const SDR_TYPE_COMPACT = 0x02;
export const SDR_TYPE_EVENT_ONLY = 0x03;
export const SDR_TYPE_MC_LOCATOR = 0x12;
/** Longest ID string a record holds (§43.15: 16 bytes in 8-bit ASCII + Latin-1). */
export const SDR_ID_MAX = 16;

export interface SdrHeader {
  recordId: number;
  version: number;
  recordType: number;
  /** Bytes following the 5-byte header. */
  bodyLength: number;
}

/** Fields shared by sensor records (full, compact, event-only). */
export interface SdrSensorKey {
  recordId: number;
  /** Sensor owner ID: bits 7..1 slave address / software ID, bit 0 = 1 for a software ID. */
  ownerId: number;
  ownerLun: number;
  sensorNumber: number;
  entityId: number;
  entityInstance: number;
  sensorType: number;
  /** Event/Reading type code: 01h threshold, 6Fh sensor-specific, 02h..0Ch generic. */
  eventType: number;
  idString: string;
}

export interface SdrThresholds {
  lnc?: number;
  lcr?: number;
  lnr?: number;
  unc?: number;
  ucr?: number;
  unr?: number;
}

export const THRESHOLD_ORDER = ['lnc', 'lcr', 'lnr', 'unc', 'ucr', 'unr'] as const;
export type ThresholdName = (typeof THRESHOLD_ORDER)[number];

export type AnalogFormat = 'unsigned' | 'ones-complement' | 'twos-complement' | 'none';

export interface SdrFullSensor extends SdrSensorKey {
  kind: 'full';
  initialization: number;
  capabilities: number;
  assertionMask: number;
  deassertionMask: number;
  /** Discrete reading mask, or settable (bits 13..8) / readable (bits 5..0) threshold mask. */
  readingMask: number;
  analogFormat: AnalogFormat;
  /** Sensor Units 1 bits 5..0: rate unit (5..3), modifier relation (2..1), percentage (0). */
  unitsFlags: number;
  baseUnit: number;
  modifierUnit: number;
  linearization: number;
  /** 10-bit two's complement. */
  m: number;
  /** 10-bit two's complement. */
  b: number;
  tolerance: number;
  accuracy: number;
  accuracyExp: number;
  direction: number;
  /** 4-bit two's complement exponents. */
  rExp: number;
  bExp: number;
  analogFlags: number;
  nominal: number;
  normalMax: number;
  normalMin: number;
  sensorMax: number;
  sensorMin: number;
  /** Raw threshold values (absent = 0 on the wire); the readable mask says which are real. */
  thresholds: SdrThresholds;
  hysteresisPositive: number;
  hysteresisNegative: number;
  oem: number;
}

export interface SdrCompactSensor extends SdrSensorKey {
  kind: 'compact';
  initialization: number;
  capabilities: number;
  assertionMask: number;
  deassertionMask: number;
  readingMask: number;
  unitsByte1: number;
  baseUnit: number;
  modifierUnit: number;
  recordSharing: number;
  hysteresisPositive: number;
  hysteresisNegative: number;
  oem: number;
}

export interface SdrEventOnly extends SdrSensorKey {
  kind: 'event-only';
  recordSharing: number;
  oem: number;
}

export interface SdrMcLocator {
  kind: 'mc-locator';
  recordId: number;
  slaveAddress: number;
  channel: number;
  powerStateInit: number;
  capabilities: number;
  entityId: number;
  entityInstance: number;
  oem: number;
  idString: string;
}

export interface SdrOther {
  kind: 'other';
  recordId: number;
  recordType: number;
  version: number;
  body: Buffer;
}

export type SdrRecord = SdrFullSensor | SdrCompactSensor | SdrEventOnly | SdrMcLocator | SdrOther;
export type SdrSensor = SdrFullSensor | SdrCompactSensor | SdrEventOnly;

/** Encoder range check: bad typed input is a programming error (RangeError), as in bytes.ts. */
function checkByte(where: string, v: number, max = 0xff): number {
  if (!Number.isInteger(v) || v < 0 || v > max) throw new RangeError(`${where} must be an integer 0..${max}, got ${String(v)}`);
  return v;
}

function checkSigned(where: string, v: number, bits: number): number {
  const lim = 1 << (bits - 1);
  if (!Number.isInteger(v) || v < -lim || v >= lim) throw new RangeError(`${where} must be an integer ${-lim}..${lim - 1}, got ${String(v)}`);
  return v < 0 ? v + (1 << bits) : v;
}

function signed(v: number, bits: number): number {
  return v & (1 << (bits - 1)) ? v - (1 << bits) : v;
}

function encodeId(where: string, s: string): Buffer {
  const b = Buffer.from(s, 'latin1');
  if (b.length > SDR_ID_MAX || Buffer.from(b.toString('latin1'), 'latin1').toString('latin1') !== s) {
    throw new RangeError(`${where} must be at most ${SDR_ID_MAX} Latin-1 characters, got ${JSON.stringify(s)}`);
  }
  // Type/length byte: bits 7..6 = 11b (8-bit ASCII + Latin-1), bits 4..0 = length.
  return Buffer.concat([Buffer.from([0xc0 | b.length]), b]);
}

function decodeId(body: Buffer, at: number): string {
  if (at >= body.length) return '';
  const tl = byteAt(body, at, 'ID string type/length');
  const len = tl & 0x1f;
  const type = tl >> 6;
  const bytes = body.subarray(at + 1, Math.min(body.length, at + 1 + len));
  if (type === 3 || type === 0) return bytes.toString('latin1').replace(/\0+$/, '');
  // 6-bit packed ASCII and BCD plus are rare; show them as hex rather than guess.
  return bytes.toString('hex');
}

const ANALOG_FORMATS: readonly AnalogFormat[] = ['unsigned', 'ones-complement', 'twos-complement', 'none'];

function withHeader(recordId: number, recordType: number, body: Buffer): Buffer {
  checkByte('SDR record id', recordId, 0xffff);
  if (body.length > 0xff) throw new RangeError(`SDR record body must be at most 255 bytes, got ${body.length}`);
  const h = Buffer.alloc(SDR_HEADER_LENGTH);
  h.writeUInt16LE(recordId, 0);
  h[2] = SDR_VERSION;
  h[3] = recordType;
  h[4] = body.length;
  return Buffer.concat([h, body]);
}

export function encodeSdrRecord(r: SdrRecord): Buffer {
  switch (r.kind) {
    case 'full':
      return withHeader(r.recordId, SDR_TYPE_FULL, encodeFullBody(r));
    case 'compact':
      return withHeader(r.recordId, SDR_TYPE_COMPACT, encodeCompactBody(r));
    case 'event-only': {
      const b = Buffer.alloc(11);
      b[0] = checkByte('SDR owner id', r.ownerId);
      b[1] = checkByte('SDR owner LUN', r.ownerLun, 3);
      b[2] = checkByte('SDR sensor number', r.sensorNumber);
      b[3] = checkByte('SDR entity id', r.entityId);
      b[4] = checkByte('SDR entity instance', r.entityInstance);
      b[5] = checkByte('SDR sensor type', r.sensorType);
      b[6] = checkByte('SDR event type', r.eventType);
      b.writeUInt16LE(checkByte('SDR record sharing', r.recordSharing, 0xffff), 7);
      b[10] = checkByte('SDR OEM', r.oem); // b[9] is reserved
      return withHeader(r.recordId, SDR_TYPE_EVENT_ONLY, Buffer.concat([b, encodeId('SDR id string', r.idString)]));
    }
    case 'mc-locator': {
      const b = Buffer.alloc(10);
      b[0] = checkByte('SDR slave address', r.slaveAddress);
      b[1] = checkByte('SDR channel', r.channel, 0x0f);
      b[2] = checkByte('SDR power state / init', r.powerStateInit);
      b[3] = checkByte('SDR device capabilities', r.capabilities);
      b[7] = checkByte('SDR entity id', r.entityId);
      b[8] = checkByte('SDR entity instance', r.entityInstance);
      b[9] = checkByte('SDR OEM', r.oem);
      return withHeader(r.recordId, SDR_TYPE_MC_LOCATOR, Buffer.concat([b, encodeId('SDR id string', r.idString)]));
    }
    case 'other':
      checkByte('SDR record type', r.recordType);
      return withHeader(r.recordId, r.recordType, r.body);
  }
}

function encodeSensorKeyAndMasks(r: SdrFullSensor | SdrCompactSensor, b: Buffer): void {
  b[0] = checkByte('SDR owner id', r.ownerId);
  b[1] = checkByte('SDR owner LUN', r.ownerLun, 3);
  b[2] = checkByte('SDR sensor number', r.sensorNumber);
  b[3] = checkByte('SDR entity id', r.entityId);
  b[4] = checkByte('SDR entity instance', r.entityInstance);
  b[5] = checkByte('SDR sensor initialization', r.initialization);
  b[6] = checkByte('SDR sensor capabilities', r.capabilities);
  b[7] = checkByte('SDR sensor type', r.sensorType);
  b[8] = checkByte('SDR event type', r.eventType);
  b.writeUInt16LE(checkByte('SDR assertion mask', r.assertionMask, 0xffff), 9);
  b.writeUInt16LE(checkByte('SDR deassertion mask', r.deassertionMask, 0xffff), 11);
  b.writeUInt16LE(checkByte('SDR reading mask', r.readingMask, 0xffff), 13);
}

function encodeFullBody(r: SdrFullSensor): Buffer {
  // Body bytes 6..47 of the record (42 bytes), then the ID string.
  const b = Buffer.alloc(42);
  encodeSensorKeyAndMasks(r, b);
  b[15] = (ANALOG_FORMATS.indexOf(r.analogFormat) << 6) | checkByte('SDR units flags', r.unitsFlags, 0x3f);
  b[16] = checkByte('SDR base unit', r.baseUnit);
  b[17] = checkByte('SDR modifier unit', r.modifierUnit);
  b[18] = checkByte('SDR linearization', r.linearization, 0x7f);
  const m = checkSigned('SDR M', r.m, 10);
  const bb = checkSigned('SDR B', r.b, 10);
  const acc = checkByte('SDR accuracy', r.accuracy, 0x3ff);
  b[19] = m & 0xff;
  b[20] = ((m >> 8) << 6) | checkByte('SDR tolerance', r.tolerance, 0x3f);
  b[21] = bb & 0xff;
  b[22] = ((bb >> 8) << 6) | (acc & 0x3f);
  b[23] = ((acc >> 6) << 4) | (checkByte('SDR accuracy exponent', r.accuracyExp, 3) << 2) | checkByte('SDR sensor direction', r.direction, 3);
  b[24] = (checkSigned('SDR R exponent', r.rExp, 4) << 4) | checkSigned('SDR B exponent', r.bExp, 4);
  b[25] = checkByte('SDR analog characteristic flags', r.analogFlags, 0x07);
  b[26] = checkByte('SDR nominal reading', r.nominal);
  b[27] = checkByte('SDR normal maximum', r.normalMax);
  b[28] = checkByte('SDR normal minimum', r.normalMin);
  b[29] = checkByte('SDR sensor maximum', r.sensorMax);
  b[30] = checkByte('SDR sensor minimum', r.sensorMin);
  // Wire order: UNR, UCR, UNC, LNR, LCR, LNC.
  const order: ThresholdName[] = ['unr', 'ucr', 'unc', 'lnr', 'lcr', 'lnc'];
  order.forEach((name, i) => {
    b[31 + i] = checkByte(`SDR threshold ${name}`, r.thresholds[name] ?? 0);
  });
  b[37] = checkByte('SDR positive hysteresis', r.hysteresisPositive);
  b[38] = checkByte('SDR negative hysteresis', r.hysteresisNegative);
  b[41] = checkByte('SDR OEM', r.oem);
  return Buffer.concat([b, encodeId('SDR id string', r.idString)]);
}

function encodeCompactBody(r: SdrCompactSensor): Buffer {
  // Body bytes 6..31 (26 bytes), then the ID string.
  const b = Buffer.alloc(26);
  encodeSensorKeyAndMasks(r, b);
  b[15] = checkByte('SDR sensor units 1', r.unitsByte1);
  b[16] = checkByte('SDR base unit', r.baseUnit);
  b[17] = checkByte('SDR modifier unit', r.modifierUnit);
  b.writeUInt16LE(checkByte('SDR record sharing', r.recordSharing, 0xffff), 18);
  b[20] = checkByte('SDR positive hysteresis', r.hysteresisPositive);
  b[21] = checkByte('SDR negative hysteresis', r.hysteresisNegative);
  b[25] = checkByte('SDR OEM', r.oem);
  return Buffer.concat([b, encodeId('SDR id string', r.idString)]);
}

export function decodeSdrHeader(input: Uint8Array): Decoded<SdrHeader> {
  return decoding('SDR header', input, (r) => ({
    recordId: r.u16le('record id'),
    version: r.u8('SDR version'),
    recordType: r.u8('record type'),
    bodyLength: r.u8('record length'),
  }));
}

/** Decode one whole record (header + body; bytes after it are ignored). Never throws. */
export function decodeSdrRecord(input: Uint8Array): Decoded<SdrRecord> {
  return decoding('SDR record', input, (r) => {
    const h: SdrHeader = { recordId: r.u16le('record id'), version: r.u8('SDR version'), recordType: r.u8('record type'), bodyLength: r.u8('record length') };
    if (r.remaining < h.bodyLength) r.fail(`record ${h.recordId}: ${h.bodyLength} body bytes as its header says, got ${r.remaining}`);
    const body = r.bytes(h.bodyLength, 'record body');
    const need = (n: number, what: string): void => {
      if (body.length < n) r.fail(`record ${h.recordId} (${what}): a body of at least ${n} bytes, got ${body.length}`, SDR_HEADER_LENGTH);
    };
    return decodeBody(h, body, need);
  });
}

/** A checked byte reader over a record body: a missing byte names the record and the field. */
function bodyReader(h: SdrHeader, body: Buffer): (i: number, field: string) => number {
  return (i, field) => byteAt(body, i, `SDR record ${h.recordId} ${field}`);
}

function decodeBody(h: SdrHeader, body: Buffer, need: (n: number, what: string) => void): SdrRecord {
  switch (h.recordType) {
    case SDR_TYPE_FULL:
      need(42, 'full sensor');
      return decodeFull(h, body);
    case SDR_TYPE_COMPACT:
      need(26, 'compact sensor');
      return decodeCompact(h, body);
    case SDR_TYPE_EVENT_ONLY:
      need(11, 'event-only sensor');
      return decodeEventOnly(h, body);
    case SDR_TYPE_MC_LOCATOR:
      need(10, 'MC device locator');
      return decodeMcLocator(h, body);
    default:
      return { kind: 'other', recordId: h.recordId, recordType: h.recordType, version: h.version, body: Buffer.from(body) };
  }
}

function decodeFull(h: SdrHeader, body: Buffer): SdrFullSensor {
  const u8 = bodyReader(h, body);
  const thresholds: SdrThresholds = { unr: u8(31, 'UNR'), ucr: u8(32, 'UCR'), unc: u8(33, 'UNC'), lnr: u8(34, 'LNR'), lcr: u8(35, 'LCR'), lnc: u8(36, 'LNC') };
  const units1 = u8(15, 'sensor units 1');
  const mLow = u8(19, 'M');
  const mTol = u8(20, 'M, tolerance');
  const bLow = u8(21, 'B');
  const bAcc = u8(22, 'B, accuracy');
  const accDir = u8(23, 'accuracy, direction');
  const exps = u8(24, 'R exp, B exp');
  return {
    kind: 'full',
    ...decodeSensorCommon(h, body),
    analogFormat: ANALOG_FORMATS[units1 >> 6] ?? 'none',
    unitsFlags: units1 & 0x3f,
    baseUnit: u8(16, 'base unit'),
    modifierUnit: u8(17, 'modifier unit'),
    linearization: u8(18, 'linearization') & 0x7f,
    m: signed(mLow | ((mTol >> 6) << 8), 10),
    tolerance: mTol & 0x3f,
    b: signed(bLow | ((bAcc >> 6) << 8), 10),
    accuracy: (bAcc & 0x3f) | ((accDir >> 4) << 6),
    accuracyExp: (accDir >> 2) & 3,
    direction: accDir & 3,
    rExp: signed(exps >> 4, 4),
    bExp: signed(exps & 0x0f, 4),
    analogFlags: u8(25, 'analog characteristic flags') & 0x07,
    nominal: u8(26, 'nominal reading'),
    normalMax: u8(27, 'normal maximum'),
    normalMin: u8(28, 'normal minimum'),
    sensorMax: u8(29, 'sensor maximum'),
    sensorMin: u8(30, 'sensor minimum'),
    thresholds,
    hysteresisPositive: u8(37, 'positive hysteresis'),
    hysteresisNegative: u8(38, 'negative hysteresis'),
    oem: u8(41, 'OEM'),
    idString: decodeId(body, 42),
  };
}

function decodeCompact(h: SdrHeader, body: Buffer): SdrCompactSensor {
  const u8 = bodyReader(h, body);
  return {
    kind: 'compact',
    ...decodeSensorCommon(h, body),
    unitsByte1: u8(15, 'sensor units 1'),
    baseUnit: u8(16, 'base unit'),
    modifierUnit: u8(17, 'modifier unit'),
    recordSharing: body.readUInt16LE(18),
    hysteresisPositive: u8(20, 'positive hysteresis'),
    hysteresisNegative: u8(21, 'negative hysteresis'),
    oem: u8(25, 'OEM'),
    idString: decodeId(body, 26),
  };
}

function decodeEventOnly(h: SdrHeader, body: Buffer): SdrEventOnly {
  const u8 = bodyReader(h, body);
  return {
    kind: 'event-only',
    ...decodeOwnerAndEntity(h, body),
    sensorType: u8(5, 'sensor type'),
    eventType: u8(6, 'event/reading type'),
    recordSharing: body.readUInt16LE(7),
    oem: u8(10, 'OEM'),
    idString: decodeId(body, 11),
  };
}

function decodeMcLocator(h: SdrHeader, body: Buffer): SdrMcLocator {
  const u8 = bodyReader(h, body);
  return {
    kind: 'mc-locator',
    recordId: h.recordId,
    slaveAddress: u8(0, 'slave address'),
    channel: u8(1, 'channel') & 0x0f,
    powerStateInit: u8(2, 'power state notification'),
    capabilities: u8(3, 'device capabilities'),
    entityId: u8(7, 'entity ID'),
    entityInstance: u8(8, 'entity instance'),
    oem: u8(9, 'OEM'),
    idString: decodeId(body, 10),
  };
}

/** Bytes 0–4 of every sensor record body: owner ID and LUN, sensor number, entity ID and instance. */
function decodeOwnerAndEntity(h: SdrHeader, body: Buffer) {
  const u8 = bodyReader(h, body);
  return {
    recordId: h.recordId,
    ownerId: u8(0, 'sensor owner ID'),
    ownerLun: u8(1, 'sensor owner LUN') & 3,
    sensorNumber: u8(2, 'sensor number'),
    entityId: u8(3, 'entity ID'),
    entityInstance: u8(4, 'entity instance'),
  };
}

/** Bytes 0–14 of a full or compact sensor record body. */
function decodeSensorCommon(h: SdrHeader, body: Buffer) {
  const u8 = bodyReader(h, body);
  return {
    ...decodeOwnerAndEntity(h, body),
    initialization: u8(5, 'sensor initialization'),
    capabilities: u8(6, 'sensor capabilities'),
    sensorType: u8(7, 'sensor type'),
    eventType: u8(8, 'event/reading type'),
    assertionMask: body.readUInt16LE(9),
    deassertionMask: body.readUInt16LE(11),
    readingMask: body.readUInt16LE(13),
  };
}

/** Split a repository dump (records back to back) into records. Never throws. */
export function decodeSdrRecords(all: Uint8Array): Decoded<SdrRecord[]> {
  const out: SdrRecord[] = [];
  let at = 0;
  while (at < all.length) {
    const d = decodeSdrRecord(all.subarray(at));
    if (!d.ok) return { ok: false, error: new IpmiDecodeError('SDR records', d.error.expectation, at + d.error.offset, { cause: d.error }) };
    out.push(d.value);
    at += SDR_HEADER_LENGTH + byteAt(all, at + 4, 'record length');
  }
  return { ok: true, value: out };
}

const LINEARIZE: Readonly<Record<number, (v: number) => number>> = {
  0: (v) => v,
  1: Math.log,
  2: Math.log10,
  3: Math.log2,
  4: Math.exp,
  5: (v) => 10 ** v,
  6: (v) => 2 ** v,
  7: (v) => 1 / v,
  8: (v) => v * v,
  9: (v) => v * v * v,
  10: Math.sqrt,
  11: Math.cbrt,
};

function rawToSigned(sdr: SdrFullSensor, raw: number): number {
  const x = raw & 0xff;
  if (sdr.analogFormat === 'twos-complement') return signed(x, 8);
  if (sdr.analogFormat === 'ones-complement') return x & 0x80 ? -(~x & 0x7f) : x;
  return x;
}

/** Raw reading → value in the sensor's units (§36.3: y = L[(M·x + B·10^Bexp)·10^Rexp]); null when the sensor has no analog reading. */
export function rawToValue(sdr: SdrFullSensor, raw: number): number | null {
  if (sdr.analogFormat === 'none') return null;
  const f = LINEARIZE[sdr.linearization];
  if (!f) return null;
  const y = f((sdr.m * rawToSigned(sdr, raw) + sdr.b * 10 ** sdr.bExp) * 10 ** sdr.rExp);
  // Round away binary noise from the powers of ten (e.g. 0.1 * 3 = 0.30000000000000004).
  return Number(y.toPrecision(12));
}

/** Value → nearest raw byte for a linear sensor; clamped to the byte range of its format. */
export function valueToRaw(sdr: SdrFullSensor, value: number): number {
  if (sdr.linearization !== 0) throw new RangeError(`SDR ${sdr.idString}: value → raw needs a linear sensor, linearization is ${sdr.linearization}`);
  if (sdr.m === 0) throw new RangeError(`SDR ${sdr.idString}: value → raw needs a non-zero M factor`);
  const x = Math.round((value / 10 ** sdr.rExp - sdr.b * 10 ** sdr.bExp) / sdr.m);
  if (sdr.analogFormat === 'twos-complement') return Math.max(-128, Math.min(127, x)) & 0xff;
  if (sdr.analogFormat === 'ones-complement') {
    const c = Math.max(-127, Math.min(127, x));
    return c < 0 ? ~-c & 0xff : c;
  }
  return Math.max(0, Math.min(255, x));
}

/** Which thresholds a full sensor says are readable (readingMask bits 5..0). */
export function readableThresholds(sdr: SdrFullSensor): ThresholdName[] {
  return THRESHOLD_ORDER.filter((_, i) => (sdr.readingMask >> i) & 1);
}

/** Base unit names (§43.17, Table 43-15), the ones a lab sensor may use. */
export const UNIT_NAMES: Readonly<Record<number, string>> = {
  0: 'unspecified',
  1: 'degrees C',
  2: 'degrees F',
  3: 'degrees K',
  4: 'Volts',
  5: 'Amps',
  6: 'Watts',
  7: 'Joules',
  8: 'Coulombs',
  9: 'VA',
  14: 'kPa',
  15: 'PSI',
  17: 'CFM',
  18: 'RPM',
  19: 'Hz',
  20: 'microsecond',
  21: 'millisecond',
  22: 'second',
  23: 'minute',
  24: 'hour',
  58: 'PPM',
  93: 'error',
  94: 'correctable error',
  95: 'uncorrectable error',
  96: 'fatal error',
};

export function unitName(sdr: SdrFullSensor): string | null {
  if (sdr.analogFormat === 'none') return null;
  const base = UNIT_NAMES[sdr.baseUnit] ?? `unit ${sdr.baseUnit}`;
  return sdr.unitsFlags & 1 ? `% ${base}` : base;
}
