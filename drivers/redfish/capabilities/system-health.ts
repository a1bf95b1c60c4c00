/** SystemHealth over Redfish: PowerState and Status of the service's ComputerSystem. */
import type { HealthSnapshot, SystemHealth } from '../../capabilities/system-health.ts';
import type { RedfishClient } from '../client.ts';
import type { RedfishDiscovery } from '../discovery.ts';
import { parseSystem } from '../views.ts';

export class RedfishSystemHealth implements SystemHealth {
  readonly kind = 'SystemHealth' as const;

  constructor(
    private readonly client: RedfishClient,
    private readonly discovery: RedfishDiscovery,
  ) {}

  async read(signal?: AbortSignal): Promise<HealthSnapshot> {
    const sig = signal ? { signal } : {};
    const path = await this.discovery.systemPath(sig);
    const sys = parseSystem(await this.client.getJson(path, sig), path);
    return { powerState: sys.powerState ?? 'Unknown', state: sys.status.state, health: sys.status.health };
  }
}
