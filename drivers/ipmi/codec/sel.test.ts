import test from 'ava';
import fc from 'fast-check';
import { assertedStateNames, decodeSelRecord, describeEvent, encodeSelRecord, eventSeverity, selMessageId, selTimestampIso, sensorTypeName, type SelRecord, type SelSystemEvent } from './sel.ts';

function must<T>(d: { ok: true; value: T } | { ok: false; error: Error }): T {
  if (!d.ok) throw d.error;
  return d.value;
}

test('decodes the system event record ipmi_sim builds for "Voltage #0x03 Lower Non-critical going low Asserted"', (t) => {
  // Record id 7, type 02, then the 13 bytes of ipmi.md §6 (sel_add example).
  const bytes = Buffer.from([0x07, 0x00, 0x02, 0, 0, 0, 0, 0x20, 0x00, 0x04, 0x02, 0x03, 0x01, 0x00, 0x00, 0x00]);
  const r = must(decodeSelRecord(bytes));
  t.is(r.kind, 'system');
  const e = r as SelSystemEvent;
  t.is(e.recordId, 7);
  t.is(e.generatorId, 0x20);
  t.is(sensorTypeName(e.sensorType), 'Voltage');
  t.is(e.sensorNumber, 3);
  t.true(e.assertion);
  t.is(describeEvent(e), 'Lower Non-critical going low');
  t.deepEqual(encodeSelRecord(e), bytes);
});

test('redundancy, presence, processor and PCIe events have their spec names and severities', (t) => {
  const base = { kind: 'system', recordId: 1, timestamp: 0x6a000000, generatorId: 0x20, evmRev: 4, assertion: true } as const;
  const lost: SelSystemEvent = { ...base, sensorType: 0x15, sensorNumber: 0x10, eventType: 0x0b, eventData: [0x01, 0xff, 0xff] };
  const full: SelSystemEvent = { ...lost, eventData: [0x00, 0xff, 0xff] };
  const absent: SelSystemEvent = { ...base, sensorType: 0x25, sensorNumber: 0x11, eventType: 0x6f, eventData: [0x01, 0xff, 0xff] };
  const ierr: SelSystemEvent = { ...base, sensorType: 0x07, sensorNumber: 0x20, eventType: 0x6f, eventData: [0x00, 0xff, 0xff] };
  const pcie: SelSystemEvent = { ...base, sensorType: 0x13, sensorNumber: 0x30, eventType: 0x6f, eventData: [0x0a, 0xff, 0xff] };
  t.deepEqual(
    [lost, full, absent, ierr, pcie].map((e) => [describeEvent(e), eventSeverity(e)]),
    [
      ['Redundancy Lost', 'Critical'],
      ['Fully Redundant', 'OK'],
      ['Entity Absent', 'Warning'],
      ['IERR', 'Critical'],
      ['Bus Fatal Error', 'Critical'],
    ],
  );
  t.is(selMessageId(lost), '0x150B01FF');
  t.is(selTimestampIso(0x6a000000), new Date(0x6a000000 * 1000).toISOString().replace('.000Z', 'Z'));
  t.is(selTimestampIso(12), '+12s since BMC init');
});

test('OEM records keep their bytes', (t) => {
  const ts: SelRecord = { kind: 'oem-timestamped', recordId: 9, recordType: 0xc1, timestamp: 5, manufacturerId: 0x00a2b3, oemData: Buffer.from([1, 2, 3, 4, 5, 6]) };
  const nts: SelRecord = { kind: 'oem', recordId: 10, recordType: 0xe0, oemData: Buffer.alloc(13, 7) };
  t.deepEqual(must(decodeSelRecord(encodeSelRecord(ts))), ts);
  t.deepEqual(must(decodeSelRecord(encodeSelRecord(nts))), nts);
});

test('short input and unspecified record types are decode errors naming the place, not exceptions', (t) => {
  const short = decodeSelRecord(Buffer.alloc(15));
  t.false(short.ok);
  if (!short.ok) t.regex(short.error.message, /SEL record: 16 bytes, got 15/);
  const odd = decodeSelRecord(Buffer.from([1, 0, 0x05, ...Array<number>(13).fill(0)]));
  t.false(odd.ok);
  if (!odd.ok) t.regex(odd.error.message, /record type 02h or C0h..FFh, got 05h/);
});

