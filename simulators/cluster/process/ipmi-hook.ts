/**
 * Where fleet IPMI plugs into the cluster process: the per-server services a server BMC serves
 * beside Redfish unless --no-ipmi — one RMCP+ BMC per server (simulators/cluster/ipmi/).
 */
import { startClusterIpmi } from '../ipmi/fleet-ipmi.ts';
import type { ServerServicesHook } from './start.ts';

export function fleetIpmiHooks(): ServerServicesHook[] {
  return [{ field: 'ipmi', start: (model, ctx) => startClusterIpmi(model, ctx) }];
}
