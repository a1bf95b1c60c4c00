/**
 * One Redfish client per device of the lab file and the capabilities the manager uses on it:
 * a server's PowerControl and EventSource, a switch's VlanControl, a fabric's ZoneControl, an
 * array's LunMapping, the partition manager's PartitionControl, every server's ServerInventory.
 */
import type { EventSource, LunMapping, PartitionControl, PowerControl, ServerInventory, VlanControl, ZoneControl } from '../../../drivers/capabilities/index.ts';
import { RedfishClient } from '../../../drivers/redfish/client.ts';
import { clusterCapabilities } from '../../../drivers/redfish/capabilities/cluster/index.ts';
import { RedfishEventSource, RedfishPowerControl } from '../../../drivers/redfish/capabilities/index.ts';
import { RedfishDiscovery } from '../../../drivers/redfish/discovery.ts';
import type { Clock } from '../../../lib/clock.ts';
import { ConfigError } from '../../../lib/errors.ts';
import type { Logger } from '../../../lib/log.ts';
import { readArrayTargets } from './array-targets.ts';
import type { Lab, LabDevice } from './lab-file.ts';

export interface ServerDevice {
  name: string;
  client: RedfishClient;
  power: PowerControl;
  events: EventSource;
  inventory: ServerInventory;
}

export interface LabDevices {
  servers: Map<string, ServerDevice>;
  switches: Map<string, VlanControl>;
  /** Fabric name (A) → ZoneControl of its switch. */
  fabrics: Map<string, ZoneControl>;
  arrays: Map<string, { lun: LunMapping; targets(signal?: AbortSignal): Promise<string[]> }>;
  partitionManager: { name: string; control: PartitionControl } | null;
  close(): Promise<void>;
}

function clientOf(d: LabDevice, clock: Clock, logger: Logger, where: string): RedfishClient {
  return new RedfishClient({
    baseUrl: d.url,
    auth: { mode: 'basic', username: d.user, password: d.password },
    tls: { insecure: d.insecure, ...(d.ca ? { ca: d.ca } : {}) },
    timeoutMs: 5000,
    retries: 1,
    clock,
    logger,
    where: `${where}: devices.${d.name}.redfish`,
  });
}

export function connectLab(lab: Lab, clock: Clock, logger: Logger): LabDevices {
  const clients = new Map<string, RedfishClient>();
  const client = (name: string): RedfishClient => {
    const d = lab.devices.get(name);
    if (!d) throw new ConfigError(`${lab.file}: devices`, `expected a device "${name}"`);
    const c = clients.get(name) ?? clientOf(d, clock, logger, lab.file);
    clients.set(name, c);
    return c;
  };
  const servers = new Map<string, ServerDevice>();
  for (const name of lab.cluster.servers) {
    const c = client(name);
    const discovery = new RedfishDiscovery(c);
    servers.set(name, {
      name,
      client: c,
      power: new RedfishPowerControl(c, discovery),
      events: new RedfishEventSource(c, discovery, { reconnect: { initialDelayMs: 250, maxDelayMs: 5000 } }),
      inventory: clusterCapabilities(c, { device: name, discovery }).ServerInventory,
    });
  }
  const caps = (name: string, fabric?: string) => clusterCapabilities(client(name), { device: name, ...(fabric ? { fabric } : {}) });
  const pm = lab.cluster.partitionManager;
  return {
    servers,
    switches: new Map(lab.cluster.ethernetSwitches.map((n) => [n, caps(n).VlanControl])),
    fabrics: new Map(Object.entries(lab.cluster.fabrics).map(([f, n]) => [f, caps(n, f).ZoneControl])),
    arrays: new Map(lab.cluster.arrays.map((n) => [n, { lun: caps(n).LunMapping, targets: (signal?: AbortSignal) => readArrayTargets(client(n), n, signal) }])),
    partitionManager: pm ? { name: pm, control: caps(pm).PartitionControl } : null,
    close: async () => {
      await Promise.allSettled([...clients.values()].map((c) => c.close()));
    },
  };
}
