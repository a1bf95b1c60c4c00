/**
 * The array's host groups over Redfish (redfish-model.md §3.2): `EndpointGroup` resources of
 * GroupType Initiator in the array's access fabric, created by POST to the EndpointGroups
 * collection, edited by PATCH of `Links.Endpoints` (If-Match honoured by the core), deleted by
 * DELETE (409 while a connection uses the group). Members are referenced as the fabric's
 * Endpoints; an initiator Endpoint exists while a host group names it or a volume is still
 * reachable from it. Every change is checked whole, then committed by the model or refused whole.
 */
import { baseError, type JsonObject, type RedfishService } from '../../redfish/index.ts';
import type { DiskArrayModel } from '../model/array.ts';
import { fcEndpoint, modelRequest, ref, refId, wwpnId } from './common.ts';
import { wwpnOf } from './fc-switch.ts';

const ID = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;

/** Initiators the array knows now: in a host group, or still given access to a volume. */
function initiators(a: DiskArrayModel): string[] {
  const grouped = [...a.hostGroups.values()].flatMap((g) => [...g]);
  const reaching = [...a.volumes.keys()].flatMap((v) => a.initiatorsOf(v));
  return [...new Set([...grouped, ...reaching])].sort();
}

export function mountHostGroups(svc: RedfishService, a: DiskArrayModel, fabric: string): void {
  const endpoints = `${fabric}/Endpoints`;
  const mountInitiator = mountEndpoints(svc, a, endpoints);
  const groups = `${fabric}/EndpointGroups`;
  const handles = new Map<string, { remove(): void }>();
  const mountGroup = (g: string): void => {
    if (!handles.has(g)) handles.set(g, mountEndpointGroup(svc, a, `${groups}/${g}`, g, endpoints, mountInitiator));
  };
  svc.collection(groups, {
    type: '#EndpointGroupCollection.EndpointGroupCollection',
    name: 'Endpoint Group Collection',
    members: () => [...a.hostGroups.keys()].map((g) => `${groups}/${g}`),
    post: {
      handler: async (body) => {
        const id = typeof body.Id === 'string' && body.Id ? body.Id : typeof body.Name === 'string' ? body.Name : '';
        if (!ID.test(id)) throw baseError(400, 'PropertyValueFormatError', [id, 'Id'], ['Id']);
        if (body.GroupType !== undefined && body.GroupType !== 'Initiator') throw baseError(400, 'PropertyValueNotInList', [String(body.GroupType), 'GroupType'], ['GroupType']);
        if (a.hostGroups.has(id)) throw baseError(409, 'ResourceAlreadyExists', ['EndpointGroup', 'Id', id], ['Id']);
        const members = memberWwpns((body.Links as JsonObject | undefined)?.Endpoints, endpoints);
        await modelRequest(() => a.putHostGroup(id, members));
        members.forEach(mountInitiator);
        mountGroup(id);
        return { path: `${groups}/${id}` };
      },
    },
  });
  for (const g of a.hostGroups.keys()) mountGroup(g);
}

/** The Endpoints collection: the array's ports (targets) and the initiators it knows; returns how to mount a new initiator. */
function mountEndpoints(svc: RedfishService, a: DiskArrayModel, endpoints: string): (wwpn: string) => void {
  const mounted = new Set<string>();
  const mountInitiator = (wwpn: string): void => {
    if (mounted.has(wwpn)) return;
    mounted.add(wwpn);
    const uri = `${endpoints}/${wwpnId(wwpn)}`;
    svc.resource(uri, {
      type: '#Endpoint.v1_8_0.Endpoint',
      get: () => {
        if (!initiators(a).includes(wwpn)) throw baseError(404, 'ResourceMissingAtURI', [uri]);
        return fcEndpoint(wwpn, 'Initiator');
      },
    });
  };
  svc.collection(endpoints, {
    type: '#EndpointCollection.EndpointCollection',
    name: 'Endpoint Collection',
    members: () => [...a.spec.ports.map((p) => p.wwpn), ...initiators(a)].map((w) => `${endpoints}/${wwpnId(w)}`),
  });
  for (const p of a.spec.ports) svc.resource(`${endpoints}/${wwpnId(p.wwpn)}`, { type: '#Endpoint.v1_8_0.Endpoint', get: () => fcEndpoint(p.wwpn, 'Target') });
  for (const w of initiators(a)) mountInitiator(w);
  return mountInitiator;
}

function mountEndpointGroup(svc: RedfishService, a: DiskArrayModel, uri: string, g: string, endpoints: string, mountInitiator: (w: string) => void): { remove(): void } {
  let handle: { remove(): void } | null = null;
  handle = svc.resource(uri, {
    type: '#EndpointGroup.v1_3_0.EndpointGroup',
    get: () => {
      const members = a.hostGroups.get(g);
      if (!members) throw baseError(404, 'ResourceMissingAtURI', [uri]);
      const fabric = endpoints.slice(0, endpoints.lastIndexOf('/'));
      return {
        Id: g,
        Name: g,
        GroupType: 'Initiator',
        Links: { Endpoints: [...members].map((w) => ref(`${endpoints}/${wwpnId(w)}`)), Connections: [...a.connections.values()].filter((c) => c.hostGroup === g).map((c) => ref(`${fabric}/Connections/${c.id}`)) },
      };
    },
    patch: {
      writable: { Links: { type: 'object', properties: { Endpoints: { type: 'json' } } } },
      apply: async (changes) => {
        if (!a.hostGroups.has(g)) throw baseError(404, 'ResourceMissingAtURI', [uri]);
        const links = changes.Links as JsonObject | undefined;
        if (links?.Endpoints === undefined) return;
        const members = memberWwpns(links.Endpoints, endpoints);
        await modelRequest(() => a.putHostGroup(g, members));
        members.forEach(mountInitiator);
      },
    },
    delete: async () => {
      await modelRequest(() => a.deleteHostGroup(g));
      handle?.remove();
    },
  });
  return handle;
}

/** `Links.Endpoints` of a host group: links to `{endpoints}/<16 hex digits of a WWPN>`, each once. */
function memberWwpns(v: unknown, endpoints: string): string[] {
  if (!Array.isArray(v)) throw baseError(400, 'PropertyMissing', ['Links/Endpoints'], ['Links/Endpoints']);
  const out = v.map((x: unknown, i) => {
    const prop = `Links/Endpoints/${i}`;
    const w = wwpnOf(refId(x, `${endpoints}/`, prop));
    if (!w) throw baseError(400, 'PropertyValueFormatError', [JSON.stringify(x), prop], [prop]);
    return w;
  });
  const twice = out.find((w, i) => out.indexOf(w) !== i);
  if (twice) throw baseError(400, 'PropertyValueIncorrect', ['Links/Endpoints', `${twice} listed twice`], ['Links/Endpoints']);
  return out;
}
