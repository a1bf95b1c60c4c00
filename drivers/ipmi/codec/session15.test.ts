/**
 * IPMI 1.5 session pieces against hand-built bytes (IPMI v2.0 §13.6 Table 13-7, §22.16–22.17):
 * the authenticated session wrapper, the MD5 auth code (oracle: node's MD5 over the concatenation
 * the spec names), Get Session Challenge and Activate Session data, and truncations.
 */
import test from 'ava';
import { createHash } from 'node:crypto';
import { AUTH_TYPE, decodeSession15, encodeSession15, md5AuthCode } from './session15.ts';
import {
  decodeActivateSessionRequest,
  decodeActivateSessionResponse,
  decodeSessionChallengeRequest,
  decodeSessionChallengeResponse,
  encodeActivateSessionRequest,
  encodeActivateSessionResponse,
  encodeSessionChallengeRequest,
  encodeSessionChallengeResponse,
} from './commands/session-commands.ts';

// Get Device ID request, rqSeq 1 (see message.test.ts for the byte derivation).
const MSG = Buffer.from([0x20, 0x18, 0xc8, 0x81, 0x04, 0x01, 0x7a]);
const PASSWORD = Buffer.from('secret');
const PW16 = Buffer.concat([PASSWORD, Buffer.alloc(10)]);

test('MD5 auth code = MD5(password16 ‖ session ID ‖ message ‖ sequence ‖ password16), IDs little-endian', (t) => {
  const oracle = createHash('md5')
    .update(Buffer.concat([PW16, Buffer.from([0x04, 0x03, 0x02, 0x01]), MSG, Buffer.from([0x0d, 0x0c, 0x0b, 0x0a]), PW16]))
    .digest();
  t.deepEqual(md5AuthCode(PASSWORD, 0x01020304, MSG, 0x0a0b0c0d), oracle);
  t.notDeepEqual(md5AuthCode(Buffer.from('secreT'), 0x01020304, MSG, 0x0a0b0c0d), oracle);
  t.notDeepEqual(md5AuthCode(PASSWORD, 0x01020304, MSG, 0x0a0b0c0e), oracle);
});

test('authenticated IPMI 1.5 wrapper layout: authType, seq, session ID, 16-byte auth code, length, message', (t) => {
  const code = Buffer.alloc(16, 0xaa);
  const d = encodeSession15({ authType: AUTH_TYPE.MD5, seq: 0x11223344, sessionId: 0x55667788, authCode: code, payload: MSG });
  t.deepEqual(
    d,
    Buffer.concat([Buffer.from([0x06, 0x00, 0xff, 0x07, 0x02, 0x44, 0x33, 0x22, 0x11, 0x88, 0x77, 0x66, 0x55]), code, Buffer.from([MSG.length]), MSG]),
  );
  const back = decodeSession15(d);
  t.true(back.ok);
  if (back.ok) {
    t.is(back.value.seq, 0x11223344);
    t.is(back.value.sessionId, 0x55667788);
    t.deepEqual(back.value.authCode, code);
    t.deepEqual(back.value.payload, MSG);
  }
  for (let n = 0; n < d.length; n++) t.false(decodeSession15(d.subarray(0, n)).ok, `prefix of ${n} bytes`);
  t.throws(() => encodeSession15({ authType: AUTH_TYPE.MD5, seq: 1, sessionId: 1, payload: MSG }), { instanceOf: RangeError, message: /authCode must be 16 bytes/ });
});

test('Get Session Challenge: auth type + user name padded to 16; response temporary ID + 16-byte challenge', (t) => {
  const rq = encodeSessionChallengeRequest({ authType: AUTH_TYPE.MD5, username: Buffer.from('admin') });
  t.deepEqual(rq, Buffer.concat([Buffer.from([0x02]), Buffer.from('admin'), Buffer.alloc(11)]));
  const back = decodeSessionChallengeRequest(rq);
  t.true(back.ok && back.value.authType === 2 && back.value.username.toString() === 'admin');

  const challenge = Buffer.alloc(16, 0x5c);
  const rsp = Buffer.concat([Buffer.from([0x03, 0x02, 0x01, 0x00]), challenge]);
  t.deepEqual(encodeSessionChallengeResponse({ temporarySessionId: 0x010203, challenge }), rsp);
  const d = decodeSessionChallengeResponse(rsp);
  t.true(d.ok && d.value.temporarySessionId === 0x010203 && d.value.challenge.equals(challenge));
  t.false(decodeSessionChallengeResponse(rsp.subarray(0, 19)).ok);
  t.throws(() => encodeSessionChallengeRequest({ authType: 2, username: Buffer.alloc(17, 0x61) }), { instanceOf: RangeError });
});

test('Activate Session: request auth type, privilege, challenge, initial outbound seq; response ID, inbound seq, privilege', (t) => {
  const challenge = Buffer.alloc(16, 0x77);
  const rq = encodeActivateSessionRequest({ authType: AUTH_TYPE.MD5, maxPrivilege: 4, challenge, initialOutboundSeq: 0x0a0b0c0d });
  t.deepEqual(rq, Buffer.concat([Buffer.from([0x02, 0x04]), challenge, Buffer.from([0x0d, 0x0c, 0x0b, 0x0a])]));
  const rqBack = decodeActivateSessionRequest(rq);
  t.true(rqBack.ok && rqBack.value.initialOutboundSeq === 0x0a0b0c0d && rqBack.value.maxPrivilege === 4);

  const rsp = Buffer.from([0x02, 0x44, 0x33, 0x22, 0x11, 0x02, 0x00, 0x00, 0x80, 0x04]);
  t.deepEqual(encodeActivateSessionResponse({ authType: 2, sessionId: 0x11223344, initialInboundSeq: 0x80000002, maxPrivilege: 4 }), rsp);
  const d = decodeActivateSessionResponse(rsp);
  t.true(d.ok);
  if (d.ok) t.deepEqual({ ...d.value }, { authType: 2, sessionId: 0x11223344, initialInboundSeq: 0x80000002, maxPrivilege: 4 });
  for (let n = 0; n < rsp.length; n++) t.false(decodeActivateSessionResponse(rsp.subarray(0, n)).ok, `prefix of ${n} bytes`);
});
