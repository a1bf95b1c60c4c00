/**
 * One Redfish service root per device of the cluster, each on its own port, all over the one
 * model: a BMC per server, a service per disk array, per FC switch and per Ethernet switch, and
 * the partition manager when the cluster has partition-capable servers. The
 * device list is what `emulate cluster` will announce.
 */
import type { Logger } from '../../../lib/log.ts';
import { type ListenHandle, type ListenTls, RedfishService } from '../../redfish/index.ts';
import type { ClusterModel } from '../model/cluster.ts';
import { mountArray } from './array.ts';
import { BmcGate } from './bmc-gate.ts';
import { publishDeviceEvents } from './device-events.ts';
import { EventRouter } from './event-router.ts';
import { mountEthernetSwitch } from './ethernet-switch.ts';
import { mountFcSwitch } from './fc-switch.ts';
import { hasPartitionManager, mountPartitionManager, partitionManagerName } from './partition-manager.ts';
import { CLUSTER_REGISTRY } from './registry.ts';
import { mountServer } from './server.ts';

export interface ClusterDevice {
  name: string;
  kind: 'server' | 'array' | 'fc-switch' | 'ethernet-switch' | 'partition-manager';
  /** http(s)://HOST:PORT of its service root. */
  redfish: string;
  /** FC switches: the fabric it serves. */
  fabric?: string;
}

export interface ClusterServicesOptions {
  bind: string;
  account: { user: string; password: string };
  logger?: Logger;
  /** Serve HTTPS only, with this certificate chain and key (PEM). */
  tls?: ListenTls;
  /** Advertised on every service root as Oem.ClusterLab.TimeScale (the harness converts times with it); default 1. */
  timeScale?: number;
}

export interface ClusterServices {
  devices: ClusterDevice[];
  close(): Promise<void>;
}

export async function startClusterServices(model: ClusterModel, opts: ClusterServicesOptions): Promise<ClusterServices> {
  const started: Array<{ device: ClusterDevice; svc: RedfishService; handle: ListenHandle }> = [];
  const router = new EventRouter(model);
  const make = (product: string): RedfishService =>
    new RedfishService({
      clock: model.clock,
      accounts: [{ user: opts.account.user, password: opts.account.password, role: 'Administrator' }],
      product,
      vendor: 'ftlab',
      oemRegistries: [CLUSTER_REGISTRY],
      serviceRootExtras: () => ({ Oem: { ClusterLab: { '@odata.type': '#ClusterLabServiceRoot.v1_0_0.ClusterLab', TimeScale: opts.timeScale ?? 1 } } }),
      ...(opts.logger ? { logger: opts.logger } : {}),
    });
  const plan: Array<{ name: string; kind: ClusterDevice['kind']; fabric?: string; mount: (svc: RedfishService) => void }> = [
    ...[...model.servers.keys()].map((name) => ({ name, kind: 'server' as const, mount: (svc: RedfishService) => mountServer(svc, model, name) })),
    ...[...model.arrays.keys()].map((name) => ({ name, kind: 'array' as const, mount: (svc: RedfishService) => mountArray(svc, model, name) })),
    ...[...model.fabrics.values()].map((f) => ({ name: f.device, kind: 'fc-switch' as const, fabric: f.spec.id, mount: (svc: RedfishService) => mountFcSwitch(svc, model, f.spec.id) })),
    ...[...model.switches.keys()].map((name) => ({ name, kind: 'ethernet-switch' as const, mount: (svc: RedfishService) => mountEthernetSwitch(svc, model, name) })),
    ...(hasPartitionManager(model) ? [{ name: partitionManagerName(model), kind: 'partition-manager' as const, mount: (svc: RedfishService) => mountPartitionManager(svc, model) }] : []),
  ];
  try {
    for (const p of plan) {
      const svc = make(`ftlab emulated ${p.kind} ${p.name}`);
      p.mount(svc);
      publishDeviceEvents(router, svc, p.kind, p.name, p.fabric);
      const gate = p.kind === 'server' ? new BmcGate(model, p.name, router) : null;
      const handle = await svc.listen({ host: opts.bind, port: 0, ...(opts.tls ? { tls: opts.tls } : {}), ...(gate ? { onConnection: gate.onConnection } : {}) });
      started.push({ device: { name: p.name, kind: p.kind, redfish: handle.url, ...(p.fabric ? { fabric: p.fabric } : {}) }, svc, handle });
    }
  } catch (e) {
    router.close();
    await Promise.all(started.map((s) => s.handle.close()));
    throw e;
  }
  return {
    devices: started.map((s) => s.device),
    close: async () => {
      router.close();
      await Promise.all(started.map((s) => s.handle.close()));
    },
  };
}
