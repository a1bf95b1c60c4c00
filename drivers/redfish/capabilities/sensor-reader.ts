/** SensorReader over Redfish: every chassis' `Sensors` collection (Sensor v1_x). */
import type { SensorReader, SensorReading } from '../../capabilities/sensors.ts';
import type { RedfishClient } from '../client.ts';
import type { RedfishDiscovery } from '../discovery.ts';
import { parseChassis, parseSensor, type SensorView } from '../views.ts';

function statusOf(s: SensorView): string {
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
      const c = parseChassis(await this.client.getJson(cp, sig), cp);
      if (!c.sensors) continue;
      for (const sp of await this.client.members(c.sensors, sig)) {
        const s = parseSensor(await this.client.getJson(sp, sig), sp);
        out.push({ name: s.name, number: null, type: s.readingType ?? 'Unknown', value: s.reading, unit: s.units, status: statusOf(s) });
      }
    }
    return out;
  }
}
