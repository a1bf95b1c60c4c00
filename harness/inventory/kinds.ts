/**
 * Device kinds an inventory may name: the one place to add a kind (server, ethernet-switch,
 * fc-switch, array, failover-manager, ...). lab.schema.json and the embedded lab's config take
 * their `kind` enum from here (schema.ts; schema.test.ts checks the file is up to date).
 */
export const DEVICE_KINDS = {
  ft: 'fault-tolerant (lockstep) server: Redfish and IPMI BMC, workload',
} as const satisfies Record<string, string>;

export function deviceKindNames(): string[] {
  return Object.keys(DEVICE_KINDS);
}
