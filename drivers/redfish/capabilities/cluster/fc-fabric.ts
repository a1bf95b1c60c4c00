/**
 * Reading one FC fabric of a switch service: the fabric, its zones (ZoneOfEndpoints members as
 * WWPNs, ZoneOfZones with the zones they contain, the Default zone) and its endpoints by WWPN.
 * Shared by ZoneControl and FabricLogins.
 */
import { CapabilityNotSupportedError } from '../../../capabilities/cluster-errors.ts';
import type { ZoningView, ZoneView } from '../../../../lib/domains/cluster/san.ts';
import { type JsonObject, lastSegment, linkList, optBoolean, optString } from '../../json.ts';
import { type Device, eachLimited, endpointWwpn, fabricLink, fabricsOfType, readMembers, sig, sorted, wwpnOfLink, etagOf } from './support.ts';

export interface FcFabric {
  path: string;
  body: JsonObject;
  id: string;
}

/** The FC fabric the service serves (the one with Id `wanted`, if given). */
export async function fcFabric(d: Device, capability: string, wanted: string | undefined, signal?: AbortSignal): Promise<FcFabric> {
  const all = await fabricsOfType(d, capability, 'FC', signal);
  const found = wanted === undefined ? all[0] : all.find((f) => f.body.Id === wanted || lastSegment(f.path) === wanted);
  if (!found) throw new CapabilityNotSupportedError(capability, d.name, `no FC Fabric ${wanted ?? ''} (it has: ${all.map((f) => lastSegment(f.path)).join(', ')})`);
  return { ...found, id: optString(found.body, 'Id') ?? lastSegment(found.path) };
}

/** A WWPN per endpoint link: from the link's last segment when it is one, else by reading the endpoint. */
export async function memberWwpns(d: Device, links: string[], signal?: AbortSignal): Promise<string[]> {
  return sorted(await eachLimited(links, async (l) => wwpnOfLink(l) ?? endpointWwpn(await d.client.getJson(l, sig(signal)), l)));
}

export function zoneView(path: string, body: JsonObject, members: string[]): ZoneView {
  return { id: optString(body, 'Id') ?? lastSegment(path), uri: path, members, etag: etagOf(body) };
}

export async function readZoning(d: Device, capability: string, f: FcFabric, signal?: AbortSignal): Promise<ZoningView> {
  const zones = await readMembers(d, fabricLink(d, capability, f, 'Zones'), signal);
  const out: ZoningView = { fabric: f.id, zones: [], zoneSets: [], activeZoneSet: null, defaultRouting: null };
  for (const z of zones) {
    const type = optString(z.body, 'ZoneType');
    const id = optString(z.body, 'Id') ?? lastSegment(z.path);
    if (type === 'ZoneOfZones') {
      const active = optString(z.body, 'Status.State') === 'Enabled';
      out.zoneSets.push({ id, uri: z.path, zones: linkList(z.body, 'Links.ContainsZones').map(lastSegment), active });
      if (active) out.activeZoneSet = id;
    } else if (type === 'Default') out.defaultRouting = optBoolean(z.body, 'DefaultRoutingEnabled');
    else out.zones.push(zoneView(z.path, z.body, await memberWwpns(d, linkList(z.body, 'Links.Endpoints'), signal)));
  }
  return out;
}
