/** Chassis Control request and Get Chassis Status response against hand-built bytes (§28.2, §28.3, Table 28-4). */
import test from 'ava';
import { CHASSIS_ACTIONS, CHASSIS_ACTION_BY_NAME, decodeChassisControlRequest, decodeChassisStatusResponse, encodeChassisControlRequest, encodeChassisStatusResponse, type ChassisStatus } from './chassis.ts';

// Table 28-4: 0 power down, 1 power up, 2 power cycle, 3 hard reset, 4 diagnostic interrupt, 5 soft shutdown.
const CODES: ReadonlyArray<[string, number]> = [
  ['power-off', 0],
  ['power-on', 1],
  ['power-cycle', 2],
  ['hard-reset', 3],
  ['diagnostic-interrupt', 4],
  ['soft-off', 5],
];

test('Chassis Control request: every action encodes to its Table 28-4 code and decodes back', (t) => {
  for (const [name, code] of CODES) {
    const action = CHASSIS_ACTIONS.find((a) => a === name);
    if (!action) return t.fail(`${name} is not a chassis action`);
    t.deepEqual([...encodeChassisControlRequest(action)], [code], name);
    const d = decodeChassisControlRequest(Buffer.from([code]));
    t.deepEqual(d, { ok: true, value: action });
  }
});

test('Chassis Control request: the console verbs name the same actions', (t) => {
  t.deepEqual(
    Object.entries(CHASSIS_ACTION_BY_NAME).map(([verb, a]) => [verb, encodeChassisControlRequest(a)[0]]),
    [
      ['off', 0],
      ['on', 1],
      ['cycle', 2],
      ['reset', 3],
      ['diag', 4],
      ['soft', 5],
    ],
  );
});

test('Chassis Control request: bits 7:4 are ignored; an unknown code or no byte is a decode error naming the field', (t) => {
  t.deepEqual(decodeChassisControlRequest(Buffer.from([0xf1])), { ok: true, value: 'power-on' });
  const bad = decodeChassisControlRequest(Buffer.from([0x06]));
  t.false(bad.ok);
  if (!bad.ok) {
    t.is(bad.error.where, 'Chassis Control request');
    t.regex(bad.error.expectation, /chassis control action must be 0–5, got 6/);
    t.is(bad.error.offset, 0);
  }
  const empty = decodeChassisControlRequest(Buffer.alloc(0));
  t.false(empty.ok);
  if (!empty.ok) t.regex(empty.error.expectation, /chassis control/);
  t.throws(() => encodeChassisControlRequest('reboot' as never), { instanceOf: RangeError });
});

test('Get Chassis Status response: a powered-on BMC with restore policy "previous" and identify support', (t) => {
  const s: ChassisStatus = {
    powerOn: true,
    powerOverload: false,
    interlock: false,
    powerFault: true,
    powerControlFault: false,
    restorePolicy: 'previous',
    lastPowerEvent: 0,
    intrusion: false,
    frontPanelLockout: false,
    driveFault: false,
    coolingFault: false,
    identifyState: 0,
    identifySupported: true,
    frontPanelButtons: 0,
  };
  // byte 1: bit0 on | bit3 fault | policy 01b << 5 = 0x29; byte 3: bit6 identify supported.
  const bytes = [0x29, 0x00, 0x40, 0x00];
  t.deepEqual([...encodeChassisStatusResponse(s)], bytes);
  t.deepEqual(decodeChassisStatusResponse(Buffer.from(bytes)), { ok: true, value: s });
});
