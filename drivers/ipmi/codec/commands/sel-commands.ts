/**
 * SEL commands (Storage 0Ah, §31): Get SEL Info 40h, Reserve SEL 42h, Get SEL Entry 43h, Clear SEL 47h.
 * Record bytes are decoded by ../sel.ts. Get SEL Entry shares its framing with Get SDR (record-read.ts).
 */
import { checkByte, decoding, u16le, u32le, type Decoded } from '../bytes.ts';
import type { CommandSpec } from './spec.ts';

export const GET_SEL_INFO: CommandSpec = { name: 'Get SEL Info', netFn: 0x0a, cmd: 0x40 };
export const RESERVE_SEL: CommandSpec = { name: 'Reserve SEL', netFn: 0x0a, cmd: 0x42 };
export const GET_SEL_ENTRY: CommandSpec = { name: 'Get SEL Entry', netFn: 0x0a, cmd: 0x43 };
export const CLEAR_SEL: CommandSpec = { name: 'Clear SEL', netFn: 0x0a, cmd: 0x47 };

/** SEL and SDR repository format version (BCD 51h: SEL 1.5 / SDR 2.0 formats). */
export const REPOSITORY_VERSION = 0x51;

export interface RepositoryInfo {
  /** BCD version (0x51 for SEL/SDR 1.5 / 2.0 formats). */
  version: number;
  /** SEL: entries; SDR: record count. */
  count: number;
  freeBytes: number;
  /** Seconds since 1970 (0xFFFFFFFF = never / unspecified). */
  lastAddTimestamp: number;
  lastEraseTimestamp: number;
  operationSupport: number;
}

export function encodeRepositoryInfo(i: RepositoryInfo): Buffer {
  return Buffer.concat([
    Buffer.from([checkByte('version', i.version)]),
    u16le(i.count),
    u16le(i.freeBytes),
    u32le(i.lastAddTimestamp),
    u32le(i.lastEraseTimestamp),
    Buffer.from([checkByte('operationSupport', i.operationSupport)]),
  ]);
}

export function decodeRepositoryInfo(input: Uint8Array, where = 'repository info response'): Decoded<RepositoryInfo> {
  return decoding(where, input, (r) => ({
    version: r.u8('version'),
    count: r.u16le('entry count'),
    freeBytes: r.u16le('free space'),
    lastAddTimestamp: r.u32le('most recent addition timestamp'),
    lastEraseTimestamp: r.u32le('most recent erase timestamp'),
    operationSupport: r.u8('operation support'),
  }));
}

export const encodeSelInfoResponse = encodeRepositoryInfo;
export function decodeSelInfoResponse(input: Uint8Array): Decoded<RepositoryInfo> {
  return decodeRepositoryInfo(input, 'Get SEL Info response');
}

/** Reserve SEL / Reserve SDR Repository response: reservation ID (2 LE). */
export function encodeReservationResponse(reservationId: number): Buffer {
  return u16le(reservationId);
}
export function decodeReservationResponse(input: Uint8Array): Decoded<number> {
  return decoding('reservation response', input, (r) => r.u16le('reservation ID'));
}

/** Get SEL Entry / Get SDR request: reservation(2), record ID(2), offset, bytes to read (0xFF = all). */
export interface RecordReadRequest {
  reservationId: number;
  recordId: number;
  offset: number;
  bytesToRead: number;
}
export interface RecordReadResponse {
  nextRecordId: number;
  data: Buffer;
}
export const LAST_RECORD_ID = 0xffff;
export const READ_ENTIRE_RECORD = 0xff;

export function encodeRecordReadRequest(p: RecordReadRequest): Buffer {
  return Buffer.concat([u16le(p.reservationId), u16le(p.recordId), Buffer.from([checkByte('offset', p.offset), checkByte('bytesToRead', p.bytesToRead)])]);
}
export function decodeRecordReadRequest(input: Uint8Array): Decoded<RecordReadRequest> {
  return decoding('record read request', input, (r) => ({
    reservationId: r.u16le('reservation ID'),
    recordId: r.u16le('record ID'),
    offset: r.u8('offset'),
    bytesToRead: r.u8('bytes to read'),
  }));
}
export function encodeRecordReadResponse(p: RecordReadResponse): Buffer {
  return Buffer.concat([u16le(p.nextRecordId), p.data]);
}
export function decodeRecordReadResponse(input: Uint8Array): Decoded<RecordReadResponse> {
  return decoding('record read response', input, (r) => ({ nextRecordId: r.u16le('next record ID'), data: r.rest() }));
}

export const CLEAR_SEL_ACTION = { GET_STATUS: 0x00, INITIATE: 0xaa } as const;
const CLR = Buffer.from('CLR', 'latin1');

export interface ClearSelRequest {
  reservationId: number;
  action: number;
}
export function encodeClearSelRequest(p: ClearSelRequest): Buffer {
  return Buffer.concat([u16le(p.reservationId), CLR, Buffer.from([checkByte('action', p.action)])]);
}
export function decodeClearSelRequest(input: Uint8Array): Decoded<ClearSelRequest> {
  return decoding('Clear SEL request', input, (r) => {
    const reservationId = r.u16le('reservation ID');
    const tag = r.bytes(3, "'CLR'");
    if (!tag.equals(CLR)) r.fail("bytes 3–5 must be 'C' 'L' 'R'", 2);
    const action = r.u8('action');
    if (action !== CLEAR_SEL_ACTION.GET_STATUS && action !== CLEAR_SEL_ACTION.INITIATE) r.fail(`action must be 0x00 or 0xAA, got 0x${action.toString(16)}`, 5);
    return { reservationId, action };
  });
}
/** Erasure progress: true when erasure completed. */
export function encodeClearSelResponse(completed: boolean): Buffer {
  return Buffer.from([completed ? 1 : 0]);
}
export function decodeClearSelResponse(input: Uint8Array): Decoded<boolean> {
  return decoding('Clear SEL response', input, (r) => (r.u8('erasure progress') & 0x0f) === 1);
}
