/**
 * Property tests (fast-check): every decoder returns a result (never throws) on random bytes and on
 * truncations of valid encodings; encode → decode round-trips for every payload and command.
 */
import test from 'ava';
import fc from 'fast-check';
import { isDeepStrictEqual } from 'node:util';
import * as codec from './index.ts';
import type { Decoded } from './bytes.ts';

const DECODERS: Record<string, (b: Uint8Array) => Decoded<unknown>> = {
  decodeRmcp: codec.decodeRmcp,
  decodeAsf: codec.decodeAsf,
  decodeSession15: codec.decodeSession15,
  decodeRmcpPlusClear: (b) => codec.decodeRmcpPlus(b),
  decodeRmcpPlusSuite3: (b) => codec.decodeRmcpPlus(b, { integrity: 1, k1: Buffer.alloc(20, 1), confidentiality: 1, k2: Buffer.alloc(20, 2) }),
  decodeRmcpPlusSuite17: (b) => codec.decodeRmcpPlus(b, { integrity: 4, k1: Buffer.alloc(32, 1), confidentiality: 1, k2: Buffer.alloc(32, 2) }),
  peekRmcpPlus: codec.peekRmcpPlus,
  classifyDatagram: codec.classifyDatagram,
  decryptPayload: (b) => codec.decryptPayload(Buffer.alloc(16, 9), b),
  decodeOpenSessionRequest: codec.decodeOpenSessionRequest,
  decodeOpenSessionResponse: codec.decodeOpenSessionResponse,
  decodeRakp1: codec.decodeRakp1,
  decodeRakp2: codec.decodeRakp2,
  decodeRakp3: codec.decodeRakp3,
  decodeRakp4: codec.decodeRakp4,
  decodeIpmiRequest: codec.decodeIpmiRequest,
  decodeIpmiResponse: codec.decodeIpmiResponse,
  decodeGetDeviceIdResponse: codec.decodeGetDeviceIdResponse,
  decodeChannelAuthRequest: codec.decodeChannelAuthRequest,
  decodeChannelAuthResponse: codec.decodeChannelAuthResponse,
  decodeChassisStatusResponse: codec.decodeChassisStatusResponse,
  decodeChassisControlRequest: codec.decodeChassisControlRequest,
  decodeGetBootOptionsRequest: codec.decodeGetBootOptionsRequest,
  decodeGetBootOptionsResponse: codec.decodeGetBootOptionsResponse,
  decodeSetBootOptionsRequest: codec.decodeSetBootOptionsRequest,
  decodeBootFlags: codec.decodeBootFlags,
  decodeSelInfoResponse: codec.decodeSelInfoResponse,
  decodeReservationResponse: codec.decodeReservationResponse,
  decodeRecordReadRequest: codec.decodeRecordReadRequest,
  decodeRecordReadResponse: codec.decodeRecordReadResponse,
  decodeClearSelRequest: codec.decodeClearSelRequest,
  decodeClearSelResponse: codec.decodeClearSelResponse,
  decodeSdrRepositoryInfoResponse: codec.decodeSdrRepositoryInfoResponse,
  decodeGetSensorReadingRequest: codec.decodeGetSensorReadingRequest,
  decodeGetSensorReadingResponse: codec.decodeGetSensorReadingResponse,
  decodeSetSessionPrivilegeRequest: codec.decodeSetSessionPrivilegeRequest,
  decodeSetSessionPrivilegeResponse: codec.decodeSetSessionPrivilegeResponse,
  decodeCloseSessionRequest: codec.decodeCloseSessionRequest,
  decodeSessionChallengeRequest: codec.decodeSessionChallengeRequest,
  decodeSessionChallengeResponse: codec.decodeSessionChallengeResponse,
  decodeActivateSessionRequest: codec.decodeActivateSessionRequest,
  decodeActivateSessionResponse: codec.decodeActivateSessionResponse,
};

const bytes = fc.uint8Array({ maxLength: 96 });
const u8 = fc.integer({ min: 0, max: 255 });
const u32 = fc.integer({ min: 0, max: 0xffffffff });
const buf = (min: number, max: number): fc.Arbitrary<Buffer> => fc.uint8Array({ minLength: min, maxLength: max }).map((a) => Buffer.from(a));

function isResult(d: Decoded<unknown>): boolean {
  return d.ok === true || (d.ok === false && d.error instanceof Error && typeof d.error.where === 'string');
}

test('random bytes never throw out of any decoder', (t) => {
  for (const [name, decode] of Object.entries(DECODERS)) {
    fc.assert(fc.property(bytes, (b) => isResult(decode(b))), { numRuns: 300 });
    t.pass(name);
  }
});

