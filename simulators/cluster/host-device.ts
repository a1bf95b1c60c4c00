/**
 * The cluster as a lab-host device kind: `kind: cluster` in `emulate lab --config`, one whole
 * SAN-boot cluster (startClusterProcess) on the lab clock. `profile` names its cluster config
 * (default: the shipped one), `memberPrefix` makes it a copy with its own names and addresses
 * (config/relabel.ts); `defects` are cluster defects; `ipmi` serves fleet IPMI where
 * available; its endpoints all get free ports (`ports` is refused).
 */
import { ConfigError } from '../../lib/errors.ts';
import type { DeviceKind, HostContext, HostedDevice, HostedDeviceSpec } from '../host/device-kind.ts';
import { loadClusterConfig } from './config/load.ts';
import { relabelCluster } from './config/relabel.ts';
import type { ClusterConfig } from './config/types.ts';
import { parseClusterDefects } from './model/defects.ts';
import { labEntry } from './process/announcement.ts';
import { fleetIpmiHooks } from './process/ipmi-hook.ts';
import { startClusterProcess } from './process/start.ts';

function configOf(spec: HostedDeviceSpec, where: string): ClusterConfig {
  try {
    const config = loadClusterConfig(spec.profile);
    return spec.memberPrefix === undefined ? config : relabelCluster(config, spec.memberPrefix);
  } catch (e) {
    if (e instanceof ConfigError) throw new ConfigError(`${where}.profile: ${e.where}`, e.expectation, { cause: e });
    throw e;
  }
}

function check(spec: HostedDeviceSpec, where: string): void {
  parseClusterDefects(spec.defects, `${where}.defects`);
  if (Object.keys(spec.ports).length) throw new ConfigError(`${where}.ports`, 'expected no fixed ports for a cluster (every endpoint of it gets a free one)');
  configOf(spec, where);
}

async function start(spec: HostedDeviceSpec, ctx: HostContext): Promise<HostedDevice> {
  const cluster = await startClusterProcess({
    config: configOf(spec, spec.name),
    clock: ctx.clock,
    timeScale: ctx.timeScale,
    defects: parseClusterDefects(spec.defects, `${spec.name}: defects`),
    bind: ctx.bind,
    account: ctx.account,
    logger: ctx.logger.child({ device: spec.name }),
    serverServices: spec.ipmi ? fleetIpmiHooks() : [],
    ...(ctx.tls ? { tls: ctx.tls } : {}),
  });
  return { announcement: labEntry(cluster.announcement(), spec.name), close: () => cluster.close() };
}

export const CLUSTER_DEVICE_KIND: DeviceKind = {
  summary: 'a SAN-boot cluster: server BMCs, Ethernet and FC switches, disk array, businesses (profile = cluster config)',
  check,
  start,
};
