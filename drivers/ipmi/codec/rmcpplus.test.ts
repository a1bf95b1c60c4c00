/**
 * RMCP+ framing with HMAC-SHA1-96 integrity and AES-CBC-128, checked against bytes built by hand
 * from IPMI v2.0 §13.6/§13.28/§13.29 (node:crypto used directly as the oracle), plus split tests.
 */
import test from 'ava';
import { createDecipheriv, createHmac } from 'node:crypto';
import { decodeRmcpPlus, encodeRmcpPlus, peekRmcpPlus, PAYLOAD_TYPE, type SessionCrypto } from './rmcpplus.ts';
import { classifyDatagram } from './packet.ts';
import { decodeSession15, encodeSession15 } from './session15.ts';
import { decodeAsf, encodeAsfPing, encodeAsfPong } from './asf.ts';

const K1 = Buffer.alloc(20, 0x11);
const K2 = Buffer.alloc(20, 0x22);
const IV = Buffer.from('000102030405060708090a0b0c0d0e0f', 'hex');
const SUITE3: SessionCrypto = { integrity: 1, k1: K1, confidentiality: 1, k2: K2 };
const PLAIN = Buffer.from([0x20, 0x18, 0xc8, 0x81, 0x04, 0x01, 0x7a]);

test('ASF ping is the DMTF presence ping', (t) => {
  t.deepEqual(encodeAsfPing(5), Buffer.from([0x06, 0x00, 0xff, 0x06, 0x00, 0x00, 0x11, 0xbe, 0x80, 0x05, 0x00, 0x00]));
  const pong = decodeAsf(encodeAsfPong(5));
  t.true(pong.ok && pong.value.type === 'pong' && pong.value.tag === 5 && pong.value.supportedEntities === 0x81);
});

test('IPMI 1.5 pre-session wrapper layout', (t) => {
  const d = encodeSession15({ authType: 0, seq: 0, sessionId: 0, payload: PLAIN });
  t.deepEqual(d, Buffer.concat([Buffer.from([0x06, 0x00, 0xff, 0x07, 0x00, 0, 0, 0, 0, 0, 0, 0, 0, PLAIN.length]), PLAIN]));
  const back = decodeSession15(d);
  t.true(back.ok && back.value.payload.equals(PLAIN));
});

test('unauthenticated setup payload layout (Open Session Request type 0x10)', (t) => {
  const d = encodeRmcpPlus({ payloadType: PAYLOAD_TYPE.OPEN_SESSION_REQUEST, sessionId: 0, seq: 0, payload: Buffer.from([1, 2, 3]) });
  t.deepEqual(d, Buffer.from([0x06, 0x00, 0xff, 0x07, 0x06, 0x10, 0, 0, 0, 0, 0, 0, 0, 0, 0x03, 0x00, 1, 2, 3]));
  const c = classifyDatagram(d);
  t.true(c.ok && c.value.kind === 'rmcpplus' && c.value.payloadType === 0x10);
});

test('authenticated + encrypted packet matches a hand-built one (suite 3)', (t) => {
  const d = encodeRmcpPlus({ payloadType: PAYLOAD_TYPE.IPMI, sessionId: 0x0a0b0c0d, seq: 7, payload: PLAIN }, SUITE3, IV);
  // Oracle: AES-CBC(K2[0..16], IV, PLAIN ‖ 01..08 ‖ 08): 7 + 8 + 1 = 16 bytes.
  const padded = Buffer.concat([PLAIN, Buffer.from([1, 2, 3, 4, 5, 6, 7, 8, 8])]);
  t.is(padded.length, 16);
  const session = d.subarray(4);
  t.is(session[0], 0x06);
  t.is(session[1], 0xc0);
  t.is(session.readUInt32LE(2), 0x0a0b0c0d);
  t.is(session.readUInt32LE(6), 7);
  t.is(session.readUInt16LE(10), 32);
  t.deepEqual(session.subarray(12, 28), IV);
  const dec = createDecipheriv('aes-128-cbc', K2.subarray(0, 16), IV);
  dec.setAutoPadding(false);
  t.deepEqual(Buffer.concat([dec.update(session.subarray(28, 44)), dec.final()]), padded);
  // 12 + 32 = 44 bytes; 44 + 2 = 46 → 2 pad bytes to reach 48.
  t.deepEqual(session.subarray(44, 48), Buffer.from([0xff, 0xff, 0x02, 0x07]));
  const mac = createHmac('sha1', K1).update(session.subarray(0, 48)).digest().subarray(0, 12);
  t.deepEqual(session.subarray(48), mac);

  const back = decodeRmcpPlus(d, SUITE3);
  t.true(back.ok);
  if (back.ok) {
    t.deepEqual(back.value.payload, PLAIN);
    t.is(back.value.seq, 7);
  }
  const peek = peekRmcpPlus(d);
  t.true(peek.ok && peek.value.sessionId === 0x0a0b0c0d && peek.value.encrypted && peek.value.authenticated);
});

test('a tampered byte or a wrong key fails the AuthCode; a missing auth bit is refused', (t) => {
  const d = encodeRmcpPlus({ payloadType: PAYLOAD_TYPE.IPMI, sessionId: 1, seq: 1, payload: PLAIN }, SUITE3, IV);
  const tampered = Buffer.from(d);
  tampered.writeUInt8(tampered.readUInt8(20) ^ 0x80, 20);
  const a = decodeRmcpPlus(tampered, SUITE3);
  t.false(a.ok);
  if (!a.ok) t.regex(a.error.expectation, /AuthCode/);
  t.false(decodeRmcpPlus(d, { ...SUITE3, k1: Buffer.alloc(20, 0x12) }).ok);
  const clear = encodeRmcpPlus({ payloadType: PAYLOAD_TYPE.IPMI, sessionId: 1, seq: 1, payload: PLAIN });
  const c = decodeRmcpPlus(clear, SUITE3);
  t.false(c.ok);
  if (!c.ok) t.regex(c.error.expectation, /must be authenticated/);
});

test('SHA256-128 integrity (suite 17) uses a 16-byte AuthCode', (t) => {
  const s17: SessionCrypto = { integrity: 4, k1: Buffer.alloc(32, 3), confidentiality: 1, k2: Buffer.alloc(32, 4) };
  const d = encodeRmcpPlus({ payloadType: PAYLOAD_TYPE.IPMI, sessionId: 9, seq: 2, payload: PLAIN }, s17, IV);
  const session = d.subarray(4);
  const signedLen = session.length - 16;
  t.deepEqual(session.subarray(signedLen), createHmac('sha256', s17.k1).update(session.subarray(0, signedLen)).digest().subarray(0, 16));
  t.true(decodeRmcpPlus(d, s17).ok);
});

test('every split point: a prefix never decodes, never throws', (t) => {
  const d = encodeRmcpPlus({ payloadType: PAYLOAD_TYPE.IPMI, sessionId: 1, seq: 1, payload: PLAIN }, SUITE3, IV);
  for (let n = 0; n < d.length; n++) {
    t.false(decodeRmcpPlus(d.subarray(0, n), SUITE3).ok, `prefix ${n}`);
    classifyDatagram(d.subarray(0, n));
  }
  t.true(decodeRmcpPlus(d, SUITE3).ok);
});
