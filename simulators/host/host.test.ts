/**
 * The lab host in process: several devices on one lab clock (a FakeClock under it, so the test
 * moves time and every device sees the same instant), each on its own endpoints.
 */
import test from 'ava';
import { FakeClock } from '../../lib/clock.ts';
import { ConfigError } from '../../lib/errors.ts';
import { RedfishClient } from '../ft/testing/client.ts';
import { MANAGER, ROOT } from '../ft/uris.ts';
import type { HostedDeviceSpec } from './device-kind.ts';
import { startLabHost } from './host.ts';

const ft = (name: string, extra: Partial<HostedDeviceSpec> = {}): HostedDeviceSpec => ({ name, kind: 'ft', defects: [], ipmi: false, ports: {}, ...extra });

test('every device runs on the one lab clock: instants compare across devices', async (t) => {
  const base = new FakeClock(0, Date.UTC(2026, 5, 1));
  const host = await startLabHost({ devices: [ft('a'), ft('b'), ft('c', { defects: ['slow-io-failover'] })], timeScale: 10, clock: base });
  t.teardown(() => host.close());
  const clients = host.devices.map((d) => new RedfishClient(d.announcement.redfish ?? ''));
  const times = async (): Promise<string[]> => Promise.all(clients.map(async (c) => (await c.get<{ DateTime: string }>(MANAGER)).DateTime));
  const before = await times();
  t.is(new Set(before).size, 1, `one instant everywhere: ${before.join(', ')}`);
  base.advance(1000);
  const after = await times();
  t.is(new Set(after).size, 1);
  t.is(Date.parse(after[0] ?? '') - Date.parse(before[0] ?? ''), 10_000, 'one base second is ten lab seconds on every device');
  const root = await clients[2]!.get<{ Oem: { FtLab: { TimeScale: number; Defects: string[] } } }>(ROOT);
  t.is(root.Oem.FtLab.TimeScale, 10);
  t.deepEqual(root.Oem.FtLab.Defects, ['slow-io-failover']);
  t.deepEqual(
    host.announcement().devices.map((d) => [d.name, d.kind, d.timeScale]),
    [['a', 'ft', 10], ['b', 'ft', 10], ['c', 'ft', 10]],
  );
  t.is(new Set(host.announcement().devices.map((d) => d.redfish)).size, 3, 'each device has its own service root');
  t.deepEqual(
    host.announcement().devices.map((d) => (d.console as { banner?: string } | undefined)?.banner),
    ['a', 'b', 'c'].map((n) => `[ftlab console of ${n}: attached]`),
    "each console greets with its device's name",
  );
});

test('a device that cannot start stops the others and names itself', async (t) => {
  await t.throwsAsync(startLabHost({ devices: [ft('a'), ft('bad', { defects: ['no-such-defect'] })] }), { instanceOf: ConfigError, message: /bad: defects: unknown defect "no-such-defect"/ });
  await t.throwsAsync(startLabHost({ devices: [ft('a', { kind: 'toaster' })] }), { instanceOf: ConfigError, message: /devices\.a\.kind: expected one of: ft, cluster \(found "toaster"\)/ });
});
