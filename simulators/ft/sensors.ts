/**
 * The ft server's sensors: one list, read from the model, served by both views.
 * IPMI gets each sensor's SDR and raw reading (simulators/ft/ipmi-adapter.ts); Redfish gets a
 * `Sensor` resource per entry under `/redfish/v1/Chassis/{id}/Sensors/{sid}` whose Reading is the
 * IPMI raw reading converted through the same SDR, so both report the same value at the same
 * instant. Threshold sensors are full SDRs (Reading, ReadingUnits, Thresholds); discrete ones are
 * compact SDRs (Reading null; the asserted states under Oem.FtLab.AssertedStates).
 * Sensor numbers are the fixed ones of ipmi-sel-feed.ts (SEL records name the same sensors).
 */
import { rawToValue, THRESHOLD_ORDER, type SdrCompactSensor, type SdrFullSensor, type ThresholdName } from '../../drivers/ipmi/codec/sdr.ts';
import { assertedStateNames, sensorTypeName } from '../../drivers/ipmi/codec/sel.ts';
import type { SensorValue } from '../ipmi/backend.ts';
import { FT_SENSOR } from './ipmi-sel-feed.ts';
import { discreteSensorSdr, thresholdSensorSdr, thresholdStatus } from '../ipmi/sensor-model.ts';
import type { JsonObject, RedfishService, Severity } from '../redfish/index.ts';
import type { FtModel } from './model.ts';
import type { ModuleIndex } from './types.ts';
import { ENCLOSURE, moduleUri } from './uris.ts';

export interface FtSensor {
  /** Redfish Sensor Id (unique within the server): the IPMI name without spaces. */
  readonly id: string;
  /** The chassis whose `Sensors` collection lists it. */
  readonly chassis: string;
  readonly sdr: SdrFullSensor | SdrCompactSensor;
  /** The reading now: a raw byte (threshold sensors) or the asserted-state mask (discrete). */
  read(): SensorValue;
  /** Health of a discrete reading (threshold sensors derive theirs from the thresholds). */
  health?(states: number): Severity;
}

const MODULES: readonly ModuleIndex[] = [0, 1];

function threshold(chassis: string, spec: Parameters<typeof thresholdSensorSdr>[0], read: () => SensorValue): FtSensor {
  return { id: spec.name.replace(/[^A-Za-z0-9]/g, ''), chassis, sdr: thresholdSensorSdr(spec), read };
}

function discrete(chassis: string, spec: Parameters<typeof discreteSensorSdr>[0], read: () => SensorValue, health?: (states: number) => Severity): FtSensor {
  return { id: spec.name.replace(/[^A-Za-z0-9]/g, ''), chassis, sdr: discreteSensorSdr(spec), read, ...(health ? { health } : {}) };
}

