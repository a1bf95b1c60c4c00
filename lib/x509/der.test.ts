/** The DER encoder against X.690's own examples and rules (lengths, minimal integers, OID arcs, bit strings, times). */
import test from 'ava';
import { DerEncodeError, integer, namedBits, oid, sequence, set, time, tlv } from './der.ts';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

test('lengths: short form below 128, long form with the fewest bytes above', (t) => {
  t.is(hex(tlv(0x04, new Uint8Array(3))), '0403000000');
  t.is(hex(tlv(0x04, new Uint8Array(127))).slice(0, 4), '047f');
  t.is(hex(tlv(0x04, new Uint8Array(128))).slice(0, 6), '048180');
  t.is(hex(tlv(0x04, new Uint8Array(300))).slice(0, 8), '0482012c');
});

test('INTEGER: minimal, with a 0x00 sign byte when the top bit is set; negatives refused', (t) => {
  t.is(hex(integer(0n)), '020100');
  t.is(hex(integer(127n)), '02017f');
  t.is(hex(integer(128n)), '02020080');
  t.is(hex(integer(256n)), '02020100');
  t.is(hex(integer(Uint8Array.of(0, 0, 0x05))), '020105');
  t.is(hex(integer(Uint8Array.of(0xff))), '020200ff');
  t.throws(() => integer(-1n), { instanceOf: DerEncodeError });
});

test('OBJECT IDENTIFIER: first two arcs combined, base-128 arcs (X.690 §8.19)', (t) => {
  t.is(hex(oid('1.2.840.113549')), '06062a864886f70d');
  t.is(hex(oid('2.5.4.3')), '0603550403');
  t.is(hex(oid('2.999.3')), '0603883703');
  t.throws(() => oid('1.40.1'), { instanceOf: DerEncodeError });
  t.throws(() => oid('3.1'), { instanceOf: DerEncodeError });
  t.throws(() => oid('1.2.'), { instanceOf: DerEncodeError });
});

test('named BIT STRING: trailing zero bits dropped, unused-bit count stated', (t) => {
  t.is(hex(namedBits([0])), '03020780'); // digitalSignature
  t.is(hex(namedBits([5, 6])), '03020106'); // keyCertSign, cRLSign
  t.is(hex(namedBits([0, 8])), '0303078080');
  t.is(hex(namedBits([])), '030100');
});

test('Time: UTCTime 1950..2049, GeneralizedTime outside, always Z and seconds', (t) => {
  t.is(Buffer.from(time(new Date('2026-12-06T04:05:06.789Z')).subarray(2)).toString(), '261206040506Z');
  t.is(time(new Date('2026-12-06T04:05:06Z'))[0], 0x17);
  t.is(Buffer.from(time(new Date('2050-01-01T00:00:00Z')).subarray(2)).toString(), '20500101000000Z');
  t.is(time(new Date('2050-01-01T00:00:00Z'))[0], 0x18);
  t.throws(() => time(new Date(Number.NaN)), { instanceOf: DerEncodeError });
});

test('SET OF sorts its encoded elements; SEQUENCE keeps the order', (t) => {
  const a = integer(2n);
  const b = integer(1n);
  t.is(hex(set(a, b)), '3106020101020102');
  t.is(hex(sequence(a, b)), '3006020102020101');
});
