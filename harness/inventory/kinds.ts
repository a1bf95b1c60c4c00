/**
 * Device kinds an inventory may name: the one place to add a kind. lab.schema.json and the
 * embedded lab's config take their `kind` enum from here (schema.ts; schema.test.ts checks the file is up to date). The cluster kinds are those a
 * `clusters:` entry groups (clusters.ts says which slot takes which kind).
 */
export const DEVICE_KINDS = {
  ft: 'fault-tolerant (lockstep) server: Redfish and IPMI BMC, workload',
  server: 'fleet server of a SAN-boot cluster: Redfish and IPMI BMC, FC HBAs, NICs, boot targets',
  'ethernet-switch': 'Ethernet switch: ports, link state, VLANs (Redfish Fabric)',
  'fc-switch': 'Fibre Channel switch of one fabric: fabric logins, zones (Redfish Fabric)',
  array: 'disk array: pools, volumes, host groups and LUN masking (Redfish Storage)',
  'partition-manager': 'partition manager: composes logical servers of partition-capable servers (Redfish composition service)',
  'failover-manager': 'N+1 failover manager of a SAN-boot cluster (the system under test): its tables, decisions and events, read-only over HTTP',
} as const satisfies Record<string, string>;

export type DeviceKindName = keyof typeof DEVICE_KINDS;

export function deviceKindNames(): string[] {
  return Object.keys(DEVICE_KINDS);
}
