/** Open Session and RAKP payloads and key derivation against hand-built bytes (IPMI v2.0 §13.17–13.23, §13.31–13.32). */
import test from 'ava';
import { createHmac } from 'node:crypto';
import { decodeOpenSessionResponse, encodeOpenSessionRequest, encodeOpenSessionResponse } from './open-session.ts';
import { decodeRakp2, encodeRakp1, decodeRakp4 } from './rakp.ts';
import { deriveK, deriveSik, rakp2AuthCode, rakp3AuthCode, rakp4Icv } from './keys.ts';

test('Open Session Request for suite 3 (HMAC-SHA1, HMAC-SHA1-96, AES-CBC-128)', (t) => {
  const bytes = encodeOpenSessionRequest({ tag: 7, maxPrivilege: 0, consoleSessionId: 0x04030201, auth: 1, integrity: 1, confidentiality: 1 });
  t.deepEqual(bytes, Buffer.from([7, 0, 0, 0, 1, 2, 3, 4, 0, 0, 0, 8, 1, 0, 0, 0, 1, 0, 0, 8, 1, 0, 0, 0, 2, 0, 0, 8, 1, 0, 0, 0]));
});

test('Open Session Response: full and short (error) forms', (t) => {
  const full = Buffer.from([7, 0, 4, 0, 1, 2, 3, 4, 0xaa, 0xbb, 0xcc, 0xdd, 0, 0, 0, 8, 1, 0, 0, 0, 1, 0, 0, 8, 1, 0, 0, 0, 2, 0, 0, 8, 1, 0, 0, 0]);
  const d = decodeOpenSessionResponse(full);
  t.true(d.ok);
  if (d.ok) {
    t.is(d.value.managedSessionId, 0xddccbbaa);
    t.is(d.value.consoleSessionId, 0x04030201);
    t.deepEqual([d.value.auth, d.value.integrity, d.value.confidentiality], [1, 1, 1]);
    t.deepEqual(encodeOpenSessionResponse(d.value), full);
  }
  const short = decodeOpenSessionResponse(Buffer.from([7, 0x04]));
  t.true(short.ok && short.value.status === 4);
});

test('RAKP1 layout with the name-only role bit', (t) => {
  const rm = Buffer.alloc(16, 0xab);
  const b = encodeRakp1({ tag: 1, managedSessionId: 0x11223344, consoleRandom: rm, role: 0x14, username: Buffer.from('admin') });
  t.deepEqual(b, Buffer.concat([Buffer.from([1, 0, 0, 0, 0x44, 0x33, 0x22, 0x11]), rm, Buffer.from([0x14, 0, 0, 5]), Buffer.from('admin')]));
});

test('RAKP2/4 short error forms decode with their status', (t) => {
  const r2 = decodeRakp2(Buffer.from([1, 0x0d, 0, 0, 1, 2, 3, 4]));
  t.true(r2.ok && r2.value.status === 0x0d && r2.value.consoleSessionId === 0x04030201);
  const r4 = decodeRakp4(Buffer.from([1, 0x0f]));
  t.true(r4.ok && r4.value.status === 0x0f);
});

test('key-exchange codes and session keys follow §13.31 byte order (oracle: concatenation + node HMAC)', (t) => {
  const p = {
    auth: 1,
    kuid: Buffer.from('secret'),
    consoleSessionId: 0x01020304,
    managedSessionId: 0x0a0b0c0d,
    consoleRandom: Buffer.alloc(16, 1),
    managedRandom: Buffer.alloc(16, 2),
    managedGuid: Buffer.alloc(16, 3),
    role: 0x14,
    username: Buffer.from('admin'),
  };
  const sidm = Buffer.from([4, 3, 2, 1]);
  const sidc = Buffer.from([0x0d, 0x0c, 0x0b, 0x0a]);
  const ru = Buffer.concat([Buffer.from([0x14, 5]), Buffer.from('admin')]);
  const h = (key: Buffer, ...parts: Buffer[]): Buffer => createHmac('sha1', key).update(Buffer.concat(parts)).digest();
  t.deepEqual(rakp2AuthCode(p), h(p.kuid, sidm, sidc, p.consoleRandom, p.managedRandom, p.managedGuid, ru));
  t.deepEqual(rakp3AuthCode(p), h(p.kuid, p.managedRandom, sidm, ru));
  const sik = h(p.kuid, p.consoleRandom, p.managedRandom, ru);
  t.deepEqual(deriveSik(p), sik);
  t.deepEqual(deriveK(sik, 1, 1), h(sik, Buffer.alloc(20, 1)));
  t.deepEqual(deriveK(sik, 1, 2), h(sik, Buffer.alloc(20, 2)));
  t.deepEqual(rakp4Icv({ auth: 1, sik, consoleRandom: p.consoleRandom, managedSessionId: p.managedSessionId, managedGuid: p.managedGuid }), h(sik, p.consoleRandom, sidc, p.managedGuid).subarray(0, 12));
  // With a BMC key, SIK is keyed by Kg instead of Kuid.
  t.deepEqual(deriveSik({ ...p, kg: Buffer.from('bmckey') }), h(Buffer.from('bmckey'), p.consoleRandom, p.managedRandom, ru));
  // Auth "none" (suite 0): empty codes.
  t.is(rakp2AuthCode({ ...p, auth: 0 }).length, 0);
});
