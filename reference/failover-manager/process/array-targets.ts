/**
 * An array's target ports (its storage endpoints, EntityRole Target, in the masking fabric's
 * Endpoints): the table says which servers reach which array by matching them with the servers'
 * boot targets. Not part of LunMapping, which is about initiators.
 */
import { arrayPaths } from '../../../drivers/redfish/capabilities/cluster/array-view.ts';
import { device, endpointWwpn, readMembers } from '../../../drivers/redfish/capabilities/cluster/support.ts';
import type { RedfishClient } from '../../../drivers/redfish/client.ts';
import { isObject } from '../../../drivers/redfish/json.ts';

export async function readArrayTargets(client: RedfishClient, name: string, signal?: AbortSignal): Promise<string[]> {
  const d = device(client, name);
  const endpoints = await readMembers(d, (await arrayPaths(d, signal)).endpoints, signal);
  const targets = endpoints.filter((e) => Array.isArray(e.body.ConnectedEntities) && e.body.ConnectedEntities.some((c) => isObject(c) && c.EntityRole === 'Target'));
  return targets.map((e) => endpointWwpn(e.body, e.path)).sort();
}
