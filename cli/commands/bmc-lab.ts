/**
 * `ftlab bmc --lab FILE --device NAME [--via ipmi|redfish]`: the BMC of an inventory device
 * (lab.yaml, or the lab.json `ftlab lab up` writes: every fleet server of its cluster is a device),
 * with the endpoint, account, password reference and TLS trust the inventory holds. `--cluster
 * NAME` instead acts on every server of that cluster, one after the other.
 */
import { loadInventory } from '../../harness/inventory/load.ts';
import type { DeviceConfig, Inventory, IpmiEndpointConfig, RedfishEndpointConfig } from '../../harness/inventory/types.ts';
import { UsageError } from '../../lib/cli-args.ts';

/** Options that name the BMC themselves, so they do not go with --lab (the inventory says it). */
export const DIRECT_OPTIONS = ['ipmi', 'redfish', 'user', 'password-file', 'kg', 'kg-file', 'cipher', 'auth', 'insecure', 'ca'] as const;

export type LabBmc = { device: string; protocol: 'ipmi'; ipmi: IpmiEndpointConfig } | { device: string; protocol: 'redfish'; redfish: RedfishEndpointConfig };

export interface LabSelection {
  lab: string;
  device?: string | undefined;
  cluster?: string | undefined;
  via?: string | undefined;
}

function via(raw: string | undefined): 'ipmi' | 'redfish' | undefined {
  if (raw === undefined || raw === 'ipmi' || raw === 'redfish') return raw;
  throw new UsageError(`--via expects ipmi or redfish, got "${raw}"`);
}

function bmcOf(d: DeviceConfig, want: 'ipmi' | 'redfish' | undefined, file: string): LabBmc {
  const protocol = want ?? (d.redfish ? 'redfish' : 'ipmi');
  if (protocol === 'redfish' && d.redfish) return { device: d.name, protocol, redfish: d.redfish };
  if (protocol === 'ipmi' && d.ipmi) return { device: d.name, protocol, ipmi: d.ipmi };
  throw new UsageError(`${file}: device "${d.name}" has no ${protocol} endpoint (it has: ${[d.redfish ? 'redfish' : '', d.ipmi ? 'ipmi' : ''].filter(Boolean).join(', ')})`);
}

function deviceNamed(inv: Inventory, name: string, file: string): DeviceConfig {
  const d = inv.devices.find((x) => x.name === name);
  if (!d) throw new UsageError(`${file}: no device "${name}" (devices: ${inv.devices.map((x) => x.name).join(', ')})`);
  return d;
}

/** The BMCs a --lab selection names: one device, or every server of a cluster (in the cluster's order). */
export function labBmcs(sel: LabSelection): LabBmc[] {
  if ((sel.device === undefined) === (sel.cluster === undefined)) throw new UsageError('--lab goes with exactly one of --device NAME or --cluster NAME');
  const want = via(sel.via);
  const inv = loadInventory(sel.lab);
  if (sel.device !== undefined) return [bmcOf(deviceNamed(inv, sel.device, sel.lab), want, sel.lab)];
  const c = inv.clusters.find((x) => x.name === sel.cluster);
  if (!c) throw new UsageError(`${sel.lab}: no cluster "${sel.cluster}" (clusters: ${inv.clusters.map((x) => x.name).join(', ') || 'none'})`);
  return c.servers.map((s) => bmcOf(deviceNamed(inv, s, sel.lab), want, sel.lab));
}
