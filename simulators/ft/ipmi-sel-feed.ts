/**
 * How ft-server model events become SEL records (and which sensor each one belongs to).
 * Sensor numbers are fixed so SEL entries, SDRs and the Redfish SEL view agree:
 *   10h Lockstep Redundancy (Module/Board, generic 0Bh redundancy)
 *   11h/12h Module 0/1 Presence (Entity Presence, generic 08h device presence)
 *   20h/21h CPU0/CPU1 Status (Processor, sensor-specific)
 *   30h/31h PCIe M0/M1 (Critical Interrupt, sensor-specific)
 *   40h/41h Module 0/1 State (Module/Board, generic 0Ah availability)
 *   50h ACPI Power State (System ACPI Power State, sensor-specific)
 *   51h OS Stop (OS Critical Stop, sensor-specific)
 *   60h Inlet Temp, 61h/62h Module 0/1 Power, 63h/64h CPU0/CPU1 Temp, 65h/66h Module 0/1 Fan (threshold)
 */
import type { ModelEvent, ModuleIndex } from './types.ts';
import type { SelEventInput } from '../ipmi/sel-store.ts';

export const FT_SENSOR = {
  REDUNDANCY: 0x10,
  PRESENCE: [0x11, 0x12],
  CPU: [0x20, 0x21],
  PCIE: [0x30, 0x31],
  MODULE_STATE: [0x40, 0x41],
  ACPI_POWER: 0x50,
  OS_STOP: 0x51,
  INLET_TEMP: 0x60,
  MODULE_POWER: [0x61, 0x62],
  CPU_TEMP: [0x63, 0x64],
  FAN: [0x65, 0x66],
} as const;

const ST = { PROCESSOR: 0x07, CRITICAL_INTERRUPT: 0x13, MODULE_BOARD: 0x15, OS_STOP: 0x20, ACPI_POWER: 0x22, ENTITY_PRESENCE: 0x25 } as const;
const ET = { AVAILABILITY: 0x0a, REDUNDANCY: 0x0b, PRESENCE: 0x08, SENSOR_SPECIFIC: 0x6f } as const;

function ev(sensorType: number, sensorNumber: number, eventType: number, offset: number, data2 = 0xff, data3 = 0xff): SelEventInput {
  // Event Data 1 bits 7..6 = 10b when data 2 carries OEM information (here: the module or device index).
  return { sensorType, sensorNumber, eventType, assertion: true, eventData: [(data2 === 0xff ? 0 : 0x80) | offset, data2, data3] };
}

const at = (pair: readonly [number, number], m: ModuleIndex): number => pair[m];

/** The SEL records one model event produces (none for most bookkeeping events). */
export function selEventsFor(e: ModelEvent, deviceIndex: (id: string) => number = () => 0xff): SelEventInput[] {
  switch (e.type) {
    case 'RedundancyLost':
      return [ev(ST.MODULE_BOARD, FT_SENSOR.REDUNDANCY, ET.REDUNDANCY, 0x01, e.module)];
    case 'RedundancyRestored':
      return [ev(ST.MODULE_BOARD, FT_SENSOR.REDUNDANCY, ET.REDUNDANCY, 0x00)];
    case 'ModuleRemoved':
      return [ev(ST.ENTITY_PRESENCE, at(FT_SENSOR.PRESENCE, e.module), ET.PRESENCE, 0x00)];
    case 'ModuleInserted':
      return [ev(ST.ENTITY_PRESENCE, at(FT_SENSOR.PRESENCE, e.module), ET.PRESENCE, 0x01)];
    case 'ErrorDetected':
      if (e.subsystem === 'Cpu') {
        // Transient: correctable machine check; permanent: uncorrectable machine check exception.
        return [ev(ST.PROCESSOR, at(FT_SENSOR.CPU, e.module), ET.SENSOR_SPECIFIC, e.kind === 'Transient' ? 0x0c : 0x0b)];
      }
      // IO subsystem: bus correctable / uncorrectable error.
      return [ev(ST.CRITICAL_INTERRUPT, at(FT_SENSOR.PCIE, e.module), ET.SENSOR_SPECIFIC, e.kind === 'Transient' ? 0x07 : 0x08)];
    case 'PCIeFatalError':
      return [ev(ST.CRITICAL_INTERRUPT, at(FT_SENSOR.PCIE, e.module), ET.SENSOR_SPECIFIC, 0x0a, deviceIndex(e.device))];
    case 'SubsystemIsolated':
      return [ev(ST.MODULE_BOARD, at(FT_SENSOR.MODULE_STATE, e.module), ET.AVAILABILITY, 0x04)];
    case 'DiagnosticsStarted':
      return [ev(ST.MODULE_BOARD, at(FT_SENSOR.MODULE_STATE, e.module), ET.AVAILABILITY, 0x01)];
    case 'DuplexRestored':
      return [ev(ST.MODULE_BOARD, at(FT_SENSOR.MODULE_STATE, e.module), ET.AVAILABILITY, 0x03)];
    case 'SystemPowerChanged':
      if (e.state === 'On') return [ev(ST.ACPI_POWER, FT_SENSOR.ACPI_POWER, ET.SENSOR_SPECIFIC, 0x00)];
      if (e.state === 'Off') return [ev(ST.ACPI_POWER, FT_SENSOR.ACPI_POWER, ET.SENSOR_SPECIFIC, 0x05)];
      return [];
    case 'SystemCrashed':
      return [ev(ST.OS_STOP, FT_SENSOR.OS_STOP, ET.SENSOR_SPECIFIC, 0x01)];
    default:
      return [];
  }
}
