/** WorkloadLocator over Redfish: service root `Oem.FtLab.Workload {Udp, Tcp}`; host = the Redfish URL's host. */
import type { WorkloadEndpoint, WorkloadLocator } from '../../capabilities/workload.ts';
import type { RedfishClient } from '../client.ts';
import type { RedfishDiscovery } from '../discovery.ts';
import { RedfishProtocolError } from '../errors.ts';

export class RedfishWorkloadLocator implements WorkloadLocator {
  readonly kind = 'WorkloadLocator' as const;
  constructor(
    private readonly client: RedfishClient,
    private readonly discovery: RedfishDiscovery,
  ) {}

  async endpoint(signal?: AbortSignal): Promise<WorkloadEndpoint> {
    const ft = await this.discovery.ftLab(signal ? { signal } : {});
    const w = ft?.workload;
    if (!w || w.udp === null || w.tcp === null) {
      throw new RedfishProtocolError('/redfish/v1', 'Oem.FtLab.Workload', 'expected {Udp, Tcp} port numbers of the workload');
    }
    const host = new URL(this.client.baseUrl).hostname.replace(/^\[(.*)\]$/, '$1');
    return { host, udpPort: w.udp, tcpPort: w.tcp };
  }
}
