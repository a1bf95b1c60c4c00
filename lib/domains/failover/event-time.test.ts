import test from 'ava';
import type { EventRecord, HistoryRecord } from '../../history/records.ts';
import { eventInstant, isoMs, wallInstant } from './event-time.ts';

const WALL = Date.UTC(2026, 11, 6, 14, 0, 0);

function event(device: string, eventTimestamp: string, t = 500): EventRecord {
  return { type: 'event', t, wall: WALL + t, scenario: null, device, capability: 'EventSource', event: { id: '1', messageId: 'ResourceEvent.1.4.ResourcePoweredOff', messageArgs: [], message: '', severity: 'OK', originOfCondition: null, eventTimestamp, receivedAt: t, extra: {} } };
}

const offset = (device: string, t: number, offsetMs: number, timeScale: number): HistoryRecord => ({ type: 'clock-offset', t, wall: WALL + t, device, offsetMs, uncertaintyMs: 0.5, timeScale });

test('ISO 8601 with microseconds and a zone', (t) => {
  t.is(isoMs('2026-12-06T14:00:00.123456+00:00'), WALL + 123.456);
  t.is(isoMs('2026-12-06T15:00:00+01:00'), WALL);
  t.true(Number.isNaN(isoMs('yesterday')));
});

test("an event's own timestamp on the harness clock: the device's offset, and its clock running time-scale times faster", (t) => {
  // At harness t=100 the BMC's wall read WALL + 100 + 36000; 50 harness ms later it has run 20 × 50 ms.
  const bmcAt100 = WALL + 100 + 36_000;
  const stamped = new Date(bmcAt100 + 20 * 50).toISOString();
  t.is(eventInstant([offset('srv01', 100, 36_000, 20), event('srv01', stamped)], event('srv01', stamped)), 150);
  t.is(eventInstant([offset('srv01', 100, -2_000, 1)], event('srv01', new Date(WALL + 100 - 2_000 + 30).toISOString())), 130, 'real hardware: the offset alone');
});

test('no offset measured for the device, or a timestamp that is not ISO 8601: no instant', (t) => {
  t.is(eventInstant([offset('srv02', 100, 0, 1)], event('srv01', '2026-12-06T14:00:00Z')), null);
  t.is(eventInstant([offset('srv01', 100, 0, 1)], event('srv01', 'not a time')), null);
});

test("a real wall-clock stamp (the failover manager's) through the record that carried it: its t and wall at one instant", (t) => {
  t.is(wallInstant({ t: 900, wall: WALL + 1000 }, '2026-12-06T14:00:00.250Z'), 150);
  t.is(wallInstant({ t: 2000, wall: WALL + 1000 }, '2026-12-06T14:00:00.250Z'), 1250, 'a merged history moved t, not wall: the stamp moves with t');
  t.is(wallInstant({ t: 0, wall: WALL }, 'soon'), null);
});
