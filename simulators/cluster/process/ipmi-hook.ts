/**
 * Where fleet IPMI plugs into the cluster process: the per-server services a server BMC serves
 * beside Redfish unless --no-ipmi. Empty until simulators/cluster/ipmi/ provides startClusterIpmi
 * (then: `[{ field: 'ipmi', start: (model, ctx) => startClusterIpmi(model, ctx) }]`).
 */
import type { ServerServicesHook } from './start.ts';

export function fleetIpmiHooks(): ServerServicesHook[] {
  return [];
}