/** The sensors of one ft server (the same objects serve IPMI and Redfish). */
export function ftSensors(model: FtModel): FtSensor[] {
  const running = (m: ModuleIndex): boolean => {
    const v = model.module(m);
    return v.present && v.powered && v.subsystems.Cpu !== 'Offline';
  };
  const sensors: FtSensor[] = [
    // Redundancy states: 0 Fully Redundant, 1 Redundancy Lost, 2 Redundancy Degraded, 5 Non-redundant: insufficient resources.
    discrete(
      ENCLOSURE,
      { number: FT_SENSOR.REDUNDANCY, name: 'Lockstep Redund', sensorType: 0x15, eventType: 0x0b, entityId: 0x07, states: 0x0027 },
      () => {
        const s = model.ftState();
        return { states: s === 'Duplex' ? 0x01 : s === 'Syncing' ? 0x04 : s === 'Down' ? 0x20 : 0x02 };
      },
      (states) => (states & 0x01 ? 'OK' : states & 0x20 ? 'Critical' : 'Warning'),
    ),
  ];
  for (const m of MODULES) {
    const chassis = moduleUri(m);
    sensors.push(
      // Device presence: 0 removed/absent, 1 inserted/present.
      discrete(
        chassis,
        { number: FT_SENSOR.PRESENCE[m], name: `Module${m} Presence`, sensorType: 0x25, eventType: 0x08, entityId: 0x0f, entityInstance: m + 1, states: 0x0003 },
        () => ({ states: model.module(m).present ? 0x02 : 0x01 }),
        (states) => (states & 0x02 ? 'OK' : 'Warning'),
      ),
      // Processor: 7 presence detected, 8 disabled (kept out), 0Bh uncorrectable machine check (permanent fault).
      discrete(
        chassis,
        { number: FT_SENSOR.CPU[m], name: `CPU${m} Status`, sensorType: 0x07, eventType: 0x6f, entityId: 0x03, entityInstance: m + 1, states: 0x1980 },
        () => {
          const v = model.module(m);
          if (!v.present) return { states: 0 };
          return { states: 0x0080 | (v.keptOut ? 0x0100 : 0) | (v.permanentFault ? 0x0800 : 0) };
        },
        (states) => (states & 0x0800 ? 'Critical' : states & 0x0100 ? 'Warning' : 'OK'),
      ),
      // Critical interrupt: 7 bus correctable, 8 bus uncorrectable, 0Ah bus fatal (event-driven; reads as no state).
      discrete(
        chassis,
        { number: FT_SENSOR.PCIE[m], name: `PCIe M${m}`, sensorType: 0x13, eventType: 0x6f, entityId: 0x0b, entityInstance: m + 1, states: 0x0580 },
        () => ({ states: 0 }),
      ),
      // Availability: 1 In Test, 2 Power Off, 3 On Line, 4 Off Line.
      discrete(
        chassis,
        { number: FT_SENSOR.MODULE_STATE[m], name: `Module${m} State`, sensorType: 0x15, eventType: 0x0a, entityId: 0x0f, entityInstance: m + 1, states: 0x001e },
        () => {
          const op = model.module(m).opState;
          if (op === 'Absent' || op === 'Disabled') return { states: 0x04 };
          if (op === 'Diagnostics') return { states: 0x02 };
          if (op === 'Isolated' || op === 'KeptOut') return { states: 0x10 };
          return { states: 0x08 };
        },
        (states) => (states & 0x10 ? 'Warning' : 'OK'),
      ),
    );
  }
  sensors.push(
    threshold(ENCLOSURE, { number: FT_SENSOR.INLET_TEMP, name: 'Inlet Temp', sensorType: 0x01, entityId: 0x37, baseUnit: 1, thresholds: { unc: 40, ucr: 45 }, nominal: 24 }, () => ({ raw: 24 })),
  );
  for (const m of MODULES) {
    // Module input power: 8 W per count; about 360 W when running, 40 W standby, 0 when pulled.
    sensors.push(
      threshold(
        moduleUri(m),
        { number: FT_SENSOR.MODULE_POWER[m], name: `Module${m} Power`, sensorType: 0x0b, entityId: 0x0f, entityInstance: m + 1, baseUnit: 6, m: 8, thresholds: { ucr: 1200 } },
        () => {
          const v = model.module(m);
          if (!v.present) return { raw: 0 };
          return { raw: running(m) ? 45 : 5 };
        },
      ),
    );
  }
  for (const m of MODULES) {
    // CPU temperature: 62 °C in lockstep or simplex work, 35 °C idle (standby, isolated), unavailable when pulled.
    sensors.push(
      threshold(
        moduleUri(m),
        { number: FT_SENSOR.CPU_TEMP[m], name: `CPU${m} Temp`, sensorType: 0x01, entityId: 0x03, entityInstance: m + 1, baseUnit: 1, thresholds: { unc: 85, ucr: 95 } },
        () => (model.module(m).present ? { raw: running(m) ? 62 : 35 } : { raw: 0, unavailable: true }),
      ),
      // Module fan: 64 RPM per count; 7040 RPM while the module runs, 2560 RPM on standby, unavailable when pulled.
      threshold(
        moduleUri(m),
        { number: FT_SENSOR.FAN[m], name: `Module${m} Fan`, sensorType: 0x04, entityId: 0x1d, entityInstance: m + 1, baseUnit: 18, m: 64, thresholds: { lcr: 1024 } },
        () => (model.module(m).present ? { raw: running(m) ? 110 : 40 } : { raw: 0, unavailable: true }),
      ),
    );
  }
  sensors.push(
    discrete(
      ENCLOSURE,
      { number: FT_SENSOR.ACPI_POWER, name: 'ACPI Power State', sensorType: 0x22, eventType: 0x6f, entityId: 0x07, states: 0x0021 },
      () => ({ states: model.powerState === 'Off' ? 0x20 : 0x01 }),
    ),
    discrete(ENCLOSURE, { number: FT_SENSOR.OS_STOP, name: 'OS Stop', sensorType: 0x20, eventType: 0x6f, entityId: 0x07, states: 0x0002 }, () => ({ states: 0 })),
  );
  return sensors;
}

