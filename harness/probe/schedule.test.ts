import test from 'ava';
import { nextSlot } from './schedule.ts';

test('the next send is the next slot of the timeline after now, however late the loop ran', (t) => {
  t.is(nextSlot(100, 1, 100), 101);
  t.is(nextSlot(100, 1, 100.4), 101);
  // Held up until 103.3: the next send is at 104, not at 104.3 (the lateness is not carried on).
  t.is(nextSlot(100, 1, 103.3), 104);
  t.is(nextSlot(100, 2, 103.3), 104);
  t.is(nextSlot(100, 2, 104), 106);
});
