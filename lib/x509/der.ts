/**
 * A small pure DER encoder (ITU-T X.690): the primitive and constructed types an X.509 v3
 * certificate needs. Every function returns the complete TLV as bytes; nothing is parsed here.
 */
import { FtlabError } from '../errors.ts';

/** A value DER cannot encode as asked (an OID arc, a time outside its type's range, ...). */
export class DerEncodeError extends FtlabError {}

const TAG = {
  BOOLEAN: 0x01,
  INTEGER: 0x02,
  BIT_STRING: 0x03,
  OCTET_STRING: 0x04,
  OID: 0x06,
  UTF8_STRING: 0x0c,
  UTC_TIME: 0x17,
  GENERALIZED_TIME: 0x18,
  SEQUENCE: 0x30,
  SET: 0x31,
} as const;

function lengthBytes(n: number): Uint8Array {
  if (n < 0x80) return Uint8Array.of(n);
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return Uint8Array.of(0x80 | bytes.length, ...bytes);
}

/** Tag, length and content. */
export function tlv(tag: number, content: Uint8Array): Uint8Array {
  return Buffer.concat([Uint8Array.of(tag), lengthBytes(content.length), content]);
}

export const sequence = (...items: Uint8Array[]): Uint8Array => tlv(TAG.SEQUENCE, Buffer.concat(items));

/** SET OF: DER sorts the encoded elements. */
export const set = (...items: Uint8Array[]): Uint8Array => tlv(TAG.SET, Buffer.concat([...items].sort((a, b) => Buffer.compare(a, b))));

export const boolean = (v: boolean): Uint8Array => tlv(TAG.BOOLEAN, Uint8Array.of(v ? 0xff : 0x00));

export const octetString = (bytes: Uint8Array): Uint8Array => tlv(TAG.OCTET_STRING, bytes);

export const utf8String = (s: string): Uint8Array => tlv(TAG.UTF8_STRING, Buffer.from(s, 'utf8'));

/** The bytes of an IA5String (ASCII only). */
export function ia5Bytes(s: string): Uint8Array {
  if (!/^[\x00-\x7f]*$/.test(s)) throw new DerEncodeError(`IA5String: expected ASCII only, got ${JSON.stringify(s)}`);
  return Buffer.from(s, 'ascii');
}

/** A non-negative INTEGER from a bigint or unsigned big-endian bytes (minimal form, sign byte added when needed). */
export function integer(v: bigint | Uint8Array): Uint8Array {
  let bytes: Uint8Array;
  if (typeof v === 'bigint') {
    if (v < 0n) throw new DerEncodeError(`INTEGER: expected a non-negative value, got ${v}`);
    const hex = v.toString(16);
    bytes = Buffer.from(hex.length % 2 ? `0${hex}` : hex, 'hex');
  } else {
    bytes = v;
  }
  let i = 0;
  while (i < bytes.length - 1 && bytes[i] === 0) i++;
  const body = bytes.subarray(i);
  const first = body[0] ?? 0;
  return tlv(TAG.INTEGER, first & 0x80 || body.length === 0 ? Buffer.concat([Uint8Array.of(0), body]) : body);
}

/** BIT STRING of whole bytes (keys, signatures): no unused bits. */
export const bitString = (bytes: Uint8Array): Uint8Array => tlv(TAG.BIT_STRING, Buffer.concat([Uint8Array.of(0), bytes]));

/**
 * A named-bit BIT STRING (KeyUsage): bit 0 is the most significant bit of the first byte;
 * DER drops trailing zero bits and states how many bits of the last byte are unused.
 */
export function namedBits(bits: readonly number[]): Uint8Array {
  if (bits.length === 0) return tlv(TAG.BIT_STRING, Uint8Array.of(0));
  const highest = Math.max(...bits);
  const bytes = new Uint8Array(Math.floor(highest / 8) + 1);
  for (const b of bits) {
    if (!Number.isInteger(b) || b < 0) throw new DerEncodeError(`BIT STRING: expected bit numbers >= 0, got ${b}`);
    bytes[b >> 3] = (bytes[b >> 3] ?? 0) | (0x80 >> (b & 7));
  }
  return tlv(TAG.BIT_STRING, Buffer.concat([Uint8Array.of(7 - (highest & 7)), bytes]));
}

function base128(n: bigint): number[] {
  const out = [Number(n & 0x7fn)];
  for (let v = n >> 7n; v > 0n; v >>= 7n) out.unshift(Number(v & 0x7fn) | 0x80);
  return out;
}

/** OBJECT IDENTIFIER from dotted text, e.g. `2.5.4.3`. */
export function oid(dotted: string): Uint8Array {
  if (!/^[0-2]\.\d+(\.\d+)*$/.test(dotted)) throw new DerEncodeError(`OBJECT IDENTIFIER: expected dotted decimal arcs, got "${dotted}"`);
  const arcs = dotted.split('.').map((a) => BigInt(a));
  const [first = 0n, second = 0n, ...rest] = arcs;
  if (first < 2n && second > 39n) throw new DerEncodeError(`OBJECT IDENTIFIER ${dotted}: the second arc must be < 40 under arc ${first}`);
  const bytes = [first * 40n + second, ...rest].flatMap(base128);
  return tlv(TAG.OID, Uint8Array.from(bytes));
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/**
 * X.509 Time (RFC 5280 §4.1.2.5): UTCTime `YYMMDDHHMMSSZ` for 1950..2049, GeneralizedTime
 * `YYYYMMDDHHMMSSZ` otherwise; seconds resolution, always UTC.
 */
export function time(d: Date): Uint8Array {
  const y = d.getUTCFullYear();
  if (Number.isNaN(y)) throw new DerEncodeError('Time: expected a valid date');
  const rest = `${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}Z`;
  if (y >= 1950 && y < 2050) return tlv(TAG.UTC_TIME, Buffer.from(`${pad(y % 100)}${rest}`, 'ascii'));
  return tlv(TAG.GENERALIZED_TIME, Buffer.from(`${pad(y, 4)}${rest}`, 'ascii'));
}

/** `[n]` EXPLICIT: a constructed context-specific wrapper around one encoded value. */
export const explicit = (n: number, inner: Uint8Array): Uint8Array => tlv(0xa0 | n, inner);

/** `[n]` IMPLICIT primitive: context-specific tag over raw content bytes (e.g. GeneralName iPAddress). */
export const implicitPrimitive = (n: number, content: Uint8Array): Uint8Array => tlv(0x80 | n, content);