test('random datagrams behind a valid RMCP+ header never throw', (t) => {
  const header = fc.tuple(fc.constantFrom(0x00, 0x40, 0x80, 0xc0, 0x02, 0x10, 0x13), u32, u32, fc.integer({ min: 0, max: 80 }), bytes).map(([type, sid, seq, len, rest]) => {
    const h = Buffer.alloc(16);
    h.set([6, 0, 0xff, 7, 6, type]);
    h.writeUInt32LE(sid, 6);
    h.writeUInt32LE(seq, 10);
    h.writeUInt16LE(len, 14);
    return Buffer.concat([h, rest]);
  });
  fc.assert(fc.property(header, (d) => isResult(DECODERS.decodeRmcpPlusSuite3!(d)) && isResult(codec.classifyDatagram(d))));
  t.pass();
});

test('RMCP+ round trip with random keys, payloads and suites; every truncation fails cleanly', (t) => {
  const crypto = fc.constantFrom<[number, number, number]>([1, 0, 20], [1, 1, 20], [4, 1, 32], [4, 0, 32], [0, 0, 20]).chain(([integrity, confidentiality, klen]) =>
    fc.record({ integrity: fc.constant(integrity), confidentiality: fc.constant(confidentiality), k1: buf(klen, klen), k2: buf(klen, klen) }),
  );
  fc.assert(
    fc.property(crypto, u32, u32, buf(0, 64), (c, sid, seq, payload) => {
      const d = codec.encodeRmcpPlus({ payloadType: 0, sessionId: sid, seq, payload }, c);
      const back = codec.decodeRmcpPlus(d, c);
      if (!back.ok || !back.value.payload.equals(payload) || back.value.sessionId !== sid || back.value.seq !== seq) return false;
      for (let n = 0; n < d.length; n++) if (codec.decodeRmcpPlus(d.subarray(0, n), c).ok) return false;
      return true;
    }),
    { numRuns: 150 },
  );
  t.pass();
});

test('IPMI message round trips', (t) => {
  const six = fc.integer({ min: 0, max: 63 });
  const lun = fc.integer({ min: 0, max: 3 });
  fc.assert(
    fc.property(u8, six, lun, u8, six, lun, u8, buf(0, 40), (a, netFn, l1, b, seq, l2, cmd, data) => {
      const req = { rsAddr: a, netFn, rsLun: l1, rqAddr: b, rqSeq: seq, rqLun: l2, cmd, data };
      const r = codec.decodeIpmiRequest(codec.encodeIpmiRequest(req));
      const rsp = { rqAddr: a, netFn, rqLun: l1, rsAddr: b, rqSeq: seq, rsLun: l2, cmd, completionCode: cmd ^ 0x5a, data };
      const s = codec.decodeIpmiResponse(codec.encodeIpmiResponse(rsp));
      return r.ok && s.ok && isDeepStrictEqual(r.value, req) && isDeepStrictEqual(s.value, rsp);
    }),
  );
  t.pass();
});

test('session setup payload round trips', (t) => {
  const alg = fc.integer({ min: 0, max: 63 });
  fc.assert(
    fc.property(u8, fc.integer({ min: 0, max: 15 }), u32, u32, alg, alg, alg, (tag, priv, c, m, a, i, k) => {
      const rq = { tag, maxPrivilege: priv, consoleSessionId: c, auth: a, integrity: i, confidentiality: k };
      const rs = { ...rq, status: 0, managedSessionId: m };
      const x = codec.decodeOpenSessionRequest(codec.encodeOpenSessionRequest(rq));
      const y = codec.decodeOpenSessionResponse(codec.encodeOpenSessionResponse(rs));
      return x.ok && y.ok && isDeepStrictEqual(x.value, rq) && isDeepStrictEqual(y.value, rs);
    }),
  );
  fc.assert(
    fc.property(u8, u32, buf(16, 16), u8, buf(0, 16), buf(16, 16), buf(0, 32), (tag, sid, r, role, user, guid, code) => {
      const r1 = { tag, managedSessionId: sid, consoleRandom: r, role, username: user };
      const r2 = { tag, status: 0, consoleSessionId: sid, managedRandom: r, managedGuid: guid, authCode: code };
      const r3 = { tag, status: role, managedSessionId: sid, authCode: code };
      const r4 = { tag, status: 0, consoleSessionId: sid, icv: code };
      const same = (a: unknown, b: object): boolean => isDeepStrictEqual(a, { ...b }); // fc.record objects have a null prototype
      const d1 = codec.decodeRakp1(codec.encodeRakp1(r1));
      const d2 = codec.decodeRakp2(codec.encodeRakp2(r2));
      const d3 = codec.decodeRakp3(codec.encodeRakp3(r3));
      const d4 = codec.decodeRakp4(codec.encodeRakp4(r4));
      return d1.ok && d2.ok && d3.ok && d4.ok && same(d1.value, r1) && same(d2.value, r2) && same(d3.value, r3) && same(d4.value, r4);
    }),
  );
  t.pass();
});

