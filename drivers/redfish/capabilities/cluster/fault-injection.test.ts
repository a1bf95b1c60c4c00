/**
 * ClusterLabFaultInjection against the cluster lab's fleet BMCs: a hardware fault becomes the
 * model's and the BMC's, its repair clears it, a dump starts, the BMC goes silent; a fault type
 * the service does not accept is refused here with the list.
 */
import test from 'ava';
import { ChangeRefusedError } from '../../../capabilities/cluster-errors.ts';
import { ConfigError } from '../../../../lib/errors.ts';
import { driverLab } from './testing/lab.ts';

test('inject, repair, dump and silence through the fleet BMC', async (t) => {
  const lab = await driverLab(t);
  const fi = lab.caps('srv02').ClusterLabFaultInjection;
  const before = await fi.faults();
  t.deepEqual(before.active, []);
  t.deepEqual([...before.accepted].sort(), ['Cpu', 'Fan', 'Memory', 'OsHang', 'Pcie', 'PowerSupply']);
  await fi.injectFault('Fan');
  t.deepEqual((await fi.faults()).active, ['Fan']);
  t.true(lab.model.server('srv02').faults.has('Fan'));
  await fi.repair('Fan');
  t.deepEqual((await fi.faults()).active, []);
  const off = await t.throwsAsync(lab.caps('srv08').ClusterLabFaultInjection.startDump(), { instanceOf: ChangeRefusedError });
  t.regex(off?.message ?? '', /srv08 has no OS to write a dump/);
  lab.model.start();
  await lab.until('srv02', 'Running');
  await fi.startDump();
  t.true(lab.model.system('srv02').dumping);
  const refused = await t.throwsAsync(fi.injectFault('Toaster'), { instanceOf: ConfigError });
  t.is(refused?.message, 'srv02: fault "Toaster": expected one of: Cpu, Memory, Fan, PowerSupply, OsHang, Pcie');
  await fi.stopAnswering(3600);
  t.false(lab.model.server('srv02').bmcAnswering);
});
