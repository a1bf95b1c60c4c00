/**
 * The cluster reads leave no listener on the caller's AbortSignal: a sampler passes one signal to
 * every read of a testcase, and a listener left behind per request (or too many at once: Node warns
 * past 10, MaxListenersExceededWarning) is a leak. The signal counts its abort listeners at every
 * add (events.getEventListeners); the reads go to the real cluster services on 127.0.0.1.
 */
import test from 'ava';
import { getEventListeners } from 'node:events';
import { driverLab } from './testing/lab.ts';

/** Node's default limit per signal before MaxListenersExceededWarning. */
const NODE_LISTENER_LIMIT = 10;

/** A signal whose abort listeners are counted on every add: the most at once. */
function countedSignal(): { signal: AbortSignal; peak: () => number } {
  const signal = new AbortController().signal;
  let peak = 0;
  const add = signal.addEventListener.bind(signal);
  signal.addEventListener = (...args: Parameters<AbortSignal['addEventListener']>): void => {
    add(...args);
    peak = Math.max(peak, getEventListeners(signal, 'abort').length);
  };
  return { signal, peak: () => peak };
}

test('reads of every cluster device, repeated on one signal: at most 10 abort listeners at once, none left after', async (t) => {
  const lab = await driverLab(t);
  const { signal, peak } = countedSignal();
  for (let round = 0; round < 3; round++) {
    const vlans = await lab.caps('sw1').VlanControl.read(signal);
    t.is(vlans.ports.length, 48, 'every port of sw1 was read');
    await lab.caps('array1').LunMapping.read(signal);
    await lab.caps('fcA').ZoneControl.read(signal);
    await lab.caps('fcA').FabricLogins.read(signal);
    await lab.caps('srv01').ServerInventory.read(signal);
    t.is(getEventListeners(signal, 'abort').length, 0, `round ${round}: listeners left on the signal`);
  }
  t.true(peak() > 0, 'the reads listened on the signal');
  t.true(peak() <= NODE_LISTENER_LIMIT, `${peak()} abort listeners at once`);
});
