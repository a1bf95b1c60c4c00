/**
 * IPMI LAN messages (§13.8). Checksums are the two's complement of the byte sum.
 * Request:  rsAddr | netFn<<2 | rsLUN | chk1 | rqAddr | rqSeq<<2 | rqLUN | cmd | data… | chk2
 * Response: rqAddr | netFn<<2 | rqLUN | chk1 | rsAddr | rqSeq<<2 | rsLUN | cmd | CC | data… | chk2
 * chk1 covers the first two bytes; chk2 covers everything from the 4th byte up to it.
 */
import { byteAt, checkByte, decoding, type ByteReader, type Decoded } from './bytes.ts';

/** BMC responder address on the IPMB. */
export const BMC_ADDR = 0x20;
/** Remote console software ID used as requester address. */
export const CONSOLE_SWID = 0x81;

export const NETFN = { CHASSIS: 0x00, BRIDGE: 0x02, SENSOR: 0x04, APP: 0x06, FIRMWARE: 0x08, STORAGE: 0x0a, TRANSPORT: 0x0c } as const;

export interface IpmiRequest {
  rsAddr: number;
  /** Request netFn (even). */
  netFn: number;
  rsLun: number;
  rqAddr: number;
  /** 6-bit request sequence, echoed in the response. */
  rqSeq: number;
  rqLun: number;
  cmd: number;
  data: Buffer;
}

export interface IpmiResponse {
  rqAddr: number;
  /** Response netFn (request netFn + 1). */
  netFn: number;
  rqLun: number;
  rsAddr: number;
  rqSeq: number;
  rsLun: number;
  cmd: number;
  completionCode: number;
  data: Buffer;
}

export function ipmiChecksum(bytes: Uint8Array): number {
  let sum = 0;
  for (const b of bytes) sum = (sum + b) & 0xff;
  return (0x100 - sum) & 0xff;
}

function frame(a: number, netFnLun: number, b: number, seqLun: number, rest: Buffer): Buffer {
  const head = Buffer.from([a, netFnLun]);
  const body = Buffer.concat([Buffer.from([b, seqLun]), rest]);
  return Buffer.concat([head, Buffer.from([ipmiChecksum(head)]), body, Buffer.from([ipmiChecksum(body)])]);
}

export function encodeIpmiRequest(m: IpmiRequest): Buffer {
  const netFnLun = (checkByte('netFn', m.netFn, 0x3f) << 2) | checkByte('rsLun', m.rsLun, 3);
  const seqLun = (checkByte('rqSeq', m.rqSeq, 0x3f) << 2) | checkByte('rqLun', m.rqLun, 3);
  return frame(checkByte('rsAddr', m.rsAddr), netFnLun, checkByte('rqAddr', m.rqAddr), seqLun, Buffer.concat([Buffer.from([checkByte('cmd', m.cmd)]), m.data]));
}

export function encodeIpmiResponse(m: IpmiResponse): Buffer {
  const netFnLun = (checkByte('netFn', m.netFn, 0x3f) << 2) | checkByte('rqLun', m.rqLun, 3);
  const seqLun = (checkByte('rqSeq', m.rqSeq, 0x3f) << 2) | checkByte('rsLun', m.rsLun, 3);
  return frame(checkByte('rqAddr', m.rqAddr), netFnLun, checkByte('rsAddr', m.rsAddr), seqLun, Buffer.concat([Buffer.from([checkByte('cmd', m.cmd), checkByte('completionCode', m.completionCode)]), m.data]));
}

function readFrame(r: ByteReader, minBody: number): { a: number; netFn: number; lun1: number; b: number; seq: number; lun2: number; body: Buffer } {
  if (r.remaining < 3 + 3 + minBody) r.fail(`message must be at least ${6 + minBody} bytes, got ${r.remaining}`, 0);
  const all = r.buf;
  if (ipmiChecksum(all.subarray(0, 3)) !== 0) r.fail('header checksum (byte 3) does not match', 2);
  if (ipmiChecksum(all.subarray(3)) !== 0) r.fail('data checksum (last byte) does not match', all.length - 1);
  const a = r.u8('address');
  const nl = r.u8('netFn/LUN');
  r.skip(1, 'checksum 1');
  const b = r.u8('address');
  const sl = r.u8('seq/LUN');
  const body = r.bytes(r.remaining - 1, 'body');
  r.skip(1, 'checksum 2');
  return { a, netFn: nl >> 2, lun1: nl & 3, b, seq: sl >> 2, lun2: sl & 3, body };
}

export function decodeIpmiRequest(input: Uint8Array): Decoded<IpmiRequest> {
  return decoding('IPMI request', input, (r) => {
    const f = readFrame(r, 1);
    return { rsAddr: f.a, netFn: f.netFn, rsLun: f.lun1, rqAddr: f.b, rqSeq: f.seq, rqLun: f.lun2, cmd: byteAt(f.body, 0, 'command'), data: f.body.subarray(1) };
  });
}

export function decodeIpmiResponse(input: Uint8Array): Decoded<IpmiResponse> {
  return decoding('IPMI response', input, (r) => {
    const f = readFrame(r, 2);
    return {
      rqAddr: f.a,
      netFn: f.netFn,
      rqLun: f.lun1,
      rsAddr: f.b,
      rqSeq: f.seq,
      rsLun: f.lun2,
      cmd: byteAt(f.body, 0, 'command'),
      completionCode: byteAt(f.body, 1, 'completion code'),
      data: f.body.subarray(2),
    };
  });
}