test('encoder refuses out-of-range fields with a RangeError', (t) => {
  const bad: SelSystemEvent = { kind: 'system', recordId: 0x10000, timestamp: 0, generatorId: 0x20, evmRev: 4, sensorType: 1, sensorNumber: 1, assertion: true, eventType: 1, eventData: [0, 0, 0] };
  t.throws(() => encodeSelRecord(bad), { instanceOf: RangeError, message: /SEL record id/ });
  t.throws(() => encodeSelRecord({ ...bad, recordId: 1, eventType: 0x80 }), { instanceOf: RangeError, message: /SEL event type/ });
});

const systemEvent = fc.record({
  kind: fc.constant('system' as const),
  recordId: fc.integer({ min: 0, max: 0xffff }),
  timestamp: fc.integer({ min: 0, max: 0xffffffff }),
  generatorId: fc.integer({ min: 0, max: 0xffff }),
  evmRev: fc.integer({ min: 0, max: 0xff }),
  sensorType: fc.integer({ min: 0, max: 0xff }),
  sensorNumber: fc.integer({ min: 0, max: 0xff }),
  assertion: fc.boolean(),
  eventType: fc.integer({ min: 0, max: 0x7f }),
  eventData: fc.tuple(fc.integer({ min: 0, max: 0xff }), fc.integer({ min: 0, max: 0xff }), fc.integer({ min: 0, max: 0xff })),
});

test('property: system events round-trip through encode/decode', (t) => {
  fc.assert(
    fc.property(systemEvent, (e) => {
      const d = decodeSelRecord(encodeSelRecord(e));
      return d.ok && JSON.stringify(d.value) === JSON.stringify(e);
    }),
  );
  t.pass();
});

test('property: random and truncated bytes never throw out of the decoder', (t) => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 40 }), (bytes) => {
      const d = decodeSelRecord(bytes);
      if (d.ok && d.value.kind === 'system') describeEvent(d.value);
      return d.ok === bytes.length >= 16 || !d.ok;
    }),
  );
  t.pass();
});

test('assertedStateNames names each set bit of a state mask as describeEvent names that offset', (t) => {
  t.deepEqual(assertedStateNames({ sensorType: 0x0c, eventType: 0x0b }, 0b10), ['Redundancy Lost']);
  t.deepEqual(assertedStateNames({ sensorType: 0x07, eventType: 0x6f }, 0b11), ['IERR', 'Thermal Trip']);
  t.deepEqual(assertedStateNames({ sensorType: 0x07, eventType: 0x6f }, 0), []);
  t.deepEqual(assertedStateNames({ sensorType: 0xc0, eventType: 0x6f }, 1 << 14), ['Offset 0Eh']);
  const viaEvent: SelSystemEvent = {
    kind: 'system', recordId: 1, timestamp: 0, generatorId: 0x20, evmRev: 4, sensorType: 0x0c, sensorNumber: 3, assertion: true, eventType: 0x0b, eventData: [2, 0xff, 0xff],
  };
  t.deepEqual(assertedStateNames(viaEvent, 1 << 2), [describeEvent(viaEvent)]);
});

test('platform sensor-specific offsets have names (SEL cleared, watchdog, session audit, boot); reserved ones stay "Offset 0Xh"', (t) => {
  const ev = (sensorType: number, offset: number): SelSystemEvent => ({ kind: 'system', recordId: 1, timestamp: 0, generatorId: 0x20, evmRev: 4, sensorType, sensorNumber: 1, assertion: true, eventType: 0x6f, eventData: [offset, 0xff, 0xff] });
  t.is(describeEvent(ev(0x10, 0x02)), 'Log area reset/cleared');
  t.is(describeEvent(ev(0x23, 0x03)), 'Power cycle');
  t.is(describeEvent(ev(0x23, 0x08)), 'Timer interrupt');
  t.is(describeEvent(ev(0x23, 0x05)), 'Offset 05h');
  t.is(describeEvent(ev(0x2a, 0x03)), 'Invalid password disable');
  t.is(describeEvent(ev(0x1d, 0x00)), 'Initiated by power up');
});
