import test from 'ava';
import path from 'node:path';
import { ConfigError } from '../../lib/errors.ts';
import { combineDevices, parseDeviceOption, parseHostConfig } from './config.ts';

test('a host config: devices in order, profiles relative to the file, lab ipmi default per device', (t) => {
  const c = parseHostConfig({ timeScale: 5, ipmi: false, defects: ['blackout-overrun'], devices: { a: { kind: 'ft' }, b: { kind: 'ft', profile: 'p.yaml', ipmi: true, ports: { redfish: 0, udp: 7 } } } }, '/etc/lab/host.yaml');
  t.is(c.timeScale, 5);
  t.deepEqual(c.defects, ['blackout-overrun']);
  t.deepEqual(c.devices, [
    { name: 'a', kind: 'ft', defects: [], ipmi: false, ports: {} },
    { name: 'b', kind: 'ft', defects: [], ipmi: true, ports: { redfish: 0, udp: 7 }, profile: path.resolve('/etc/lab/p.yaml') },
  ]);
});

test('errors name the file, the key path and the expectation', (t) => {
  const bad = (doc: unknown, message: string): void => {
    t.throws(() => parseHostConfig(doc, 'h.yaml'), { instanceOf: ConfigError, message });
  };
  bad({ devices: { a: { kind: 'toaster' } } }, 'h.yaml: devices.a.kind: expected a device kind, one of: ft, cluster (found "toaster")');
  bad({ devices: {} }, 'h.yaml: devices: expected at least one device');
  bad({ devices: { '9x': { kind: 'ft' } } }, 'h.yaml: devices.9x: expected a device name matching ^[A-Za-z][A-Za-z0-9_-]*$');
  bad({ devices: { a: { kind: 'ft', ports: { redfish: 70000 } } } }, 'h.yaml: devices.a.ports.redfish: expected a port from 0 to 65535 (0 = a free one) (found 70000)');
  bad({ timeScale: 0, devices: { a: { kind: 'ft' } } }, 'h.yaml: timeScale: expected a number > 0 (found 0)');
  bad({ devices: { a: { kind: 'ft', defects: 'x' } } }, 'h.yaml: devices.a.defects: expected a list of non-empty strings (found "x")');
  bad({ device: {} }, 'h.yaml: device: unknown key (expected one of: timeScale, defects, ipmi, devices)');
});

test('--device options join the file devices; names are unique; lab defects come first', (t) => {
  const file = parseHostConfig({ devices: { a: { kind: 'ft', defects: ['slow-io-failover'] } } }, 'h.yaml');
  const all = combineDevices(file, [parseDeviceOption('b', true)], ['blackout-overrun']);
  t.deepEqual(all.map((d) => [d.name, d.defects]), [['a', ['blackout-overrun', 'slow-io-failover']], ['b', ['blackout-overrun']]]);
  t.throws(() => combineDevices(file, [parseDeviceOption('a', true)], []), { message: '--device a: expected a unique device name; "a" is given twice' });
  t.throws(() => parseDeviceOption('a:', true), { message: '--device a:: expected a profile file after ":"' });
});

test('examples/lab-host.yaml is a valid lab-host config', async (t) => {
  const { loadHostConfig } = await import('./config.ts');
  const file = new URL('../../examples/lab-host.yaml', import.meta.url).pathname;
  const c = loadHostConfig(file);
  t.deepEqual(c.devices.map((d) => [d.name, d.kind, d.ipmi]), [['ft0', 'ft', true], ['ft1', 'ft', true], ['ft2', 'ft', false]]);
  t.notThrows(() => combineDevices(c, [], c.defects));
});
