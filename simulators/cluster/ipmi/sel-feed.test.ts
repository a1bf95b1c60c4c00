/** The SEL records of cluster model events (pure): exact bytes, and whose BMC logs them. */
import test from 'ava';
import type { ClusterEvent } from '../model/events.ts';
import { selEventsFor } from './sel-feed.ts';
import { SENSOR, SENSOR_TYPE } from './sensor-numbers.ts';

const at = 0;

test('power and boot states of a system: ACPI, firmware progress codes, boot error, OS boot, OS stop', (t) => {
  const sys = (e: Record<string, unknown>): ClusterEvent => ({ at, device: 'lp1', system: 'lp1', ...e }) as ClusterEvent;
  const records = [
    sys({ type: 'PowerChanged', state: 'On' }),
    sys({ type: 'PowerChanged', state: 'PoweringOff' }),
    sys({ type: 'BootStateChanged', state: 'Post', volume: null }),
    sys({ type: 'BootStateChanged', state: 'FabricLogin', volume: null }),
    sys({ type: 'BootStateChanged', state: 'Booting', volume: 'v' }),
    sys({ type: 'BootStateChanged', state: 'NoBootableDevice', volume: null }),
    sys({ type: 'BootStateChanged', state: 'Running', volume: 'v' }),
    sys({ type: 'BootStateChanged', state: 'Crashed', volume: 'v' }),
    sys({ type: 'BootStateChanged', state: 'ShuttingDown', volume: 'v' }),
    sys({ type: 'PowerChanged', state: 'Off' }),
  ].flatMap((e) => selEventsFor(e, 'srv04', 'lp1'));
  t.deepEqual(
    records.map((r) => [r.sensorType, r.sensorNumber, r.eventType, r.assertion, r.eventData]),
    [
      [SENSOR_TYPE.ACPI_POWER, SENSOR.ACPI_POWER, 0x6f, true, [0x00, 0xff, 0xff]],
      [SENSOR_TYPE.FIRMWARE_PROGRESS, SENSOR.FIRMWARE_PROGRESS, 0x6f, true, [0xc2, 0x19, 0xff]],
      [SENSOR_TYPE.FIRMWARE_PROGRESS, SENSOR.FIRMWARE_PROGRESS, 0x6f, true, [0xc2, 0x07, 0xff]],
      [SENSOR_TYPE.FIRMWARE_PROGRESS, SENSOR.FIRMWARE_PROGRESS, 0x6f, true, [0xc2, 0x13, 0xff]],
      [SENSOR_TYPE.BOOT_ERROR, SENSOR.BOOT_ERROR, 0x6f, true, [0x00, 0xff, 0xff]],
      [SENSOR_TYPE.OS_BOOT, SENSOR.OS_BOOT, 0x6f, true, [0x01, 0xff, 0xff]],
      [SENSOR_TYPE.OS_STOP, SENSOR.OS_STOP, 0x6f, true, [0x01, 0xff, 0xff]],
      [SENSOR_TYPE.ACPI_POWER, SENSOR.ACPI_POWER, 0x6f, true, [0x05, 0xff, 0xff]],
    ],
  );
});

test('events of another system, and bookkeeping events, log nothing', (t) => {
  const other: ClusterEvent = { at, device: 'srv01', type: 'PowerChanged', system: 'srv01', state: 'On' };
  const login: ClusterEvent = { at, device: 'fcA', type: 'FabricLogin', wwpn: '21:00:00:24:ff:00:01:00', port: '0' };
  const reset: ClusterEvent = { at, device: 'lp1', type: 'ResetRequested', system: 'lp1', reset: 'On' };
  t.deepEqual([other, login, reset].flatMap((e) => selEventsFor(e, 'srv04', 'lp1')), []);
});

test('hardware faults go to the faulty server only; a repair deasserts (PSU: redundancy restored)', (t) => {
  const fault = (type: 'HardwareFault' | 'HardwareRepaired', f: string): ClusterEvent => ({ at, device: 'srv03', type, server: 'srv03', fault: f }) as ClusterEvent;
  t.deepEqual(selEventsFor(fault('HardwareFault', 'Cpu'), 'srv04', 'lp1'), [], 'a partition member does not log its peer fault');
  const on = ['Cpu', 'Memory', 'Pcie', 'PowerSupply', 'Fan', 'OsHang'].flatMap((f) => selEventsFor(fault('HardwareFault', f), 'srv03', 'lp1'));
  t.deepEqual(on.map((r) => [r.sensorNumber, r.eventType, r.assertion, r.eventData[0]]), [
    [SENSOR.CPU, 0x6f, true, 0x00],
    [SENSOR.MEMORY, 0x6f, true, 0x01],
    [SENSOR.PCIE, 0x6f, true, 0x0a],
    [SENSOR.PSU_REDUNDANCY, 0x0b, true, 0x01],
    [SENSOR.FAN, 0x01, true, 0x52],
  ]);
  const off = ['Cpu', 'PowerSupply', 'Fan'].flatMap((f) => selEventsFor(fault('HardwareRepaired', f), 'srv03', 'lp1'));
  t.deepEqual(off.map((r) => [r.sensorNumber, r.assertion, r.eventData]), [
    [SENSOR.CPU, false, [0x00, 0xff, 0xff]],
    [SENSOR.PSU_REDUNDANCY, true, [0x00, 0xff, 0xff]],
    [SENSOR.FAN, false, [0x52, 120, 10]],
  ]);
});
