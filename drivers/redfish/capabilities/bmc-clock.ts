/**
 * BmcClock over Redfish: the BMC's wall time from Manager.DateTime (falling back to the HTTP
 * Date header of that answer), and the time scale an emulator advertises on its service root
 * (`Oem.FtLab.TimeScale` or `Oem.ClusterLab.TimeScale`; 1 when absent: real hardware).
 */
import type { BmcClock } from '../../capabilities/bmc-clock.ts';
import type { RedfishClient } from '../client.ts';
import type { RedfishDiscovery } from '../discovery.ts';
import { RedfishProtocolError } from '../errors.ts';
import { isObject } from '../json.ts';

export class RedfishBmcClock implements BmcClock {
  readonly kind = 'BmcClock' as const;
  constructor(
    private readonly client: RedfishClient,
    private readonly discovery: RedfishDiscovery,
  ) {}

  async wallTime(signal?: AbortSignal): Promise<number> {
    const sig = signal ? { signal } : {};
    const managers = await this.discovery.managers(sig).catch(() => [] as string[]);
    const path = managers[0] ?? '/redfish/v1';
    const res = await this.client.get(path, sig);
    const dt = isObject(res.body) && typeof res.body.DateTime === 'string' ? Date.parse(res.body.DateTime) : Number.NaN;
    if (!Number.isNaN(dt)) return dt;
    const date = res.headers.date ? Date.parse(res.headers.date) : Number.NaN;
    if (!Number.isNaN(date)) return date;
    throw new RedfishProtocolError(path, 'DateTime', 'expected Manager.DateTime or an HTTP Date header');
  }

  async timeScale(signal?: AbortSignal): Promise<number> {
    const s = (await this.discovery.serviceRoot(signal ? { signal } : {})).labTimeScale;
    return typeof s === 'number' && s > 0 ? s : 1;
  }
}
