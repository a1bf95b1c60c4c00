/** IPMI message framing against hand-built bytes from IPMI v2.0 §13.8 (independent oracle), plus truncation. */
import test from 'ava';
import { decodeIpmiRequest, decodeIpmiResponse, encodeIpmiRequest, encodeIpmiResponse, ipmiChecksum } from './message.ts';

// Get Device ID, rqSeq 1: rsAddr 20, netFn 06<<2 = 18, chk1 = -(20+18) = C8, rqAddr 81, seq 1<<2 = 04, cmd 01, chk2 = -(81+04+01) = 7A
const GET_DEVICE_ID_REQ = Buffer.from([0x20, 0x18, 0xc8, 0x81, 0x04, 0x01, 0x7a]);
// Get Chassis Status response: rqAddr 81, netFn 01<<2 = 04, chk1 = -(81+04) = 7B, rsAddr 20, seq 04, cmd 01, CC 00, data 01 10 00, chk2 = -(20+04+01+00+01+10+00) = CA
const CHASSIS_STATUS_RSP = Buffer.from([0x81, 0x04, 0x7b, 0x20, 0x04, 0x01, 0x00, 0x01, 0x10, 0x00, 0xca]);

test('checksum is the two\'s complement of the byte sum', (t) => {
  t.is(ipmiChecksum(Buffer.from([0x20, 0x18])), 0xc8);
  t.is(ipmiChecksum(Buffer.from([])), 0);
});

test('request encodes to the spec bytes and decodes back', (t) => {
  const req = { rsAddr: 0x20, netFn: 0x06, rsLun: 0, rqAddr: 0x81, rqSeq: 1, rqLun: 0, cmd: 0x01, data: Buffer.alloc(0) };
  t.deepEqual(encodeIpmiRequest(req), GET_DEVICE_ID_REQ);
  const d = decodeIpmiRequest(GET_DEVICE_ID_REQ);
  t.true(d.ok);
  if (d.ok) t.deepEqual({ ...d.value, data: [...d.value.data] }, { ...req, data: [] });
});

test('response encodes to the spec bytes and decodes back', (t) => {
  const rsp = { rqAddr: 0x81, netFn: 0x01, rqLun: 0, rsAddr: 0x20, rqSeq: 1, rsLun: 0, cmd: 0x01, completionCode: 0, data: Buffer.from([0x01, 0x10, 0x00]) };
  t.deepEqual(encodeIpmiResponse(rsp), CHASSIS_STATUS_RSP);
  const d = decodeIpmiResponse(CHASSIS_STATUS_RSP);
  t.true(d.ok);
  if (d.ok) t.deepEqual([...d.value.data], [0x01, 0x10, 0x00]);
});

test('a flipped byte fails a checksum with a named place', (t) => {
  const bad = Buffer.from(CHASSIS_STATUS_RSP);
  bad.writeUInt8(bad.readUInt8(7) ^ 0x01, 7);
  const d = decodeIpmiResponse(bad);
  t.false(d.ok);
  if (!d.ok) {
    t.is(d.error.where, 'IPMI response');
    t.regex(d.error.expectation, /checksum/);
  }
  const badHead = Buffer.from(GET_DEVICE_ID_REQ);
  badHead[2] = 0;
  const h = decodeIpmiRequest(badHead);
  t.false(h.ok);
  if (!h.ok) t.is(h.error.offset, 2);
});

test('every truncation of a frame is a decode error, never an exception', (t) => {
  for (let n = 0; n < CHASSIS_STATUS_RSP.length; n++) {
    const d = decodeIpmiResponse(CHASSIS_STATUS_RSP.subarray(0, n));
    t.false(d.ok, `prefix of ${n} bytes`);
  }
  for (let n = 0; n < GET_DEVICE_ID_REQ.length; n++) t.false(decodeIpmiRequest(GET_DEVICE_ID_REQ.subarray(0, n)).ok);
});
