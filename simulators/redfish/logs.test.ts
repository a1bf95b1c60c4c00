import test from 'ava';
import { FakeClock } from '../../lib/clock.ts';
import { RedfishService } from './service.ts';

test('a log keeps its newest maxRecords entries and unregisters the resources of the ones it drops', (t) => {
  const svc = new RedfishService({ clock: new FakeClock(), accounts: [], product: 'test', vendor: 'test' });
  const log = svc.logs.add('/redfish/v1/Managers/BMC/LogServices/SEL', { entryType: 'SEL', maxRecords: 2 });
  for (const n of [1, 2, 3, 4]) log.append({ MessageId: 'Base.1.0.Success', Message: `entry ${n}` });
  t.deepEqual(
    log.entries().map((e) => e.Message),
    ['entry 3', 'entry 4'],
  );
  const entries = '/redfish/v1/Managers/BMC/LogServices/SEL/Entries';
  t.deepEqual(
    [1, 2, 3, 4].map((id) => svc.router.entries.has(`${entries}/${id}`)),
    [false, false, true, true],
  );
});
