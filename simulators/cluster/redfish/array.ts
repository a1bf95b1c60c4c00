/**
 * A disk array's Redfish service (redfish-model.md §3.2, §4.4): Storage with its Volumes, and the
 * array's access view as Fabric "SAN" — Endpoints (host initiators and array ports), EndpointGroups
 * (host groups) and Connections (LUN masking: volume + LUN → an initiator group). A connection
 * change is checked whole, then committed by the model (after its commit time) or refused whole.
 */
import { baseError, type JsonObject, type RedfishService } from '../../redfish/index.ts';
import type { DiskArrayModel, VolumeLun } from '../model/array.ts';
import type { ClusterModel } from '../model/cluster.ts';
import { fcEndpoint, modelRequest, ref, refId, wwpnId } from './common.ts';

export const FABRIC = '/redfish/v1/Fabrics/SAN';
const GIB = 1024 ** 3;

export function mountArray(svc: RedfishService, model: ClusterModel, id: string): void {
  const a = model.arrays.get(id);
  if (!a) throw new Error(`no array ${id}`);
  const storage = `/redfish/v1/Storage/${id}`;
  svc.collection('/redfish/v1/Storage', { type: '#StorageCollection.StorageCollection', name: 'Storage Collection' });
  svc.resource(storage, {
    type: '#Storage.v1_15_0.Storage',
    get: () => ({ Id: id, Name: `Disk array ${id}`, Volumes: ref(`${storage}/Volumes`), Connections: [...a.connections.keys()].map((c) => ref(`${FABRIC}/Connections/${c}`)), Status: { State: 'Enabled', Health: 'OK' } }),
  });
  svc.collection(`${storage}/Volumes`, { type: '#VolumeCollection.VolumeCollection', name: 'Volume Collection', members: () => [...a.volumes.keys()].map((v) => `${storage}/Volumes/${v}`) });
  const volume = (v: string): string => `${storage}/Volumes/${v}`;
  for (const v of a.volumes.keys()) mountVolume(svc, a, volume(v), v);
  mountFabric(svc, a, volume);
}

function mountVolume(svc: RedfishService, a: DiskArrayModel, uri: string, id: string): void {
  svc.resource(uri, {
    type: '#Volume.v1_9_0.Volume',
    get: () => {
      const v = a.volumes.get(id);
      if (!v) throw baseError(404, 'ResourceMissingAtURI', [uri]);
      const users = [...a.connections.values()].filter((c) => c.volumes.some((x) => x.volume === id));
      return {
        Id: id,
        Name: id,
        CapacityBytes: v.capacityGiB * GIB,
        Identifiers: [{ DurableNameFormat: 'NAA', DurableName: v.naa }],
        IsBootCapable: v.bootable,
        Connections: users.map((c) => ref(`${FABRIC}/Connections/${c.id}`)),
        Status: { State: 'Enabled', Health: 'OK' },
      };
    },
  });
}

function mountFabric(svc: RedfishService, a: DiskArrayModel, volume: (v: string) => string): void {
  svc.collection('/redfish/v1/Fabrics', { type: '#FabricCollection.FabricCollection', name: 'Fabric Collection' });
  svc.resource(FABRIC, {
    type: '#Fabric.v1_3_0.Fabric',
    get: () => ({ Id: 'SAN', Name: `Access view of ${a.id}`, FabricType: 'FC', Endpoints: ref(`${FABRIC}/Endpoints`), EndpointGroups: ref(`${FABRIC}/EndpointGroups`), Connections: ref(`${FABRIC}/Connections`) }),
  });
  const endpoints = (): Array<{ wwpn: string; role: 'Initiator' | 'Target' }> => [
    ...a.spec.ports.map((p) => ({ wwpn: p.wwpn, role: 'Target' as const })),
    ...[...new Set([...a.hostGroups.values()].flatMap((g) => [...g]))].map((w) => ({ wwpn: w, role: 'Initiator' as const })),
  ];
  svc.collection(`${FABRIC}/Endpoints`, { type: '#EndpointCollection.EndpointCollection', name: 'Endpoint Collection', members: () => endpoints().map((e) => `${FABRIC}/Endpoints/${wwpnId(e.wwpn)}`) });
  svc.collection(`${FABRIC}/EndpointGroups`, { type: '#EndpointGroupCollection.EndpointGroupCollection', name: 'Endpoint Group Collection', members: () => [...a.hostGroups.keys()].map((g) => `${FABRIC}/EndpointGroups/${g}`) });
  const handles = new Map<string, { remove(): void }>();
  const mount = (c: string): void => {
    if (!handles.has(c)) handles.set(c, mountConnection(svc, a, c, volume, () => (handles.get(c)?.remove(), handles.delete(c))));
  };
  svc.collection(`${FABRIC}/Connections`, {
    type: '#ConnectionCollection.ConnectionCollection',
    name: 'Connection Collection',
    members: () => [...a.connections.keys()].map((c) => `${FABRIC}/Connections/${c}`),
    post: {
      handler: async (body) => {
        const id = typeof body.Id === 'string' && body.Id ? body.Id : typeof body.Name === 'string' && body.Name ? body.Name : `c${a.connections.size + 1}`;
        if (!/^[A-Za-z0-9][A-Za-z0-9_-]*$/.test(id)) throw baseError(400, 'PropertyValueFormatError', [id, 'Id'], ['Id']);
        if (a.connections.has(id)) throw baseError(409, 'ResourceAlreadyExists', ['Connection', 'Id', id], ['Id']);
        const parsed = connectionBody(body, a, volume);
        await modelRequest(() => a.putConnection({ id, ...parsed }));
        mount(id);
        return { path: `${FABRIC}/Connections/${id}` };
      },
    },
  });
  for (const e of endpoints()) mountEndpoint(svc, e.wwpn, e.role);
  for (const g of a.hostGroups.keys()) mountGroup(svc, a, g);
  for (const c of a.connections.keys()) mount(c);
}

