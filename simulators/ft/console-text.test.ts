import test from 'ava';
import { BOOT_LINES, consoleLines, uptimeStamp } from './console-text.ts';

test('uptime stamps are seconds with microseconds, right-aligned as the kernel prints them', (t) => {
  t.is(uptimeStamp(0), '[    0.000000]');
  t.is(uptimeStamp(123_456.789), '[  123.456789]');
  t.is(uptimeStamp(-5), '[    0.000000]');
});

test('each event prints the OS\'s own words; BMC-only events print nothing', (t) => {
  t.deepEqual(consoleLines({ at: 0, type: 'SubsystemIsolated', module: 1, subsystem: 'Io', kind: 'Permanent', reason: 'PCIe link training failed', component: 'M1-HBA0' }), [
    'ftsrv: module 1 Io subsystem isolated (permanent error), component M1-HBA0: PCIe link training failed',
  ]);
  t.deepEqual(consoleLines({ at: 0, type: 'IoFailoverCompleted', kind: 'Storage', team: 'mpath0', from: 'M0-HBA0', to: 'M1-HBA0' }), ['device-mapper: multipath: active path M1-HBA0']);
  t.deepEqual(consoleLines({ at: 0, type: 'LinkChanged', iface: 'M0-HBA0', module: 0, linkUp: false }), ['qla2xxx: M0-HBA0: LOOP DOWN detected']);
  t.deepEqual(consoleLines({ at: 0, type: 'SystemCrashed', reason: 'both modules failed' }), ['Kernel panic - not syncing: both modules failed', '---[ end Kernel panic - not syncing ]---']);
  t.deepEqual(consoleLines({ at: 0, type: 'SystemPowerChanged', state: 'On' }), [...BOOT_LINES]);
  t.deepEqual(consoleLines({ at: 0, type: 'SystemPowerChanged', state: 'PoweringOff' }), []);
  t.deepEqual(consoleLines({ at: 0, type: 'LedChanged', module: 0, on: true }), []);
});
