/** Record reads (Get SEL Entry §31.5 / Get SDR §33.12), reservations, repository info and Clear SEL against hand-built bytes. */
import test from 'ava';
import {
  CLEAR_SEL_ACTION,
  READ_ENTIRE_RECORD,
  REPOSITORY_VERSION,
  decodeClearSelRequest,
  decodeRecordReadRequest,
  decodeRecordReadResponse,
  decodeRepositoryInfo,
  decodeReservationResponse,
  encodeClearSelRequest,
  encodeRecordReadRequest,
  encodeRecordReadResponse,
  encodeRepositoryInfo,
  encodeReservationResponse,
} from './sel-commands.ts';

test('record read request: reservation (2 LE), record ID (2 LE), offset, count', (t) => {
  const p = { reservationId: 0x1234, recordId: 0x0002, offset: 5, bytesToRead: READ_ENTIRE_RECORD };
  const bytes = encodeRecordReadRequest(p);
  t.deepEqual([...bytes], [0x34, 0x12, 0x02, 0x00, 0x05, 0xff]);
  t.deepEqual(decodeRecordReadRequest(bytes), { ok: true, value: p });
});

test('record read request: a short request is a decode error naming the missing field', (t) => {
  const d = decodeRecordReadRequest(Buffer.from([0x34, 0x12, 0x02, 0x00, 0x05]));
  t.false(d.ok);
  if (!d.ok) {
    t.is(d.error.where, 'record read request');
    t.regex(d.error.expectation, /bytes to read/);
    t.is(d.error.offset, 5);
  }
});

test('record read response: next record ID (2 LE), then the record bytes', (t) => {
  const bytes = encodeRecordReadResponse({ nextRecordId: 0xffff, data: Buffer.from([1, 2, 3]) });
  t.deepEqual([...bytes], [0xff, 0xff, 1, 2, 3]);
  const d = decodeRecordReadResponse(bytes);
  t.true(d.ok && d.value.nextRecordId === 0xffff && d.value.data.equals(Buffer.from([1, 2, 3])));
  const bad = decodeRecordReadResponse(Buffer.from([0xff]));
  t.false(bad.ok);
  if (!bad.ok) t.regex(bad.error.expectation, /next record ID/);
});

test('reservation and repository info responses', (t) => {
  t.deepEqual([...encodeReservationResponse(0x0102)], [0x02, 0x01]);
  t.deepEqual(decodeReservationResponse(Buffer.from([0x02, 0x01])), { ok: true, value: 0x0102 });
  const info = { version: REPOSITORY_VERSION, count: 3, freeBytes: 0, lastAddTimestamp: 0x01020304, lastEraseTimestamp: 0, operationSupport: 0x22 };
  const bytes = encodeRepositoryInfo(info);
  t.deepEqual([...bytes], [0x51, 3, 0, 0, 0, 0x04, 0x03, 0x02, 0x01, 0, 0, 0, 0, 0x22]);
  t.deepEqual(decodeRepositoryInfo(bytes), { ok: true, value: info });
});

test("Clear SEL request: reservation, 'CLR', action; a wrong tag or action names itself", (t) => {
  const bytes = encodeClearSelRequest({ reservationId: 7, action: CLEAR_SEL_ACTION.INITIATE });
  t.deepEqual([...bytes], [7, 0, 0x43, 0x4c, 0x52, 0xaa]);
  t.deepEqual(decodeClearSelRequest(bytes), { ok: true, value: { reservationId: 7, action: 0xaa } });
  const tag = decodeClearSelRequest(Buffer.from([7, 0, 0x43, 0x4c, 0x58, 0xaa]));
  t.false(tag.ok);
  if (!tag.ok) t.regex(tag.error.expectation, /'C' 'L' 'R'/);
  const action = decodeClearSelRequest(Buffer.from([7, 0, 0x43, 0x4c, 0x52, 0x01]));
  t.false(action.ok);
  if (!action.ok) t.regex(action.error.expectation, /action/);
});
