import test from 'ava';
import fc from 'fast-check';
import {
  decodeSdrHeader,
  decodeSdrRecord,
  decodeSdrRecords,
  encodeSdrRecord,
  rawToValue,
  readableThresholds,
  unitName,
  valueToRaw,
  type SdrFullSensor,
  type SdrRecord,
} from './sdr.ts';

function must<T>(d: { ok: true; value: T } | { ok: false; error: Error }): T {
  if (!d.ok) throw d.error;
  return d.value;
}

const cpuTemp: SdrFullSensor = {
  kind: 'full',
  recordId: 2,
  ownerId: 0x20,
  ownerLun: 0,
  sensorNumber: 1,
  entityId: 3,
  entityInstance: 1,
  initialization: 0x7f,
  capabilities: 0x68,
  sensorType: 0x01,
  eventType: 0x01,
  assertionMask: 0x7a95,
  deassertionMask: 0x7a95,
  readingMask: 0x3f3f,
  analogFormat: 'unsigned',
  unitsFlags: 0,
  baseUnit: 1,
  modifierUnit: 0,
  linearization: 0,
  m: 1,
  b: 0,
  tolerance: 0,
  accuracy: 0,
  accuracyExp: 0,
  direction: 0,
  rExp: 0,
  bExp: 0,
  analogFlags: 1,
  nominal: 45,
  normalMax: 80,
  normalMin: 10,
  sensorMax: 255,
  sensorMin: 0,
  thresholds: { unr: 100, ucr: 90, unc: 80, lnr: 0, lcr: 5, lnc: 10 },
  hysteresisPositive: 2,
  hysteresisNegative: 2,
  oem: 0,
  idString: 'CPU Temp',
};

test('a full sensor record has the §43.1 layout: ID string type/length at byte 48', (t) => {
  const b = encodeSdrRecord(cpuTemp);
  t.is(b.length, 48 + 8);
  t.deepEqual([...b.subarray(0, 5)], [2, 0, 0x51, 0x01, 48 + 8 - 5]);
  t.is(b[5], 0x20); // owner
  t.is(b[7], 1); // sensor number
  t.is(b[12], 0x01); // sensor type
  t.is(b[36], 100); // UNR
  t.is(b[41], 10); // LNC
  t.is(b[47], 0xc8); // ID type/length: 8-bit Latin-1, 8 chars
  t.is(b.subarray(48).toString('latin1'), 'CPU Temp');
  t.deepEqual(must(decodeSdrRecord(b)), cpuTemp);
  t.deepEqual(must(decodeSdrHeader(b)), { recordId: 2, version: 0x51, recordType: 1, bodyLength: 51 });
  t.deepEqual(readableThresholds(cpuTemp), ['lnc', 'lcr', 'lnr', 'unc', 'ucr', 'unr']);
  t.is(unitName(cpuTemp), 'degrees C');
});

test('reading conversion follows y = (M·x + B·10^Bexp)·10^Rexp, including negative factors', (t) => {
  t.is(rawToValue(cpuTemp, 45), 45);
  const volts: SdrFullSensor = { ...cpuTemp, baseUnit: 4, m: 2, b: -5, bExp: 1, rExp: -2 }; // (2x - 50) / 100
  t.is(rawToValue(volts, 85), 1.2);
  t.is(valueToRaw(volts, 1.2), 85);
  const fan: SdrFullSensor = { ...cpuTemp, baseUnit: 18, m: 50 };
  t.is(rawToValue(fan, 96), 4800);
  t.is(valueToRaw(fan, 4800), 96);
  t.is(valueToRaw(fan, 1e9), 255); // clamped
  const signedTemp: SdrFullSensor = { ...cpuTemp, analogFormat: 'twos-complement' };
  t.is(rawToValue(signedTemp, 0xf6), -10);
  t.is(valueToRaw(signedTemp, -10), 0xf6);
  t.is(rawToValue({ ...cpuTemp, analogFormat: 'none' }, 1), null);
  const m10 = must(decodeSdrRecord(encodeSdrRecord({ ...cpuTemp, m: -300, b: 511, rExp: -8, bExp: 7 }))) as SdrFullSensor;
  t.deepEqual([m10.m, m10.b, m10.rExp, m10.bExp], [-300, 511, -8, 7]);
});

test('compact, event-only, MC locator and unknown records round-trip', (t) => {
  const records: SdrRecord[] = [
    {
      kind: 'compact',
      recordId: 3,
      ownerId: 0x20,
      ownerLun: 0,
      sensorNumber: 0x10,
      entityId: 0x07,
      entityInstance: 1,
      initialization: 0x67,
      capabilities: 0x40,
      sensorType: 0x15,
      eventType: 0x0b,
      assertionMask: 0x00ff,
      deassertionMask: 0,
      readingMask: 0x00ff,
      unitsByte1: 0xc0,
      baseUnit: 0,
      modifierUnit: 0,
      recordSharing: 0,
      hysteresisPositive: 0,
      hysteresisNegative: 0,
      oem: 0,
      idString: 'Lockstep Redund',
    },
    { kind: 'event-only', recordId: 4, ownerId: 0x20, ownerLun: 0, sensorNumber: 0x30, entityId: 0x0b, entityInstance: 1, sensorType: 0x13, eventType: 0x6f, recordSharing: 0, oem: 0, idString: 'PCIe Bus' },
    { kind: 'mc-locator', recordId: 1, slaveAddress: 0x20, channel: 0, powerStateInit: 0, capabilities: 0x2f, entityId: 0x06, entityInstance: 1, oem: 0, idString: 'ftlab BMC' },
    { kind: 'other', recordId: 5, recordType: 0xc0, version: 0x51, body: Buffer.from([0x57, 0x01, 0x00, 9]) },
  ];
  const dump = Buffer.concat(records.map(encodeSdrRecord));
  t.deepEqual(must(decodeSdrRecords(dump)), records);
});

test('short and inconsistent records are decode errors that name the record', (t) => {
  const b = encodeSdrRecord(cpuTemp);
  const cut = decodeSdrRecord(b.subarray(0, 20));
  t.false(cut.ok);
  if (!cut.ok) t.regex(cut.error.message, /record 2: 51 body bytes as its header says, got 15/);
  const lying = Buffer.from(b);
  lying[4] = 10; // a full record claiming a 10-byte body
  const d = decodeSdrRecord(lying.subarray(0, 15));
  t.false(d.ok);
  if (!d.ok) t.regex(d.error.message, /full sensor.*at least 42 bytes, got 10/);
  t.false(decodeSdrRecords(Buffer.concat([b, b.subarray(0, 7)])).ok);
});

test('encoder refuses an over-long ID string and out-of-range factors', (t) => {
  t.throws(() => encodeSdrRecord({ ...cpuTemp, idString: 'x'.repeat(17) }), { instanceOf: RangeError, message: /at most 16/ });
  t.throws(() => encodeSdrRecord({ ...cpuTemp, m: 512 }), { instanceOf: RangeError, message: /SDR M/ });
});

test('property: random and truncated bytes never throw out of the decoders', (t) => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 80 }), (bytes) => {
      const one = decodeSdrRecord(bytes);
      const all = decodeSdrRecords(bytes);
      if (one.ok && one.value.kind === 'full') {
        rawToValue(one.value, 0x80);
        unitName(one.value);
      }
      return typeof one.ok === 'boolean' && typeof all.ok === 'boolean';
    }),
  );
  const whole = encodeSdrRecord(cpuTemp);
  for (let n = 0; n < whole.length; n++) t.false(decodeSdrRecord(whole.subarray(0, n)).ok, `prefix of ${n} bytes`);
});
