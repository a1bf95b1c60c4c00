import test from 'ava';
import { InfraError } from '../../../lib/errors.ts';
import { failoverCandidates, isSpare, pickFailed, type LabServer } from './lab.ts';

const server = (id: string, hardwareKind: string, powerState: string, business: string | null, inPartition = false): LabServer => ({ id, hardwareKind, powerState, business, inPartition });

/** The default cluster after srv01 failed over to srv08 and was repaired: srv01 is the gx2 spare now. */
const LAB = [
  server('srv08', 'gx2', 'On', 'crm'),
  server('srv02', 'gx2', 'On', 'web'),
  server('srv01', 'gx2', 'Off', null),
  server('srv03', 'px4', 'On', null, true),
  server('srv04', 'px4', 'On', null, true),
  server('srv05', 'px4', 'On', 'batch'),
  server('srv06', 'px8', 'On', 'db'),
  server('srv07', 'px8', 'On', 'report'),
  server('srv09', 'px4', 'Off', null),
];

test('a candidate runs a business, stands alone and its hardware kind has a spare; by name', (t) => {
  t.deepEqual(LAB.filter(isSpare).map((s) => s.id), ['srv01', 'srv09']);
  t.deepEqual(failoverCandidates(LAB), [
    { server: 'srv02', business: 'web', hardwareKind: 'gx2' },
    { server: 'srv05', business: 'batch', hardwareKind: 'px4' },
    { server: 'srv08', business: 'crm', hardwareKind: 'gx2' },
  ]);
  t.deepEqual(pickFailed(LAB), { server: 'srv02', business: 'web', hardwareKind: 'gx2' });
});

test('a partition member or a server in a partition is no spare; px8 (no spare) is never a candidate', (t) => {
  const noPx4Spare = LAB.map((s) => (s.id === 'srv09' ? { ...s, inPartition: true } : s));
  t.deepEqual(failoverCandidates(noPx4Spare).map((c) => c.server), ['srv02', 'srv08']);
});

test("the scenario's own pick wins; a lab with nothing to fail is an infrastructure error that says what it found", (t) => {
  t.deepEqual(pickFailed(LAB, (lab) => failoverCandidates(lab).find((c) => c.hardwareKind === 'px4') ?? null)?.server, 'srv05');
  const spent = LAB.map((s) => (s.powerState === 'Off' ? { ...s, powerState: 'On' } : s));
  t.throws(() => pickFailed(spent), { instanceOf: InfraError, message: /no server to fail .*: srv08 gx2 On runs crm; .*srv01 gx2 On; srv03 px4 On \(partition\);/ });
});