/** Redfish Sensor ReadingType and ReadingUnits (UCUM) for the IPMI base units the lab uses. */
const READING_KIND: Readonly<Record<number, { type: string; units: string }>> = {
  1: { type: 'Temperature', units: 'Cel' },
  4: { type: 'Voltage', units: 'V' },
  5: { type: 'Current', units: 'A' },
  6: { type: 'Power', units: 'W' },
  18: { type: 'Rotational', units: 'RPM' },
};

const THRESHOLD_NAMES: Readonly<Record<ThresholdName, string>> = {
  lnc: 'LowerCaution',
  lcr: 'LowerCritical',
  lnr: 'LowerFatal',
  unc: 'UpperCaution',
  ucr: 'UpperCritical',
  unr: 'UpperFatal',
};

function thresholdHealth(bits: number): Severity {
  if (bits & 0x36) return 'Critical'; // below LCR/LNR or at/above UCR/UNR
  if (bits & 0x09) return 'Warning'; // below LNC or at/above UNC
  return 'OK';
}


/** The Redfish `Sensor` body of one sensor, rendered from one reading. */
export function sensorResource(s: FtSensor, v: SensorValue): JsonObject {
  const sdr = s.sdr;
  const oem: JsonObject = { '@odata.type': '#FtLabSensor.v1_0_0.FtSensor', SensorNumber: sdr.sensorNumber, SensorType: sensorTypeName(sdr.sensorType) };
  const base = { Id: s.id, Name: sdr.idString };
  if (sdr.kind === 'full') {
    const kind = READING_KIND[sdr.baseUnit];
    const raw = 'raw' in v ? v.raw & 0xff : 0;
    const thresholds: JsonObject = {};
    THRESHOLD_ORDER.forEach((name, i) => {
      const t = sdr.thresholds[name];
      if (t === undefined || !((sdr.readingMask >> i) & 1)) return;
      thresholds[THRESHOLD_NAMES[name]] = { Reading: rawToValue(sdr, t) };
    });
    return {
      ...base,
      ...(kind ? { ReadingType: kind.type, ReadingUnits: kind.units } : {}),
      Reading: v.unavailable || !('raw' in v) ? null : rawToValue(sdr, raw),
      Thresholds: thresholds,
      Status: v.unavailable ? { State: 'UnavailableOffline' } : { State: 'Enabled', Health: thresholdHealth(thresholdStatus(sdr, raw)) },
      Oem: { FtLab: oem },
    };
  }
  const states = 'states' in v ? v.states & 0x7fff : 0;
  return {
    ...base,
    Reading: null,
    Status: v.unavailable ? { State: 'UnavailableOffline' } : { State: 'Enabled', Health: s.health?.(states) ?? 'OK' },
    Oem: { FtLab: { ...oem, AssertedStates: assertedStateNames(sdr, states) } },
  };
}

/**
 * Serve the sensors: a `Sensors` collection under each chassis in `chassis` (empty ones too, so the
 * link the chassis advertises always resolves) and one Sensor resource per sensor.
 */
export function mountSensors(svc: RedfishService, sensors: readonly FtSensor[], chassis: readonly string[]): void {
  for (const c of chassis) {
    svc.collection(`${c}/Sensors`, {
      type: '#SensorCollection.SensorCollection',
      name: 'Sensors',
      members: () => sensors.filter((s) => s.chassis === c).map((s) => `${c}/Sensors/${s.id}`),
    });
  }
  for (const s of sensors) {
    svc.resource(`${s.chassis}/Sensors/${s.id}`, { type: '#Sensor.v1_9_0.Sensor', get: () => sensorResource(s, s.read()) });
  }
}
