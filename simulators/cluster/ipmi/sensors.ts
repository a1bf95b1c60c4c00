/**
 * The sensors of a fleet server's BMC, read from the cluster model: three threshold sensors and
 * the discrete ones the SEL feed logs against (sel-feed.ts numbers them). The SDRs are built once
 * and shared by every server; only the small read closures are per server.
 *
 * Readings: Inlet Temp 22 °C off / 25 °C on; CPU Temp unavailable off, 40 °C in firmware, 55 °C
 * with an OS, 95 °C (above UCR) with a CPU fault; Fan1 unavailable off, 6000 RPM, 0 RPM (below
 * LCR) with a fan fault. Discrete ones assert the state their SEL record names.
 */
import { valueToRaw } from '../../../drivers/ipmi/codec/sdr.ts';
import type { IpmiSensor, SensorValue } from '../../ipmi/backend.ts';
import { discreteSensorSdr, thresholdSensorSdr } from '../../ipmi/sensor-model.ts';
import type { ServerRt } from '../model/cluster.ts';
import type { SystemModel } from '../model/system.ts';
import { GENERIC_REDUNDANCY, SENSOR, SENSOR_SPECIFIC, SENSOR_TYPE } from './sensor-numbers.ts';

export const INLET = thresholdSensorSdr({ number: SENSOR.INLET_TEMP, name: 'Inlet Temp', sensorType: SENSOR_TYPE.TEMPERATURE, entityId: 0x37, baseUnit: 1, thresholds: { unc: 35, ucr: 40 }, nominal: 25 });
export const CPU_TEMP = thresholdSensorSdr({ number: SENSOR.CPU_TEMP, name: 'CPU Temp', sensorType: SENSOR_TYPE.TEMPERATURE, entityId: 0x03, baseUnit: 1, thresholds: { unc: 80, ucr: 90, unr: 100 }, nominal: 55 });
export const FAN = thresholdSensorSdr({ number: SENSOR.FAN, name: 'Fan1', sensorType: SENSOR_TYPE.FAN, entityId: 0x1d, baseUnit: 18, m: 50, thresholds: { lnc: 1000, lcr: 500 }, nominal: 6000 });

const discrete = (number: number, name: string, sensorType: number, states: number, eventType = SENSOR_SPECIFIC, entityId = 0x07) =>
  discreteSensorSdr({ number, name, sensorType, eventType, entityId, states });

const DISCRETE = {
  psu: discrete(SENSOR.PSU_REDUNDANCY, 'PSU Redundancy', SENSOR_TYPE.POWER_SUPPLY, 0x0003, GENERIC_REDUNDANCY, 0x0a),
  acpi: discrete(SENSOR.ACPI_POWER, 'ACPI Power', SENSOR_TYPE.ACPI_POWER, 0x0021),
  progress: discrete(SENSOR.FIRMWARE_PROGRESS, 'BIOS Progress', SENSOR_TYPE.FIRMWARE_PROGRESS, 0x0004),
  bootError: discrete(SENSOR.BOOT_ERROR, 'Boot Error', SENSOR_TYPE.BOOT_ERROR, 0x0001),
  osBoot: discrete(SENSOR.OS_BOOT, 'OS Boot', SENSOR_TYPE.OS_BOOT, 0x0002),
  osStop: discrete(SENSOR.OS_STOP, 'OS Stop', SENSOR_TYPE.OS_STOP, 0x0002),
  cpu: discrete(SENSOR.CPU, 'CPU Status', SENSOR_TYPE.PROCESSOR, 0x0001, SENSOR_SPECIFIC, 0x03),
  memory: discrete(SENSOR.MEMORY, 'Memory', SENSOR_TYPE.MEMORY, 0x0002, SENSOR_SPECIFIC, 0x20),
  pcie: discrete(SENSOR.PCIE, 'PCIe Bus', SENSOR_TYPE.CRITICAL_INTERRUPT, 0x0400),
};

const UNAVAILABLE: SensorValue = { raw: 0, unavailable: true };
const firmware = (sys: SystemModel): boolean => sys.boot === 'Post' || sys.boot === 'FabricLogin';
const bit = (on: boolean, mask: number): SensorValue => ({ states: on ? mask : 0 });

function cpuTemp(s: ServerRt, sys: SystemModel): SensorValue {
  if (sys.power === 'Off') return UNAVAILABLE;
  if (s.faults.has('Cpu')) return { raw: valueToRaw(CPU_TEMP, 95) };
  return { raw: valueToRaw(CPU_TEMP, firmware(sys) ? 40 : 55) };
}

/** The sensors of server `s`; `system()` is the system it is part of now (alone or a partition). */
export function fleetSensors(s: ServerRt, system: () => SystemModel): IpmiSensor[] {
  return [
    { sdr: INLET, read: () => ({ raw: valueToRaw(INLET, system().power === 'Off' ? 22 : 25) }) },
    { sdr: CPU_TEMP, read: () => cpuTemp(s, system()) },
    { sdr: FAN, read: () => (system().power === 'Off' ? UNAVAILABLE : { raw: valueToRaw(FAN, s.faults.has('Fan') ? 0 : 6000) }) },
    // Redundancy offsets: 0 Fully Redundant, 1 Redundancy Lost.
    { sdr: DISCRETE.psu, read: () => ({ states: s.faults.has('PowerSupply') ? 0x0002 : 0x0001 }) },
    // ACPI: offset 0 S0/G0 working, 5 S5/G2 soft-off.
    { sdr: DISCRETE.acpi, read: () => ({ states: system().power === 'Off' ? 0x0020 : 0x0001 }) },
    { sdr: DISCRETE.progress, read: () => bit(firmware(system()) || system().boot === 'Booting', 0x0004) },
    { sdr: DISCRETE.bootError, read: () => bit(system().boot === 'NoBootableDevice', 0x0001) },
    { sdr: DISCRETE.osBoot, read: () => bit(system().osRunning, 0x0002) },
    { sdr: DISCRETE.osStop, read: () => bit(system().boot === 'Crashed', 0x0002) },
    { sdr: DISCRETE.cpu, read: () => bit(s.faults.has('Cpu'), 0x0001) },
    { sdr: DISCRETE.memory, read: () => bit(s.faults.has('Memory'), 0x0002) },
    { sdr: DISCRETE.pcie, read: () => bit(s.faults.has('Pcie'), 0x0400) },
  ];
}
