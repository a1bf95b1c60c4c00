/**
 * Sensor numbers and types of a fleet server's BMC: the SDRs (sensors.ts) and the SEL records
 * (sel-feed.ts) name the same sensors.
 *   01h Inlet Temp, 02h CPU Temp, 03h Fan1 (threshold)
 *   04h PSU Redundancy (Power Supply, generic 0Bh redundancy)
 *   05h ACPI Power State (System ACPI Power State, sensor-specific: S0 / S5)
 *   06h BIOS Progress (System Firmware Progress: Post, FabricLogin, Booting as progress codes)
 *   07h Boot Error (No bootable media), 08h OS Boot (C: boot completed), 09h OS Stop (run-time critical stop)
 *   0Ah CPU Status (Processor IERR), 0Bh Memory (uncorrectable ECC), 0Ch PCIe (Critical Interrupt, bus fatal)
 */
export const SENSOR = {
  INLET_TEMP: 0x01,
  CPU_TEMP: 0x02,
  FAN: 0x03,
  PSU_REDUNDANCY: 0x04,
  ACPI_POWER: 0x05,
  FIRMWARE_PROGRESS: 0x06,
  BOOT_ERROR: 0x07,
  OS_BOOT: 0x08,
  OS_STOP: 0x09,
  CPU: 0x0a,
  MEMORY: 0x0b,
  PCIE: 0x0c,
} as const;

/** Sensor types (IPMI v2.0 Table 42-3). */
export const SENSOR_TYPE = {
  TEMPERATURE: 0x01,
  FAN: 0x04,
  PROCESSOR: 0x07,
  POWER_SUPPLY: 0x08,
  MEMORY: 0x0c,
  FIRMWARE_PROGRESS: 0x0f,
  CRITICAL_INTERRUPT: 0x13,
  BOOT_ERROR: 0x1e,
  OS_BOOT: 0x1f,
  OS_STOP: 0x20,
  ACPI_POWER: 0x22,
} as const;

export const SENSOR_SPECIFIC = 0x6f;
export const GENERIC_REDUNDANCY = 0x0b;
