/**
 * An FC switch's Redfish service (redfish-model.md §3.1, §4.3): Fabric with its Switch and F_Ports,
 * Endpoints for the logged-in N_Ports, WWN zones (ZoneOfEndpoints, with AddEndpoint/RemoveEndpoint),
 * zone sets (ZoneOfZones; the effective one is Enabled, activated with the OEM action
 * #ClusterLabZone.Activate) and the Default zone with its DefaultRoutingEnabled.
 */
import { baseError, type JsonObject, type RedfishService } from '../../redfish/index.ts';
import type { ClusterModel } from '../model/cluster.ts';
import type { FcSwitchModel } from '../model/fc.ts';
import { fcEndpoint, modelRequest, ref, refId, wwpnId } from './common.ts';

/** 2100002... → 21:00:00:...; null when it is not 16 hex digits. */
export function wwpnOf(id: string): string | null {
  return /^[0-9a-f]{16}$/.test(id) ? (id.match(/../g) ?? []).join(':') : null;
}

export function mountFcSwitch(svc: RedfishService, model: ClusterModel, fabricId: string): void {
  const fc = model.fabric(fabricId);
  const base = `/redfish/v1/Fabrics/${fabricId}`;
  svc.collection('/redfish/v1/Fabrics', { type: '#FabricCollection.FabricCollection', name: 'Fabric Collection' });
  svc.resource(base, {
    type: '#Fabric.v1_3_0.Fabric',
    get: () => ({ Id: fabricId, Name: `Fabric ${fabricId}`, FabricType: 'FC', Switches: ref(`${base}/Switches`), Endpoints: ref(`${base}/Endpoints`), Zones: ref(`${base}/Zones`), Status: { State: 'Enabled', Health: 'OK' } }),
  });
  mountPorts(svc, fc, `${base}/Switches/${fc.device}`);
  // Every WWPN cabled to this fabric may log in: one Endpoint resource each, 404 while logged out.
  const cabled = [...model.servers.values()].flatMap((s) => s.spec.hbas.filter((h) => h.fabric === fabricId).map((h) => ({ wwpn: h.wwpn, role: 'Initiator' as const })));
  const targets = [...model.arrays.values()].flatMap((a) => a.spec.ports.filter((p) => p.fabric === fabricId).map((p) => ({ wwpn: p.wwpn, role: 'Target' as const })));
  svc.collection(`${base}/Endpoints`, { type: '#EndpointCollection.EndpointCollection', name: 'Endpoint Collection', members: () => [...fc.logins.keys()].map((w) => `${base}/Endpoints/${wwpnId(w)}`) });
  for (const e of [...cabled, ...targets]) mountEndpoint(svc, fc, base, e.wwpn, e.role);
  mountZones(svc, fc, base);
}

function mountPorts(svc: RedfishService, fc: FcSwitchModel, sw: string): void {
  const switches = sw.slice(0, sw.lastIndexOf('/'));
  svc.collection(switches, { type: '#SwitchCollection.SwitchCollection', name: 'Switch Collection' });
  svc.resource(sw, {
    type: '#Switch.v1_9_0.Switch',
    get: () => ({ Id: fc.device, Name: `FC switch ${fc.device}`, SwitchType: 'FC', DomainID: fc.spec.domainId, Ports: ref(`${sw}/Ports`), Status: { State: 'Enabled', Health: 'OK' } }),
  });
  svc.collection(`${sw}/Ports`, { type: '#PortCollection.PortCollection', name: 'Port Collection' });
  for (let n = 0; n < fc.spec.portCount; n++) {
    const port = String(n);
    svc.resource(`${sw}/Ports/${port}`, {
      type: '#Port.v1_11_0.Port',
      get: () => {
        const here = [...fc.logins].filter(([, p]) => p === port).map(([w]) => w);
        return {
          Id: port,
          Name: `Port ${port}`,
          PortId: port,
          PortProtocol: 'FC',
          LinkNetworkTechnology: 'FibreChannel',
          LinkStatus: here.length ? 'LinkUp' : 'NoLink',
          FibreChannel: { PortConnectionType: here.length ? 'FPort' : 'NotConnected', FabricName: fc.spec.id, AssociatedWorldWideNames: here, NumberDiscoveredRemotePorts: here.length },
        };
      },
    });
  }
}

function mountEndpoint(svc: RedfishService, fc: FcSwitchModel, base: string, wwpn: string, role: 'Initiator' | 'Target'): void {
  const uri = `${base}/Endpoints/${wwpnId(wwpn)}`;
  svc.resource(uri, {
    type: '#Endpoint.v1_8_0.Endpoint',
    get: () => {
      const port = fc.logins.get(wwpn);
      if (port === undefined) throw baseError(404, 'ResourceMissingAtURI', [uri]);
      const zones = [...fc.zones].filter(([, m]) => m.has(wwpn)).map(([z]) => ref(`${base}/Zones/${z}`));
      return {
        ...fcEndpoint(wwpn, role),
        Links: { ConnectedPorts: [ref(`${base}/Switches/${fc.device}/Ports/${port}`)], Zones: zones },
        Status: { State: 'Enabled', Health: 'OK' },
      };
    },
  });
}

