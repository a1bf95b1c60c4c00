import test from 'ava';
import { fileURLToPath } from 'node:url';
import { loadBudgets } from '../../../harness/budgets/load.ts';

const DIR = fileURLToPath(new URL('../../../budgets', import.meta.url));

test('budgets/failover.yaml: every phase of a failover has a budget in SUT ms whose source says where the number comes from', (t) => {
  const book = loadBudgets(DIR);
  t.deepEqual(book.ids().filter((id) => id.startsWith('fo.')), ['fo.detection', 'fo.fence', 'fo.fault-to-off', 'fo.remap', 'fo.boot', 'fo.outage', 'fo.total']);
  for (const id of book.ids().filter((i) => i.startsWith('fo.'))) {
    const def = book.def(id);
    t.is(def?.unit, 'ms', id);
    t.regex(def?.source ?? '', /cluster lab's timing|Operator SLA placeholder|The sum of/, `${id} says whether it is derived from the lab or a placeholder`);
  }
  t.is(book.resolve('fo.fence', { dumpMs: 0 }).limit, 30_000);
  t.is(book.resolve('fo.fence', { dumpMs: 90_000 }).limit, 120_000, 'a dump in progress adds its duration');
  t.throws(() => book.resolve('fo.fence'), { message: /dumpMs/ });
  t.is(book.resolve('fo.total', { dumpMs: 90_000, managerMs: 1500 }).limit, 253_000, 'the fence waits for the dump: the whole failover does; the manager works twice on its critical path');
  t.is(book.resolve('fo.outage', { dumpMs: 0, managerMs: 15_000 }).limit, 180_000, 'at time scale 10 the manager\'s 1.5 s of work is 15 s SUT, twice');
  t.is(book.resolve('fo.fault-to-off', { dumpMs: 0, managerMs: 1500 }).limit, book.resolve('fo.fence', { dumpMs: 0 }).limit + book.resolve('fo.detection', { managerMs: 1500 }).limit, 'detection + fence');
});
