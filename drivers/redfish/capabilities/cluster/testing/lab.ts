/**
 * The default cluster's Redfish services in process on 127.0.0.1 (scaled clock, optional
 * defects) and a RedfishClient per device, for the cluster capability tests.
 */
import type { ExecutionContext } from 'ava';
import { ScaledClock } from '../../../../../lib/clock.ts';
import { waitFor } from '../../../../../lib/deadline.ts';
import { loadClusterConfig } from '../../../../../simulators/cluster/config/load.ts';
import { ClusterModel } from '../../../../../simulators/cluster/model/cluster.ts';
import type { ClusterDefect } from '../../../../../simulators/cluster/model/defects.ts';
import { startClusterServices } from '../../../../../simulators/cluster/redfish/services.ts';
import { RedfishClient } from '../../../client.ts';
import { type ClusterCapabilities, clusterCapabilities } from '../index.ts';

const USER = 'admin';
const PASSWORD = 'cluster-drivers-pw';

export interface DriverLab {
  model: ClusterModel;
  client(device: string): RedfishClient;
  caps(device: string): ClusterCapabilities;
  /** Wait (real time, bounded) until the model's system reaches a boot state. */
  until(system: string, boot: string): Promise<void>;
}

export async function driverLab(t: ExecutionContext, opts: { defects?: ClusterDefect[]; scale?: number } = {}): Promise<DriverLab> {
  const scale = opts.scale ?? 1000;
  const model = new ClusterModel(loadClusterConfig(), new ScaledClock(scale), opts.defects ?? []);
  const services = await startClusterServices(model, { bind: '127.0.0.1', account: { user: USER, password: PASSWORD }, timeScale: scale });
  t.teardown(() => services.close());
  const clients = new Map<string, RedfishClient>();
  const client = (name: string): RedfishClient => {
    const found = clients.get(name);
    if (found) return found;
    const dev = services.devices.find((d) => d.name === name);
    if (!dev) throw new Error(`no device ${name} in the cluster`);
    const c = new RedfishClient({ baseUrl: dev.redfish, auth: { mode: 'basic', username: USER, password: PASSWORD }, where: name });
    clients.set(name, c);
    t.teardown(() => c.close());
    return c;
  };
  return {
    model,
    client,
    caps: (name) => clusterCapabilities(client(name), { device: name }),
    until: async (system, boot) => void await waitFor(`${system} reaches ${boot}`, 30_000, async () => (model.system(system).boot === boot ? true : undefined), { intervalMs: 10, describeLast: () => model.system(system).boot }),
  };
}
