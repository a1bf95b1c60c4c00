/**
 * SensorReader over Redfish: every chassis' `Sensors` collection (Sensor v1_x); a chassis without
 * one is read from the older `Thermal` (temperatures, fans) and `Power` (voltages, supplies,
 * consumption) resources that services before Redfish 2020.4 offer instead.
 */
import type { SensorReader, SensorReading } from '../../capabilities/sensors.ts';
import type { RedfishClient } from '../client.ts';
import type { RedfishDiscovery } from '../discovery.ts';
import { isObject, optLink, optNumber, optString, type JsonObject } from '../json.ts';
import { parseChassis, parseSensor, type SensorView } from '../views.ts';

function statusOf(s: Pick<SensorView, 'status'>): string {
  switch (s.status.health) {
    case 'OK':
      return 'ok';
    case 'Warning':
      return 'nc';
    case 'Critical':
      return 'cr';
    default:
      return s.status.state === 'Absent' ? 'ns' : 'ok';
  }
}

export class RedfishSensorReader implements SensorReader {
  readonly kind = 'SensorReader' as const;
  constructor(
    private readonly client: RedfishClient,
    private readonly discovery: RedfishDiscovery,
  ) {}

  async read(signal?: AbortSignal): Promise<SensorReading[]> {
    const sig = signal ? { signal } : {};
    const out: SensorReading[] = [];
    for (const cp of await this.discovery.chassis(sig)) {
      const raw = await this.client.getJson(cp, sig);
      const c = parseChassis(raw, cp);
      if (!c.sensors) {
        out.push(...(await this.legacy(raw, sig)));
        continue;
      }
      for (const sp of await this.client.members(c.sensors, sig)) {
        const s = parseSensor(await this.client.getJson(sp, sig), sp);
        out.push({ name: s.name, number: null, type: s.readingType ?? 'Unknown', value: s.reading, unit: s.units, status: statusOf(s) });
      }
    }
    return out;
  }

  /** Readings from a chassis' `Thermal` and `Power` resources (Thermal v1, Power v1). */
  private async legacy(chassis: JsonObject, sig: { signal?: AbortSignal }): Promise<SensorReading[]> {
    const out: SensorReading[] = [];
    const thermalPath = optLink(chassis, 'Thermal');
    if (thermalPath) {
      const thermal = await this.client.getJson(thermalPath, sig);
      for (const t of list(thermal, 'Temperatures')) out.push(legacyReading(t, 'Temperature', 'ReadingCelsius', 'Cel'));
      for (const f of list(thermal, 'Fans')) out.push(legacyReading(f, 'Rotational', 'Reading', optString(f, 'ReadingUnits') === 'Percent' ? '%' : 'RPM'));
    }
    const powerPath = optLink(chassis, 'Power');
    if (powerPath) {
      const power = await this.client.getJson(powerPath, sig);
      for (const v of list(power, 'Voltages')) out.push(legacyReading(v, 'Voltage', 'ReadingVolts', 'V'));
      for (const p of list(power, 'PowerSupplies')) out.push(legacyReading(p, 'Power', 'LastPowerOutputWatts', 'W'));
      for (const p of list(power, 'PowerControl')) out.push(legacyReading(p, 'Power', 'PowerConsumedWatts', 'W'));
    }
    return out;
  }
}

function list(o: JsonObject, key: string): JsonObject[] {
  const v = o[key];
  return Array.isArray(v) ? v.filter(isObject) : [];
}

function legacyReading(o: JsonObject, type: string, readingKey: string, unit: string): SensorReading {
  const status = { health: optString(o, 'Status.Health'), state: optString(o, 'Status.State'), healthRollup: null, conditions: [] };
  const name = optString(o, 'Name') ?? optString(o, 'FanName') ?? optString(o, 'MemberId') ?? type;
  return { name, number: optNumber(o, 'SensorNumber'), type, value: optNumber(o, readingKey), unit, status: statusOf({ status }) };
}
