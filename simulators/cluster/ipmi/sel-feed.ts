/**
 * Which SEL records a fleet server's BMC logs for a cluster model event (pure), on the sensors of
 * sensor-numbers.ts. A partition's system events go to every member's BMC; hardware faults to the
 * server's own.
 */
import { valueToRaw } from '../../../drivers/ipmi/codec/sdr.ts';
import { EVENT_TYPE_THRESHOLD } from '../../../drivers/ipmi/codec/sel.ts';
import type { SelEventInput } from '../../ipmi/sel-store.ts';
import { THRESHOLD_EVENT_BIT } from '../../ipmi/sensor-model.ts';
import type { BootState, ClusterEvent, HardwareFault } from '../model/events.ts';
import { GENERIC_REDUNDANCY, SENSOR, SENSOR_SPECIFIC, SENSOR_TYPE } from './sensor-numbers.ts';
import { FAN } from './sensors.ts';

/** System Firmware Progress (offset 02h) codes in event data 2 (Table 42-3). */
const PROGRESS: Partial<Record<BootState, number>> = { Post: 0x19, FabricLogin: 0x07, Booting: 0x13 };

/** A sensor-specific event; with `data2`, event data 1 says byte 2 holds the extension code (11b). */
function specific(sensorType: number, sensorNumber: number, offset: number, assertion = true, data2?: number): SelEventInput {
  return { sensorType, sensorNumber, eventType: SENSOR_SPECIFIC, assertion, eventData: [(data2 === undefined ? 0 : 0xc0) | offset, data2 ?? 0xff, 0xff] };
}

function bootEvents(state: BootState): SelEventInput[] {
  const code = PROGRESS[state];
  if (code !== undefined) return [specific(SENSOR_TYPE.FIRMWARE_PROGRESS, SENSOR.FIRMWARE_PROGRESS, 0x02, true, code)];
  if (state === 'NoBootableDevice') return [specific(SENSOR_TYPE.BOOT_ERROR, SENSOR.BOOT_ERROR, 0x00)];
  if (state === 'Running') return [specific(SENSOR_TYPE.OS_BOOT, SENSOR.OS_BOOT, 0x01)];
  if (state === 'Crashed') return [specific(SENSOR_TYPE.OS_STOP, SENSOR.OS_STOP, 0x01)];
  return [];
}

/** The fan sensor crossing its lower critical threshold (to 0 RPM on the fault, back to 6000 RPM on the repair). */
function fanCrossing(assertion: boolean): SelEventInput {
  // Event data 1 bits 7..6 = 01b (trigger reading in byte 2), 5..4 = 01b (threshold in byte 3).
  const eventData: [number, number, number] = [0x50 | THRESHOLD_EVENT_BIT.lcr, valueToRaw(FAN, assertion ? 0 : 6000), FAN.thresholds.lcr ?? 0];
  return { sensorType: SENSOR_TYPE.FAN, sensorNumber: SENSOR.FAN, eventType: EVENT_TYPE_THRESHOLD, assertion, eventData };
}

/** A fault's record; `assertion` false for its repair. */
function faultEvent(fault: HardwareFault, assertion: boolean): SelEventInput[] {
  switch (fault) {
    case 'Cpu':
      return [specific(SENSOR_TYPE.PROCESSOR, SENSOR.CPU, 0x00, assertion)];
    case 'Memory':
      return [specific(SENSOR_TYPE.MEMORY, SENSOR.MEMORY, 0x01, assertion)];
    case 'Pcie':
      return [specific(SENSOR_TYPE.CRITICAL_INTERRUPT, SENSOR.PCIE, 0x0a, assertion)];
    case 'PowerSupply':
      // Redundancy: offset 1 Redundancy Lost on the fault, offset 0 Fully Redundant on the repair.
      return [{ sensorType: SENSOR_TYPE.POWER_SUPPLY, sensorNumber: SENSOR.PSU_REDUNDANCY, eventType: GENERIC_REDUNDANCY, assertion: true, eventData: [assertion ? 0x01 : 0x00, 0xff, 0xff] }];
    case 'Fan':
      return [fanCrossing(assertion)];
    case 'OsHang':
      return []; // a hang shows as the OS stop it causes
  }
}

/** The records `e` produces in the BMC of a server whose current system is `system`. */
export function selEventsFor(e: ClusterEvent, server: string, system: string): SelEventInput[] {
  if (e.type === 'HardwareFault' || e.type === 'HardwareRepaired') return e.server === server ? faultEvent(e.fault, e.type === 'HardwareFault') : [];
  if (!('system' in e) || e.system !== system) return [];
  if (e.type === 'PowerChanged') {
    if (e.state === 'PoweringOff') return [];
    return [specific(SENSOR_TYPE.ACPI_POWER, SENSOR.ACPI_POWER, e.state === 'On' ? 0x00 : 0x05)];
  }
  if (e.type === 'BootStateChanged') return bootEvents(e.state);
  return [];
}