test('command payload round trips', (t) => {
  const same = (a: unknown, b: object): boolean => isDeepStrictEqual(a, { ...b }); // fc.record objects have a null prototype
  const bool = fc.boolean();
  fc.assert(
    fc.property(fc.record({
      powerOn: bool, powerOverload: bool, interlock: bool, powerFault: bool, powerControlFault: bool,
      restorePolicy: fc.constantFrom('always-off' as const, 'previous' as const, 'always-on' as const, 'unknown' as const),
      lastPowerEvent: fc.integer({ min: 0, max: 31 }), intrusion: bool, frontPanelLockout: bool, driveFault: bool, coolingFault: bool,
      identifyState: fc.integer({ min: 0, max: 3 }), identifySupported: bool,
    }), (s) => {
      const d = codec.decodeChassisStatusResponse(codec.encodeChassisStatusResponse(s));
      return d.ok && same(d.value, s);
    }),
  );
  fc.assert(
    fc.property(fc.record({
      deviceId: u8, deviceRevision: fc.integer({ min: 0, max: 15 }), providesSdrs: bool, firmwareMajor: fc.integer({ min: 0, max: 127 }),
      firmwareMinorBcd: u8, updateInProgress: bool, ipmiVersionBcd: u8, additionalSupport: u8,
      manufacturerId: fc.integer({ min: 0, max: 0xfffff }), productId: fc.integer({ min: 0, max: 0xffff }),
    }), (d) => {
      const x = codec.decodeGetDeviceIdResponse(codec.encodeGetDeviceIdResponse(d));
      return x.ok && same(x.value, d);
    }),
  );
  fc.assert(
    fc.property(fc.record({
      valid: bool, persistent: bool, efi: bool, device: fc.constantFrom(...(Object.keys(codec.BOOT_DEVICE_CODE) as codec.BootDevice[])),
      otherByte2: fc.integer({ min: 0, max: 255 }).map((v) => v & 0xc3), byte3: u8, byte4: u8, byte5: u8,
    }), (f) => {
      const x = codec.decodeBootFlags(codec.encodeBootFlags(f));
      return x.ok && same(x.value, f);
    }),
  );
  fc.assert(
    fc.property(u8, bool, bool, bool, fc.integer({ min: 0, max: 0x7fff }), fc.constantFrom(0 as const, 1 as const, 2 as const), (raw, e, s, u, states, n) => {
      const st = n === 0 ? 0 : n === 1 ? states & 0xff : states;
      const r = { raw, eventMessagesEnabled: e, scanningEnabled: s, readingUnavailable: u, states: st, stateBytes: n };
      const x = codec.decodeGetSensorReadingResponse(codec.encodeGetSensorReadingResponse(r));
      return x.ok && same(x.value, r);
    }),
  );
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 0xffff }), fc.integer({ min: 0, max: 0xffff }), u8, u8, (res, id, off, n) => {
      const r = { reservationId: res, recordId: id, offset: off, bytesToRead: n };
      const x = codec.decodeRecordReadRequest(codec.encodeRecordReadRequest(r));
      const c = codec.decodeClearSelRequest(codec.encodeClearSelRequest({ reservationId: res, action: 0xaa }));
      return x.ok && same(x.value, r) && c.ok && c.value.reservationId === res;
    }),
  );
  t.pass();
});

test('BMC-side response encoders round-trip: SEL/SDR info, reservations, record reads, Clear SEL, privilege, boot options', (t) => {
  const u16 = fc.integer({ min: 0, max: 0xffff });
  const info = fc.record({ version: u8, count: u16, freeBytes: u16, lastAddTimestamp: u32, lastEraseTimestamp: u32, operationSupport: u8 });
  fc.assert(
    fc.property(info, (i) => {
      const sel = codec.decodeSelInfoResponse(codec.encodeSelInfoResponse(i));
      const sdr = codec.decodeSdrRepositoryInfoResponse(codec.encodeSdrRepositoryInfoResponse(i));
      return sel.ok && sdr.ok && isDeepStrictEqual(sel.value, { ...i }) && isDeepStrictEqual(sdr.value, { ...i });
    }),
  );
  fc.assert(
    fc.property(u16, u16, buf(0, 32), fc.boolean(), fc.integer({ min: 0, max: 15 }), (res, next, data, done, priv) => {
      const r = codec.decodeReservationResponse(codec.encodeReservationResponse(res));
      const rr = codec.decodeRecordReadResponse(codec.encodeRecordReadResponse({ nextRecordId: next, data }));
      const c = codec.decodeClearSelResponse(codec.encodeClearSelResponse(done));
      const p = codec.decodeSetSessionPrivilegeResponse(codec.encodeSetSessionPrivilegeResponse(priv));
      return r.ok && r.value === res && rr.ok && rr.value.nextRecordId === next && rr.value.data.equals(data) && c.ok && c.value === done && p.ok && p.value === priv;
    }),
  );
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 15 }), fc.integer({ min: 0, max: 0x7f }), fc.boolean(), buf(0, 16), (parameterVersion, parameter, invalid, data) => {
      const x = codec.decodeGetBootOptionsResponse(codec.encodeGetBootOptionsResponse({ parameterVersion, parameter, invalid, data }));
      return x.ok && x.value.parameterVersion === parameterVersion && x.value.parameter === parameter && x.value.invalid === invalid && x.value.data.equals(data);
    }),
  );
  t.pass();
});
