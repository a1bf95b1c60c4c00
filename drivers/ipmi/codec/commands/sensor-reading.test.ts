/** Get Sensor Reading (§35.14) against hand-built bytes. */
import test from 'ava';
import { decodeGetSensorReadingRequest, decodeGetSensorReadingResponse, encodeGetSensorReadingRequest, encodeGetSensorReadingResponse } from './sensor-reading.ts';

test('request: the sensor number; an empty request names the field', (t) => {
  t.deepEqual([...encodeGetSensorReadingRequest(0x63)], [0x63]);
  t.deepEqual(decodeGetSensorReadingRequest(Buffer.from([0x63])), { ok: true, value: 0x63 });
  const d = decodeGetSensorReadingRequest(Buffer.alloc(0));
  t.false(d.ok);
  if (!d.ok) t.regex(d.error.expectation, /sensor number/);
});

test('response: reading, flags, states; byte 4 bit 7 is sent as 1 and ignored on read', (t) => {
  const r = { raw: 0x2d, eventMessagesEnabled: true, scanningEnabled: true, readingUnavailable: false, states: 0x0108, stateBytes: 2 as const };
  const bytes = encodeGetSensorReadingResponse(r);
  t.deepEqual([...bytes], [0x2d, 0xc0, 0x08, 0x81]);
  t.deepEqual(decodeGetSensorReadingResponse(bytes), { ok: true, value: r });
  const short = decodeGetSensorReadingResponse(Buffer.from([0x2d]));
  t.false(short.ok);
  if (!short.ok) t.regex(short.error.expectation, /flags/);
});
