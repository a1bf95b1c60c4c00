/**
 * Bounds-checked byte reading and the "never throw" decode boundary shared by every decoder.
 * A decoder is written as straight-line reads on a ByteReader inside `decoding(...)`; a read past
 * the end or an explicit `fail` becomes `{ ok: false, error: IpmiDecodeError }`.
 */
import { IpmiDecodeError } from './errors.ts';

export type Decoded<T> = { ok: true; value: T } | { ok: false; error: IpmiDecodeError };

class DecodeFailure {
  constructor(
    readonly expectation: string,
    readonly offset: number,
  ) {}
}

export class ByteReader {
  offset = 0;
  constructor(readonly buf: Buffer) {}
  get remaining(): number {
    return this.buf.length - this.offset;
  }
  private need(n: number, field: string): void {
    if (this.remaining < n) throw new DecodeFailure(`${field} needs ${n} byte(s), ${this.remaining} left`, this.offset);
  }
  u8(field: string): number {
    this.need(1, field);
    return byteAt(this.buf, this.offset++, field);
  }
  u16le(field: string): number {
    this.need(2, field);
    const v = this.buf.readUInt16LE(this.offset);
    this.offset += 2;
    return v;
  }
  u24le(field: string): number {
    this.need(3, field);
    const v = this.buf.readUIntLE(this.offset, 3);
    this.offset += 3;
    return v;
  }
  u32le(field: string): number {
    this.need(4, field);
    const v = this.buf.readUInt32LE(this.offset);
    this.offset += 4;
    return v;
  }
  u32be(field: string): number {
    this.need(4, field);
    const v = this.buf.readUInt32BE(this.offset);
    this.offset += 4;
    return v;
  }
  /** A copy of the next `n` bytes. */
  bytes(n: number, field: string): Buffer {
    this.need(n, field);
    const v = Buffer.from(this.buf.subarray(this.offset, this.offset + n));
    this.offset += n;
    return v;
  }
  /** A copy of everything left. */
  rest(): Buffer {
    return this.bytes(this.remaining, 'rest');
  }
  skip(n: number, field: string): void {
    this.need(n, field);
    this.offset += n;
  }
  /** Abort decoding with `expectation` at the current offset (or `at`). */
  fail(expectation: string, at: number = this.offset): never {
    throw new DecodeFailure(expectation, at);
  }
  expectEnd(where: string): void {
    if (this.remaining !== 0) this.fail(`${where}: ${this.remaining} unexpected trailing byte(s)`);
  }
}

/** Run `fn` over `input`; reads past the end and `fail` calls become a typed decode error result. */
export function decoding<T>(where: string, input: Uint8Array, fn: (r: ByteReader) => T): Decoded<T> {
  if (!(input instanceof Uint8Array)) {
    return { ok: false, error: new IpmiDecodeError(where, 'expected a Buffer or Uint8Array', 0) };
  }
  const buf = Buffer.isBuffer(input) ? input : Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  const reader = new ByteReader(buf);
  try {
    return { ok: true, value: fn(reader) };
  } catch (e) {
    if (e instanceof DecodeFailure) return { ok: false, error: new IpmiDecodeError(where, e.expectation, e.offset) };
    if (e instanceof IpmiDecodeError) return { ok: false, error: e };
    throw e;
  }
}

/** Unwrap a nested decode result inside a `decoding` callback (its error propagates). */
export function unwrap<T>(d: Decoded<T>): T {
  if (d.ok) return d.value;
  throw d.error;
}

/**
 * The byte at `i`, for code that indexes a buffer directly (a handler's fixed-length request data):
 * past the end, an IpmiDecodeError naming `field` is thrown (inside `decoding` it becomes the result).
 */
export function byteAt(buf: Uint8Array, i: number, field: string): number {
  const v = buf[i];
  if (v === undefined) throw new IpmiDecodeError(field, `needs byte ${i}, only ${buf.length} byte(s) given`, Math.min(i, buf.length));
  return v;
}

/** Byte-range assertion for encoders (bad typed input is a programming error: RangeError). */
export function checkByte(name: string, v: number, max = 0xff): number {
  if (!Number.isInteger(v) || v < 0 || v > max) throw new RangeError(`${name} must be an integer 0..${max}, got ${v}`);
  return v;
}

export function u16le(v: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16LE(checkByte('u16', v, 0xffff));
  return b;
}

export function u32le(v: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(checkByte('u32', v, 0xffffffff));
  return b;
}
