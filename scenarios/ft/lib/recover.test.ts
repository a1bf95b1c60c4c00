import test from 'ava';
import { systemClock } from '../../../lib/clock.ts';
import { FakeFtDevice } from '../../../harness/testing/fake-ft.ts';
import type { RecoveryTarget } from '../../../harness/scenario.ts';
import { ftRecover } from './recover.ts';

function target(fake: FakeFtDevice, drop: string[] = []): RecoveryTarget {
  const caps = Object.fromEntries(Object.entries(fake.capabilities()).filter(([k]) => !drop.includes(k)));
  return { device: 'fake0', caps, clock: systemClock, timeScale: 1 };
}

test('a crashed system is powered on and a module that does not come back is replaced; the lab reads as before', async (t) => {
  const fake = new FakeFtDevice();
  const before = { FtState: fake.snapshot() };
  fake.power = 'Off';
  fake.modules[1] = 'Absent';
  t.deepEqual(await ftRecover(target(fake), before, 300), ['powered the system on', 'replaced module 1']);
  t.deepEqual(fake.snapshot().activeModules, [0, 1]);
  t.is(fake.snapshot().powerState, 'On');
});

test('a lab already as before needs nothing; a device without the capability a step needs is an InfraError naming it', async (t) => {
  const fake = new FakeFtDevice();
  const before = { FtState: fake.snapshot() };
  t.deepEqual(await ftRecover(target(fake), before, 300), []);
  fake.power = 'Off';
  await t.throwsAsync(ftRecover(target(fake, ['PowerControl']), before, 300), { message: 'the system is Off, and the device offers no PowerControl' });
  t.deepEqual(await ftRecover(target(fake), {}, 300), [], 'nothing known of the state before: nothing to do');
});