function mountZones(svc: RedfishService, fc: FcSwitchModel, base: string): void {
  const handles = new Map<string, { remove(): void }>();
  const mount = (z: string): void => {
    if (!handles.has(z)) handles.set(z, mountZone(svc, fc, base, z));
  };
  svc.collection(`${base}/Zones`, {
    type: '#ZoneCollection.ZoneCollection',
    name: 'Zone Collection',
    members: () => [...fc.zones.keys(), ...fc.zoneSets.keys(), 'Default'].map((z) => `${base}/Zones/${z}`),
    post: {
      handler: async (body) => {
        const id = typeof body.Id === 'string' ? body.Id : '';
        if (!/^[A-Za-z][A-Za-z0-9_-]*$/.test(id) || id === 'Default') throw baseError(400, 'PropertyValueFormatError', [id, 'Id'], ['Id']);
        if (fc.zones.has(id) || fc.zoneSets.has(id)) throw baseError(409, 'ResourceAlreadyExists', ['Zone', 'Id', id], ['Id']);
        const links = (body.Links ?? {}) as { Endpoints?: unknown; ContainsZones?: unknown };
        if (body.ZoneType === 'ZoneOfZones') {
          const zones = refIds(links.ContainsZones, `${base}/Zones/`, 'Links/ContainsZones');
          await modelRequest(() => fc.putZoneSet(id, zones));
        } else if (body.ZoneType === undefined || body.ZoneType === 'ZoneOfEndpoints') {
          const members = endpointWwpns(links.Endpoints, base);
          await modelRequest(() => fc.putZone(id, members));
        } else throw baseError(400, 'PropertyValueNotInList', [String(body.ZoneType), 'ZoneType'], ['ZoneType']);
        mount(id);
        return { path: `${base}/Zones/${id}` };
      },
    },
  });
  for (const z of [...fc.zones.keys(), ...fc.zoneSets.keys()]) mount(z);
  svc.resource(`${base}/Zones/Default`, {
    type: '#Zone.v1_6_0.Zone',
    get: () => ({ Id: 'Default', Name: 'Default zone', ZoneType: 'Default', DefaultRoutingEnabled: fc.defaultZone === 'allow' }),
    patch: { writable: { DefaultRoutingEnabled: { type: 'boolean' } }, apply: (c) => fc.setDefaultZone(c.DefaultRoutingEnabled === true ? 'allow' : 'deny') },
  });
}

function mountZone(svc: RedfishService, fc: FcSwitchModel, base: string, id: string): { remove(): void } {
  const uri = `${base}/Zones/${id}`;
  const handle = svc.resource(uri, { type: '#Zone.v1_6_0.Zone', get: () => zoneBody(fc, base, uri, id) });
  const members = (): Set<string> => {
    const m = fc.zones.get(id);
    if (!m) throw baseError(400, 'ActionNotSupported', ['AddEndpoint']);
    return m;
  };
  const edit = (add: boolean) => async (params: JsonObject) => {
    const [w] = endpointWwpns([params.Endpoint], base);
    checkZoneEtag(svc, uri, params.ZoneETag);
    const next = new Set(members());
    if (add) next.add(w ?? '');
    else next.delete(w ?? '');
    await modelRequest(() => fc.putZone(id, [...next]));
    return undefined;
  };
  const endpoint = { Endpoint: { type: 'json' as const, required: true }, ZoneETag: { type: 'string' as const } };
  svc.action(uri, '#Zone.AddEndpoint', { parameters: endpoint, handler: edit(true) });
  svc.action(uri, '#Zone.RemoveEndpoint', { parameters: endpoint, handler: edit(false) });
  svc.action(uri, '#ClusterLabZone.Activate', {
    oem: true,
    parameters: {},
    handler: async () => {
      await modelRequest(() => fc.activate(id));
      return undefined;
    },
  });
  return handle;
}

/** Zone v1_5_0 `ZoneETag`: the edit applies only to the zone as the client last read it (else 412). */
function checkZoneEtag(svc: RedfishService, uri: string, etag: unknown): void {
  if (typeof etag !== 'string') return;
  const entry = svc.router.entries.get(uri);
  const now = entry ? svc.render(entry, undefined).etag : null;
  if (etag.replace(/^W\//, '') !== now) throw baseError(412, 'PreconditionFailed');
}

function zoneBody(fc: FcSwitchModel, base: string, uri: string, id: string): JsonObject {
  const set = fc.zoneSets.get(id);
  if (set) {
    return { Id: id, Name: id, ZoneType: 'ZoneOfZones', Links: { ContainsZones: set.map((z) => ref(`${base}/Zones/${z}`)) }, Status: { State: fc.effective?.zoneSet === id ? 'Enabled' : 'Disabled' } };
  }
  const m = fc.zones.get(id);
  if (!m) throw baseError(404, 'ResourceMissingAtURI', [uri]);
  return { Id: id, Name: id, ZoneType: 'ZoneOfEndpoints', ExternalAccessibility: 'ZoneOnly', Links: { Endpoints: [...m].map((w) => ref(`${base}/Endpoints/${wwpnId(w)}`)) } };
}

function refIds(v: unknown, prefix: string, prop: string): string[] {
  if (!Array.isArray(v)) throw baseError(400, 'PropertyMissing', [prop], [prop]);
  return v.map((x: unknown, i) => refId(x, prefix, `${prop}/${i}`));
}

function endpointWwpns(v: unknown, base: string): string[] {
  return refIds(v, `${base}/Endpoints/`, 'Links/Endpoints').map((id, i) => {
    const w = wwpnOf(id);
    if (!w) throw baseError(400, 'PropertyValueFormatError', [id, `Links/Endpoints/${i}`], [`Links/Endpoints/${i}`]);
    return w;
  });
}
