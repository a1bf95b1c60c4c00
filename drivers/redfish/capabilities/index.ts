/**
 * The Redfish implementations of the capability interfaces, bound to one client.
 * `redfishCapabilities` gives all of them (lazy: nothing is fetched until used);
 * `probeRedfishCapabilities` asks the service which it can really serve, with the reasons.
 */
import type { CapabilityMap, CapabilityName } from '../../capabilities/index.ts';
import { errorMessage } from '../../../lib/errors.ts';
import type { RedfishClient } from '../client.ts';
import { RedfishDiscovery } from '../discovery.ts';
import { RedfishPowerControl } from './power-control.ts';
import { RedfishFtState } from './ft-state.ts';
import { RedfishSystemHealth } from './system-health.ts';
import { RedfishSystemSettings } from './system-settings.ts';
import { RedfishEventSource, type RedfishEventSourceOptions } from './event-source.ts';
import { RedfishLogReader } from './log-reader.ts';
import { RedfishFtLabFaultInjection } from './ftlab-fault-injection.ts';
import { RedfishWorkloadLocator } from './workload-locator.ts';
import { RedfishBmcClock } from './bmc-clock.ts';
import { RedfishBmcCertificate } from './bmc-certificate.ts';
import { RedfishSensorReader } from './sensor-reader.ts';

export { RedfishPowerControl, waitForPowerState, requestAndWait, expectedPowerState } from './power-control.ts';
export { RedfishFtState } from './ft-state.ts';
export { RedfishSystemHealth } from './system-health.ts';
export { RedfishSystemSettings } from './system-settings.ts';
export { RedfishEventSource, toBmcEvents } from './event-source.ts';
export { RedfishLogReader } from './log-reader.ts';
export { RedfishFtLabFaultInjection } from './ftlab-fault-injection.ts';
export { RedfishWorkloadLocator } from './workload-locator.ts';
export { RedfishBmcClock } from './bmc-clock.ts';
export { RedfishBmcCertificate } from './bmc-certificate.ts';
export { RedfishSensorReader } from './sensor-reader.ts';

export interface RedfishCapabilityOptions {
  events?: RedfishEventSourceOptions;
  /** Share a discovery (and its cache) with other code. */
  discovery?: RedfishDiscovery;
}

export function redfishCapabilities(client: RedfishClient, opts: RedfishCapabilityOptions = {}): Partial<CapabilityMap> {
  const d = opts.discovery ?? new RedfishDiscovery(client);
  return {
    PowerControl: new RedfishPowerControl(client, d),
    SystemHealth: new RedfishSystemHealth(client, d),
    SystemSettings: new RedfishSystemSettings(client, d),
    FtState: new RedfishFtState(client, d),
    EventSource: new RedfishEventSource(client, d, opts.events),
    LogReader: new RedfishLogReader(client, d),
    FtLabFaultInjection: new RedfishFtLabFaultInjection(client, d),
    WorkloadLocator: new RedfishWorkloadLocator(client, d),
    BmcClock: new RedfishBmcClock(client, d),
    BmcCertificate: new RedfishBmcCertificate(client, d),
    SensorReader: new RedfishSensorReader(client, d),
  };
}

/**
 * The capabilities this service can serve, found by asking it; `missing` says why each other
 * one is not offered (for "skipped: needs X" messages). Transport errors propagate (infra).
 */
export async function probeRedfishCapabilities(
  client: RedfishClient,
  signal?: AbortSignal,
  opts: RedfishCapabilityOptions = {},
): Promise<{ caps: Partial<CapabilityMap>; missing: Partial<Record<CapabilityName, string>> }> {
  const d = opts.discovery ?? new RedfishDiscovery(client);
  const all = redfishCapabilities(client, { ...opts, discovery: d });
  const sig = signal ? { signal } : {};
  const missing: Partial<Record<CapabilityName, string>> = {};
  const root = await d.serviceRoot(sig);
  const systems = root.systems ? await d.systems(sig) : [];
  if (systems.length === 0) {
    missing.PowerControl = 'the service has no ComputerSystem';
    missing.SystemHealth = 'the service has no ComputerSystem';
    missing.FtState = 'the service has no ComputerSystem';
    missing.SystemSettings = 'the service has no ComputerSystem';
  } else if ((await d.system(sig)).assetTag === null) missing.SystemSettings = 'the ComputerSystem has no AssetTag';
  if (!(await d.sseUri(sig).catch(() => null))) missing.EventSource = 'EventService has no ServerSentEventUri';
  if (systems.length === 0) missing.LogReader = 'the service has no ComputerSystem';
  else {
    const kinds = await all.LogReader!.logs().catch((e: unknown) => {
      missing.LogReader = `log services unreadable: ${errorMessage(e)}`;
      return null;
    });
    if (kinds && kinds.length === 0) missing.LogReader = 'no log service with LogEntryType Event or SEL';
  }
  if (systems.length > 0 && (!root.chassis || (await d.moduleChassis(sig)).length === 0)) missing.FtState = 'no chassis of ChassisType Module (not a lockstep server)';
  if (!root.ftLab?.faultInjection) missing.FtLabFaultInjection = 'service root has no Oem.FtLab.FaultInjection';
  if (!root.ftLab?.workload) missing.WorkloadLocator = 'service root has no Oem.FtLab.Workload';
  if (!root.chassis) missing.SensorReader = 'the service has no Chassis collection';
  if (!client.baseUrl.startsWith('https:')) missing.BmcCertificate = 'the service is reached over plain HTTP';
  const caps: Partial<CapabilityMap> = {};
  for (const [name, cap] of Object.entries(all) as Array<[CapabilityName, CapabilityMap[CapabilityName]]>) {
    if (!(name in missing)) (caps as Record<string, unknown>)[name] = cap;
  }
  return { caps, missing };
}
