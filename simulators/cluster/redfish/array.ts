/**
 * A disk array's Redfish service (redfish-model.md §3.2, §4.4): Storage with its Volumes, and the
 * array's access view as Fabric "SAN" — Endpoints (host initiators and array ports), EndpointGroups
 * (host groups, host-groups.ts) and Connections (LUN masking: volume + LUN → an initiator group).
 * A volume's `Links.ClientEndpoints` are the initiators that can reach it now. A change is checked
 * whole, then committed by the model (after its commit time) or refused whole.
 */
import { baseError, type JsonObject, type RedfishService } from '../../redfish/index.ts';
import type { DiskArrayModel, VolumeLun } from '../model/array.ts';
import type { ClusterModel } from '../model/cluster.ts';
import { modelRequest, ref, refId, wwpnId } from './common.ts';
import { mountHostGroups } from './host-groups.ts';

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
        // Who can reach the volume now (the access the array enforces), beside the masking view.
        Links: { ClientEndpoints: a.initiatorsOf(id).map((w) => ref(`${FABRIC}/Endpoints/${wwpnId(w)}`)) },
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
  mountHostGroups(svc, a, FABRIC);
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
  for (const c of a.connections.keys()) mount(c);
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
