/**
 * Building SDRs for emulated sensors and answering Get Sensor Reading / Get Sensor Thresholds
 * from them (§35.14, §35.9). Threshold sensors are full records (01h), discrete ones compact (02h).
 */
import {
  rawToValue,
  THRESHOLD_ORDER,
  valueToRaw,
  type SdrCompactSensor,
  type SdrFullSensor,
  type SdrThresholds,
  type ThresholdName,
} from '../../drivers/ipmi/codec/sdr.ts';
import { encodeGetSensorReadingResponse } from '../../drivers/ipmi/codec/commands/sensor-reading.ts';
import { EVENT_TYPE_THRESHOLD } from '../../drivers/ipmi/codec/sel.ts';
import type { SensorValue } from './backend.ts';

/** BMC owner ID (slave address 0x20) used for every sensor the lab's BMC owns. */
export const BMC_OWNER_ID = 0x20;

export interface ThresholdSensorSpec {
  number: number;
  name: string;
  /** Sensor type code: 01h temperature, 02h voltage, 04h fan, … */
  sensorType: number;
  /** Entity ID (§43.14): 03h processor, 07h system board, 0Ah power supply, 1Dh fan, … */
  entityId: number;
  entityInstance?: number;
  /** Base unit code: 1 degrees C, 4 Volts, 18 RPM, … */
  baseUnit: number;
  /** Conversion y = (M·x + B·10^Bexp)·10^Rexp; defaults M=1, B=0, exponents 0 (raw = value). */
  m?: number;
  b?: number;
  rExp?: number;
  bExp?: number;
  /** Thresholds in the sensor's units; only the given ones are readable. */
  thresholds: { [K in ThresholdName]?: number };
  nominal?: number;
}

/** Offsets of the "going" events each threshold raises (lower ones going low, upper ones going high). */
export const THRESHOLD_EVENT_BIT: Readonly<Record<ThresholdName, number>> = { lnc: 0, lcr: 2, lnr: 4, unc: 7, ucr: 9, unr: 11 };

/** Record ID (assigned by the repository), owner (the BMC, LUN 0), sensor number and entity of a sensor SDR. */
function ownedByBmc(s: { number: number; entityId: number; entityInstance?: number }) {
  return { recordId: 0, ownerId: BMC_OWNER_ID, ownerLun: 0, sensorNumber: s.number, entityId: s.entityId, entityInstance: s.entityInstance ?? 1 };
}

export function thresholdSensorSdr(s: ThresholdSensorSpec): SdrFullSensor {
  const base: SdrFullSensor = {
    kind: 'full',
    ...ownedByBmc(s),
    initialization: 0x63, // init scanning + events; scanning and events enabled
    capabilities: 0x44, // auto re-arm; thresholds readable; per-threshold event control
    sensorType: s.sensorType,
    eventType: EVENT_TYPE_THRESHOLD,
    assertionMask: 0,
    deassertionMask: 0,
    readingMask: 0,
    analogFormat: 'unsigned',
    unitsFlags: 0,
    baseUnit: s.baseUnit,
    modifierUnit: 0,
    linearization: 0,
    m: s.m ?? 1,
    b: s.b ?? 0,
    tolerance: 0,
    accuracy: 0,
    accuracyExp: 0,
    direction: 0,
    rExp: s.rExp ?? 0,
    bExp: s.bExp ?? 0,
    analogFlags: s.nominal === undefined ? 0 : 1,
    nominal: 0,
    normalMax: 0,
    normalMin: 0,
    sensorMax: 0xff,
    sensorMin: 0x00,
    thresholds: {},
    hysteresisPositive: 0,
    hysteresisNegative: 0,
    oem: 0,
    idString: s.name,
  };
  if (s.nominal !== undefined) base.nominal = valueToRaw(base, s.nominal);
  return { ...base, ...thresholdMasks(base, s) };
}

