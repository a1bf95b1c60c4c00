/**
 * Reading a disk array's LUN masking over Redfish (redfish-model.md §3.2): the Storage and its
 * Volumes (NAA, IsBootCapable, `Links.ClientEndpoints`), and the access Fabric that holds the
 * array's Endpoints, EndpointGroups (host groups) and Connections (volume + LUN → host group).
 */
import type { ConnectionView, HostGroupView, LunMappingView, VolumeView } from '../../../../lib/domains/cluster/san.ts';
import { RedfishProtocolError } from '../../errors.ts';
import { type JsonObject, at, isObject, lastSegment, linkList, linkOf, optBoolean, optNumber, optString } from '../../json.ts';
import { memberWwpns } from './fc-fabric.ts';
import { CapabilityNotSupportedError } from '../../../capabilities/cluster-errors.ts';
import { type Device, eachLimited, fabricsOfType, readMembers, requiredLink, sig, etagOf } from './support.ts';

export const CAP = 'LunMapping';

export interface ArrayPaths {
  storage: string;
  volumes: string;
  endpoints: string;
  groups: string;
  connections: string;
}

/** Where the array keeps what LunMapping reads and writes; CapabilityNotSupportedError when a part is missing. */
export async function arrayPaths(d: Device, signal?: AbortSignal): Promise<ArrayPaths> {
  const storages = await d.client.members(await requiredLink(d, CAP, 'Storage', signal), sig(signal));
  const storage = storages[0];
  if (!storage) throw new CapabilityNotSupportedError(CAP, d.name, 'the Storage collection is empty');
  const s = await d.client.getJson(storage, sig(signal));
  const volumes = linkOf(s.Volumes);
  if (!volumes) throw new CapabilityNotSupportedError(CAP, d.name, `Storage ${storage} has no Volumes`);
  const fabric = (await fabricsOfType(d, CAP, 'FC', signal)).find((f) => linkOf(f.body.Connections) && linkOf(f.body.EndpointGroups) && linkOf(f.body.Endpoints));
  if (!fabric) throw new CapabilityNotSupportedError(CAP, d.name, 'no Fabric with Connections, EndpointGroups and Endpoints (LUN masking)');
  const link = (p: string): string => linkOf(fabric.body[p]) ?? '';
  return { storage, volumes, endpoints: link('Endpoints'), groups: link('EndpointGroups'), connections: link('Connections') };
}

export async function readArray(d: Device, p: ArrayPaths, signal?: AbortSignal): Promise<LunMappingView> {
  const [vols, groups, conns] = await Promise.all([readMembers(d, p.volumes, signal), readMembers(d, p.groups, signal), readMembers(d, p.connections, signal)]);
  return {
    array: lastSegment(p.storage),
    volumes: await eachLimited(vols, (v) => volumeView(d, v.path, v.body, signal)),
    hostGroups: await eachLimited(groups, (g) => groupView(d, g.path, g.body, signal)),
    connections: conns.map((c) => connectionView(c.path, c.body)),
  };
}

async function volumeView(d: Device, path: string, body: JsonObject, signal?: AbortSignal): Promise<VolumeView> {
  const ids = Array.isArray(body.Identifiers) ? body.Identifiers.filter(isObject) : [];
  const naa = ids.find((i) => i.DurableNameFormat === 'NAA' && typeof i.DurableName === 'string')?.DurableName;
  const clients = at(body, 'Links.ClientEndpoints');
  return {
    id: optString(body, 'Id') ?? lastSegment(path),
    uri: path,
    naa: typeof naa === 'string' ? naa.toLowerCase() : null,
    capacityBytes: optNumber(body, 'CapacityBytes'),
    bootCapable: optBoolean(body, 'IsBootCapable') ?? false,
    reachableFrom: Array.isArray(clients) ? await memberWwpns(d, linkList(body, 'Links.ClientEndpoints'), signal) : null,
  };
}

export async function groupView(d: Device, path: string, body: JsonObject, signal?: AbortSignal): Promise<HostGroupView> {
  return { id: optString(body, 'Id') ?? lastSegment(path), uri: path, initiators: await memberWwpns(d, linkList(body, 'Links.Endpoints'), signal), etag: etagOf(body) };
}

export function connectionView(path: string, body: JsonObject): ConnectionView {
  const group = linkList(body, 'Links.InitiatorEndpointGroups')[0];
  if (!group) throw new RedfishProtocolError(path, 'Links.InitiatorEndpointGroups', 'expected the host group the connection maps to');
  const info = Array.isArray(body.VolumeInfo) ? body.VolumeInfo.filter(isObject) : [];
  const luns = info.map((v, i) => {
    const vol = linkOf(v.Volume);
    const lun = typeof v.LUN === 'number' ? v.LUN : null;
    if (!vol || lun === null) throw new RedfishProtocolError(path, `VolumeInfo[${i}]`, 'expected {Volume: link, LUN: number}');
    return { volume: lastSegment(vol), lun };
  });
  return { id: optString(body, 'Id') ?? lastSegment(path), uri: path, hostGroup: lastSegment(group), luns, etag: etagOf(body) };
}
