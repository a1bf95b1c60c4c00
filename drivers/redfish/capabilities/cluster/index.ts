/**
 * The cluster capabilities over Redfish (servers, Ethernet and FC switches, disk arrays, the
 * partition manager), bound to one client. `clusterCapabilities` gives all of them (lazy);
 * `probeClusterCapabilities` asks the service which it can serve, with the reason for each other
 * one (for "skipped: needs X" messages). Transport and credential errors propagate (infra); a
 * resource that is missing or malformed only withholds the capability that needs it.
 */
import { CapabilityNotSupportedError } from '../../../capabilities/cluster-errors.ts';
import type { CapabilityMap, ClusterCapabilityName } from '../../../capabilities/index.ts';
import type { RedfishClient } from '../../client.ts';
import { RedfishDiscovery } from '../../discovery.ts';
import { RedfishHttpError, RedfishProtocolError } from '../../errors.ts';
import { errorMessage } from '../../../../lib/errors.ts';
import { linkList, linkOf } from '../../json.ts';
import { arrayPaths } from './array-view.ts';
import { RedfishFabricLogins } from './fabric-logins.ts';
import { fcFabric } from './fc-fabric.ts';
import { RedfishLunMapping } from './lun-mapping.ts';
import { RedfishPartitionControl } from './partition-control.ts';
import { RedfishServerInventory } from './server-inventory.ts';
import { type Device, device, fabricLink, fabricsOfType, sig } from './support.ts';
import { RedfishVlanControl } from './vlan-control.ts';
import { RedfishZoneControl } from './zone-control.ts';
import { CLUSTER_FAULT_INJECTION, RedfishClusterFaultInjection } from './fault-injection.ts';

export { RedfishFabricLogins, RedfishLunMapping, RedfishPartitionControl, RedfishServerInventory, RedfishVlanControl, RedfishZoneControl };

export interface ClusterCapabilityOptions {
  /** The device's name for messages (default: the client's base URL). */
  device?: string;
  discovery?: RedfishDiscovery;
  /** The FC fabric ZoneControl acts on when the switch serves several (default: the first). */
  fabric?: string;
}

export type ClusterCapabilities = Pick<CapabilityMap, ClusterCapabilityName>;

export function clusterCapabilities(client: RedfishClient, opts: ClusterCapabilityOptions = {}): ClusterCapabilities {
  const d = device(client, opts.device);
  return {
    ServerInventory: new RedfishServerInventory(d, opts.discovery ?? new RedfishDiscovery(client)),
    VlanControl: new RedfishVlanControl(d),
    ZoneControl: new RedfishZoneControl(d, opts.fabric),
    LunMapping: new RedfishLunMapping(d),
    FabricLogins: new RedfishFabricLogins(d),
    PartitionControl: new RedfishPartitionControl(d),
    ClusterLabFaultInjection: new RedfishClusterFaultInjection(d),
  };
}

type Check = (d: Device, discovery: RedfishDiscovery, opts: ClusterCapabilityOptions, signal?: AbortSignal) => Promise<void>;

/** What each capability needs of the service; each throws CapabilityNotSupportedError saying what is missing. */
const CHECKS: Record<ClusterCapabilityName, Check> = {
  ServerInventory: async (d, discovery, _o, signal) => {
    const root = await discovery.serviceRoot(sig(signal));
    if (!root.systems) throw new CapabilityNotSupportedError('ServerInventory', d.name, 'the service has no ComputerSystem');
    const path = await discovery.systemPath(sig(signal));
    for (const c of linkList(await d.client.getJson(path, sig(signal)), 'Links.Chassis')) if (linkOf((await d.client.getJson(c, sig(signal))).NetworkAdapters)) return;
    throw new CapabilityNotSupportedError('ServerInventory', d.name, `the chassis of ${path} have no NetworkAdapters`);
  },
  VlanControl: async (d, _x, _o, signal) => {
    for (const f of await fabricsOfType(d, 'VlanControl', 'Ethernet', signal)) fabricLink(d, 'VlanControl', f, 'Switches');
  },
  ZoneControl: async (d, _x, o, signal) => {
    fabricLink(d, 'ZoneControl', await fcFabric(d, 'ZoneControl', o.fabric, signal), 'Zones');
  },
  FabricLogins: async (d, _x, _o, signal) => {
    for (const f of await fabricsOfType(d, 'FabricLogins', 'FC', signal)) if (linkOf(f.body.Switches)) return;
    throw new CapabilityNotSupportedError('FabricLogins', d.name, 'no FC Fabric has Switches');
  },
  LunMapping: async (d, _x, _o, signal) => {
    await arrayPaths(d, signal);
  },
  PartitionControl: async (d, _x, _o, signal) => {
    await new RedfishPartitionControl(d).read(signal);
  },
  ClusterLabFaultInjection: async (d, _x, _o, signal) => {
    try {
      await d.client.getJson(CLUSTER_FAULT_INJECTION, sig(signal));
    } catch (e) {
      if (e instanceof RedfishHttpError && e.status === 404) throw new CapabilityNotSupportedError('ClusterLabFaultInjection', d.name, `the service has no ${CLUSTER_FAULT_INJECTION}`);
      throw e;
    }
  },
};

export async function probeClusterCapabilities(
  client: RedfishClient,
  signal?: AbortSignal,
  opts: ClusterCapabilityOptions = {},
): Promise<{ caps: Partial<ClusterCapabilities>; missing: Partial<Record<ClusterCapabilityName, string>> }> {
  const discovery = opts.discovery ?? new RedfishDiscovery(client);
  const all = clusterCapabilities(client, { ...opts, discovery });
  const d = device(client, opts.device);
  const caps: Partial<ClusterCapabilities> = {};
  const missing: Partial<Record<ClusterCapabilityName, string>> = {};
  for (const name of Object.keys(CHECKS) as ClusterCapabilityName[]) {
    try {
      await CHECKS[name](d, discovery, opts, signal);
      (caps as Record<string, unknown>)[name] = all[name];
    } catch (e) {
      // A resource that is not what the capability needs (404, malformed) is a reason, not a broken device.
      if (e instanceof CapabilityNotSupportedError) missing[name] = e.reason;
      else if ((e instanceof RedfishHttpError && e.status >= 400 && e.status < 500 && e.status !== 401 && e.status !== 403) || e instanceof RedfishProtocolError) missing[name] = errorMessage(e);
      else throw e;
    }
  }
  return { caps, missing };
}