/** Raw thresholds and the readable / assertion / deassertion masks for the thresholds `s` sets. */
function thresholdMasks(base: SdrFullSensor, s: ThresholdSensorSpec): Pick<SdrFullSensor, 'thresholds' | 'readingMask' | 'assertionMask' | 'deassertionMask'> {
  const thresholds: SdrThresholds = {};
  let readable = 0;
  let assertion = 0;
  let deassertion = 0;
  THRESHOLD_ORDER.forEach((name, i) => {
    const v = s.thresholds[name];
    if (v === undefined) return;
    thresholds[name] = valueToRaw(base, v);
    readable |= 1 << i;
    assertion |= 1 << THRESHOLD_EVENT_BIT[name];
    deassertion |= 1 << THRESHOLD_EVENT_BIT[name];
    // Reading masks: lower thresholds in the assertion word, upper ones in the deassertion word (bits 14..12).
    if (i < 3) assertion |= 1 << (12 + i);
    else deassertion |= 1 << (12 + i - 3);
  });
  return { thresholds, readingMask: readable, assertionMask: assertion, deassertionMask: deassertion };
}

export interface DiscreteSensorSpec {
  number: number;
  name: string;
  sensorType: number;
  /** 6Fh sensor-specific, or a generic code such as 0Bh redundancy, 08h presence. */
  eventType: number;
  entityId: number;
  entityInstance?: number;
  /** Which state offsets (bits 0..14) the sensor can assert. */
  states: number;
}

export function discreteSensorSdr(s: DiscreteSensorSpec): SdrCompactSensor {
  const mask = s.states & 0x7fff;
  return {
    kind: 'compact',
    ...ownedByBmc(s),
    initialization: 0x63,
    capabilities: 0x40, // auto re-arm, no thresholds, per-threshold/discrete event control
    sensorType: s.sensorType,
    eventType: s.eventType,
    assertionMask: mask,
    deassertionMask: mask,
    readingMask: mask,
    unitsByte1: 0xc0, // no analog reading
    baseUnit: 0,
    modifierUnit: 0,
    recordSharing: 0,
    hysteresisPositive: 0,
    hysteresisNegative: 0,
    oem: 0,
    idString: s.name,
  };
}

/** Threshold comparison status bits (§35.14 byte 3): 0 below LNC, 1 below LCR, 2 below LNR, 3 at/above UNC, 4 UCR, 5 UNR. */
export function thresholdStatus(sdr: SdrFullSensor, raw: number): number {
  const value = rawToValue(sdr, raw);
  if (value === null) return 0;
  let bits = 0;
  THRESHOLD_ORDER.forEach((name, i) => {
    const t = sdr.thresholds[name];
    if (t === undefined || !((sdr.readingMask >> i) & 1)) return;
    const tv = rawToValue(sdr, t);
    if (tv === null) return;
    if (i < 3 ? value <= tv : value >= tv) bits |= 1 << i;
  });
  return bits;
}

/** Get Sensor Reading response data (after the completion code): event messages and scanning enabled, both state bytes. */
export function sensorReadingData(sdr: SdrFullSensor | SdrCompactSensor | { kind: 'event-only' }, v: SensorValue): Buffer {
  const flags = { eventMessagesEnabled: true, scanningEnabled: true, readingUnavailable: v.unavailable ?? false, stateBytes: 2 as const };
  if ('raw' in v) {
    const raw = v.raw & 0xff;
    return encodeGetSensorReadingResponse({ ...flags, raw, states: sdr.kind === 'full' ? thresholdStatus(sdr, raw) : 0 });
  }
  return encodeGetSensorReadingResponse({ ...flags, raw: 0, states: v.states & 0x7fff });
}

/** Get Sensor Thresholds response data: readable mask, then LNC, LCR, LNR, UNC, UCR, UNR raw values. */
export function sensorThresholdsData(sdr: SdrFullSensor): Buffer {
  const readable = sdr.readingMask & 0x3f;
  return Buffer.from([readable, ...THRESHOLD_ORDER.map((n, i) => ((readable >> i) & 1 ? (sdr.thresholds[n] ?? 0) : 0))]);
}
