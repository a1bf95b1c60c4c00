/**
 * Get Sensor Reading (Sensor/Event 04h, cmd 2Dh, §35.14). Request: sensor number.
 * Response: reading | flags (bit7 event messages enabled, bit6 scanning enabled, bit5 reading unavailable)
 * | [threshold status bits 5:0, or discrete states 0–7] | [discrete states 8–14].
 */
import { checkByte, decoding, type Decoded } from '../bytes.ts';
import type { CommandSpec } from './spec.ts';

export const GET_SENSOR_READING: CommandSpec = { name: 'Get Sensor Reading', netFn: 0x04, cmd: 0x2d };

/** Threshold comparison status bits (byte 3 for threshold sensors). */
export const THRESHOLD_BIT = { LNC: 0x01, LC: 0x02, LNR: 0x04, UNC: 0x08, UC: 0x10, UNR: 0x20 } as const;

export interface SensorReadingResponse {
  /** Raw reading byte (convert with the SDR's M/B/exponents). */
  raw: number;
  eventMessagesEnabled: boolean;
  scanningEnabled: boolean;
  readingUnavailable: boolean;
  /** States 0–14 as a bit field (byte 3 | byte 4 << 8); threshold sensors use bits 5:0. */
  states: number;
  /** How many state bytes the BMC sent (0, 1 or 2). */
  stateBytes: 0 | 1 | 2;
}

export function encodeGetSensorReadingRequest(sensorNumber: number): Buffer {
  return Buffer.from([checkByte('sensorNumber', sensorNumber)]);
}
export function decodeGetSensorReadingRequest(input: Uint8Array): Decoded<number> {
  return decoding('Get Sensor Reading request', input, (r) => r.u8('sensor number'));
}

export function encodeGetSensorReadingResponse(s: SensorReadingResponse): Buffer {
  const bytes = [checkByte('raw', s.raw), (s.eventMessagesEnabled ? 0x80 : 0) | (s.scanningEnabled ? 0x40 : 0) | (s.readingUnavailable ? 0x20 : 0)];
  if (s.stateBytes >= 1) bytes.push(s.states & 0xff);
  // Byte 4 bit 7 is reserved, returned as 1b (§35.14); decoders ignore it.
  if (s.stateBytes >= 2) bytes.push(0x80 | ((s.states >> 8) & 0x7f));
  return Buffer.from(bytes);
}

export function decodeGetSensorReadingResponse(input: Uint8Array): Decoded<SensorReadingResponse> {
  return decoding('Get Sensor Reading response', input, (r) => {
    const raw = r.u8('reading');
    const flags = r.u8('flags');
    let states = 0;
    let stateBytes: 0 | 1 | 2 = 0;
    if (r.remaining >= 1) {
      states = r.u8('state byte 1');
      stateBytes = 1;
    }
    if (r.remaining >= 1) {
      states |= (r.u8('state byte 2') & 0x7f) << 8;
      stateBytes = 2;
    }
    return { raw, eventMessagesEnabled: (flags & 0x80) !== 0, scanningEnabled: (flags & 0x40) !== 0, readingUnavailable: (flags & 0x20) !== 0, states, stateBytes };
  });
}