function mountEndpoint(svc: RedfishService, wwpn: string, role: 'Initiator' | 'Target'): void {
  svc.resource(`${FABRIC}/Endpoints/${wwpnId(wwpn)}`, {
    type: '#Endpoint.v1_8_0.Endpoint',
    get: () => fcEndpoint(wwpn, role),
  });
}

function mountGroup(svc: RedfishService, a: DiskArrayModel, g: string): void {
  const uri = `${FABRIC}/EndpointGroups/${g}`;
  svc.resource(uri, {
    type: '#EndpointGroup.v1_3_0.EndpointGroup',
    get: () => {
      const members = a.hostGroups.get(g);
      if (!members) throw baseError(404, 'ResourceMissingAtURI', [uri]);
      return {
        Id: g,
        Name: g,
        GroupType: 'Initiator',
        Links: { Endpoints: [...members].map((w) => ref(`${FABRIC}/Endpoints/${wwpnId(w)}`)), Connections: [...a.connections.values()].filter((c) => c.hostGroup === g).map((c) => ref(`${FABRIC}/Connections/${c.id}`)) },
      };
    },
  });
}

function mountConnection(svc: RedfishService, a: DiskArrayModel, id: string, volume: (v: string) => string, removed: () => void): { remove(): void } {
  const uri = `${FABRIC}/Connections/${id}`;
  return svc.resource(uri, {
    type: '#Connection.v1_3_0.Connection',
    get: () => {
      const c = a.connections.get(id);
      if (!c) throw baseError(404, 'ResourceMissingAtURI', [uri]);
      return {
        Id: id,
        Name: id,
        ConnectionType: 'Storage',
        VolumeInfo: c.volumes.map((v) => ({ Volume: ref(volume(v.volume)), LUN: v.lun, AccessCapabilities: ['Read', 'Write'] })),
        Links: { InitiatorEndpointGroups: [ref(`${FABRIC}/EndpointGroups/${c.hostGroup}`)] },
      };
    },
    patch: {
      writable: { VolumeInfo: { type: 'json' } },
      apply: async (changes) => {
        const c = a.connections.get(id);
        if (!c) throw baseError(404, 'ResourceMissingAtURI', [uri]);
        const volumes = volumeInfo(changes.VolumeInfo, a, volume);
        await modelRequest(() => a.putConnection({ id, hostGroup: c.hostGroup, volumes }));
      },
    },
    delete: async () => {
      await modelRequest(() => a.deleteConnection(id));
      removed();
    },
  });
}

/** `{VolumeInfo, Links.InitiatorEndpointGroups}` of a POST, checked whole (400 naming the property). */
function connectionBody(body: JsonObject, a: DiskArrayModel, volume: (v: string) => string): { hostGroup: string; volumes: VolumeLun[] } {
  if (body.ConnectionType !== undefined && body.ConnectionType !== 'Storage') throw baseError(400, 'PropertyValueNotInList', [String(body.ConnectionType), 'ConnectionType'], ['ConnectionType']);
  const links = body.Links as { InitiatorEndpointGroups?: unknown } | undefined;
  const groups = links?.InitiatorEndpointGroups;
  if (!Array.isArray(groups) || groups.length !== 1) throw baseError(400, 'PropertyMissing', ['Links/InitiatorEndpointGroups'], ['Links/InitiatorEndpointGroups']);
  const hostGroup = refId(groups[0], `${FABRIC}/EndpointGroups/`, 'Links/InitiatorEndpointGroups/0');
  if (!a.hostGroups.has(hostGroup)) throw baseError(400, 'PropertyValueIncorrect', ['Links/InitiatorEndpointGroups/0', hostGroup], ['Links/InitiatorEndpointGroups/0']);
  return { hostGroup, volumes: volumeInfo(body.VolumeInfo, a, volume) };
}

function volumeInfo(v: unknown, a: DiskArrayModel, volume: (v: string) => string): VolumeLun[] {
  if (!Array.isArray(v)) throw baseError(400, 'PropertyValueTypeError', [JSON.stringify(v) ?? 'null', 'VolumeInfo'], ['VolumeInfo']);
  const prefix = volume('');
  return v.map((item: unknown, i) => {
    const o = (item ?? {}) as { Volume?: unknown; LUN?: unknown };
    const id = refId(o.Volume, prefix, `VolumeInfo/${i}/Volume`);
    if (!a.volumes.has(id)) throw baseError(400, 'PropertyValueIncorrect', [`VolumeInfo/${i}/Volume`, id], [`VolumeInfo/${i}/Volume`]);
    if (typeof o.LUN !== 'number' || !Number.isInteger(o.LUN)) throw baseError(400, 'PropertyValueTypeError', [JSON.stringify(o.LUN) ?? 'null', `VolumeInfo/${i}/LUN`], [`VolumeInfo/${i}/LUN`]);
    return { volume: id, lun: o.LUN };
  });
}
