/**
 * An Ethernet switch's Redfish service (redfish-model.md §2.2, §4.2): Fabric "Ethernet" with the
 * Switch and its Ports (link, admin state, learned MACs), VLAN membership canonically as one
 * EthernetInterface per port and VLAN under the switch chassis (option B: POST to add a VLAN to a
 * port, DELETE to remove it; `Tagged: false` is the access or native VLAN), and the same data as
 * the OEM view `Port.Oem.ClusterLab.Vlan` (option C, PATCHable). Changes commit whole or not at all.
 */
import { baseError, type JsonObject, type RedfishService } from '../../redfish/index.ts';
import type { ClusterModel } from '../model/cluster.ts';
import type { EthernetSwitchModel, PortVlans } from '../model/ethernet.ts';
import { modelRequest, ref } from './common.ts';

export function mountEthernetSwitch(svc: RedfishService, model: ClusterModel, id: string): void {
  const sw = model.switches.get(id);
  if (!sw) throw new Error(`no Ethernet switch ${id}`);
  const fabric = '/redfish/v1/Fabrics/Ethernet';
  const swUri = `${fabric}/Switches/${id}`;
  const nic = `/redfish/v1/Chassis/${id}/NetworkAdapters/asic/NetworkDeviceFunctions`;
  svc.collection('/redfish/v1/Fabrics', { type: '#FabricCollection.FabricCollection', name: 'Fabric Collection' });
  svc.resource(fabric, { type: '#Fabric.v1_3_0.Fabric', get: () => ({ Id: 'Ethernet', Name: 'Ethernet fabric', FabricType: 'Ethernet', Switches: ref(`${fabric}/Switches`) }) });
  svc.collection(`${fabric}/Switches`, { type: '#SwitchCollection.SwitchCollection', name: 'Switch Collection' });
  svc.resource(swUri, {
    type: '#Switch.v1_9_0.Switch',
    get: () => ({ Id: id, Name: `Ethernet switch ${id}`, SwitchType: 'Ethernet', Ports: ref(`${swUri}/Ports`), Links: { Chassis: ref(`/redfish/v1/Chassis/${id}`) }, Oem: { ClusterLab: { Vlans: [...sw.vlans].map(([VlanId, Name]) => ({ VlanId, Name })) } } }),
  });
  svc.collection(`${swUri}/Ports`, { type: '#PortCollection.PortCollection', name: 'Port Collection' });
  svc.collection('/redfish/v1/Chassis', { type: '#ChassisCollection.ChassisCollection', name: 'Chassis Collection' });
  svc.resource(`/redfish/v1/Chassis/${id}`, { type: '#Chassis.v1_25_0.Chassis', get: () => ({ Id: id, Name: `Chassis of ${id}`, ChassisType: 'RackMount', Links: { Switches: [ref(swUri)] } }) });
  for (const p of sw.ports.keys()) {
    mountPort(svc, sw, `${swUri}/Ports/${p}`, p, `${nic}/port${p}/EthernetInterfaces`);
    mountMembership(svc, sw, p, `${nic}/port${p}/EthernetInterfaces`, `${swUri}/Ports/${p}`);
  }
}

function vlanView(v: PortVlans): JsonObject {
  return v.mode === 'access' ? { Mode: 'Access', AccessVlanId: v.untagged } : { Mode: 'Trunk', NativeVlanId: v.untagged, TrunkVlanIds: [...v.tagged] };
}

function mountPort(svc: RedfishService, sw: EthernetSwitchModel, uri: string, id: string, ifaces: string): void {
  svc.resource(uri, {
    type: '#Port.v1_11_0.Port',
    get: () => {
      const p = sw.port(id);
      return {
        Id: id,
        Name: `Port ${id}`,
        PortId: id,
        PortProtocol: 'Ethernet',
        LinkNetworkTechnology: 'Ethernet',
        PortType: 'DownstreamPort',
        InterfaceEnabled: p.enabled,
        LinkStatus: sw.linkUp(p) ? 'LinkUp' : p.peer ? 'LinkDown' : 'NoLink',
        Ethernet: { AssociatedMACAddresses: [...p.learned] },
        Links: { EthernetInterfaces: members(p.vlans).map((v) => ref(`${ifaces}/vlan${v}`)) },
        Oem: { ClusterLab: { Vlan: vlanView(p.vlans) } },
      };
    },
    patch: {
      writable: {
        InterfaceEnabled: { type: 'boolean' },
        Oem: { type: 'object', properties: { ClusterLab: { type: 'object', properties: { Vlan: { type: 'json' } } } } },
      },
      apply: async (c) => {
        const vlan = (c.Oem as { ClusterLab?: { Vlan?: unknown } } | undefined)?.ClusterLab?.Vlan;
        const next = vlan === undefined ? null : parseVlanView(vlan);
        if (next) await modelRequest(() => sw.setPortVlans(id, next));
        if (typeof c.InterfaceEnabled === 'boolean') sw.setEnabled(id, c.InterfaceEnabled);
      },
    },
  });
}

function members(v: PortVlans): number[] {
  return [v.untagged, ...(v.mode === 'trunk' ? v.tagged : [])];
}

function parseVlanView(v: unknown): PortVlans {
  const o = (v ?? {}) as { Mode?: unknown; AccessVlanId?: unknown; NativeVlanId?: unknown; TrunkVlanIds?: unknown };
  const int = (x: unknown, prop: string): number => {
    if (typeof x !== 'number' || !Number.isInteger(x)) throw baseError(400, 'PropertyValueTypeError', [JSON.stringify(x) ?? 'null', `Oem/ClusterLab/Vlan/${prop}`], [`Oem/ClusterLab/Vlan/${prop}`]);
    return x;
  };
  if (o.Mode === 'Access') return { mode: 'access', untagged: int(o.AccessVlanId, 'AccessVlanId'), tagged: [] };
  if (o.Mode === 'Trunk') {
    const tagged = Array.isArray(o.TrunkVlanIds) ? o.TrunkVlanIds.map((x: unknown, i) => int(x, `TrunkVlanIds/${i}`)) : [];
    return { mode: 'trunk', untagged: o.NativeVlanId === undefined ? 1 : int(o.NativeVlanId, 'NativeVlanId'), tagged };
  }
  throw baseError(400, 'PropertyValueNotInList', [JSON.stringify(o.Mode) ?? 'null', 'Oem/ClusterLab/Vlan/Mode'], ['Oem/ClusterLab/Vlan/Mode']);
}

/** Option B: one EthernetInterface per VLAN of the port; POST adds, DELETE removes. */
function mountMembership(svc: RedfishService, sw: EthernetSwitchModel, port: string, coll: string, portUri: string): void {
  svc.collection(coll, {
    type: '#EthernetInterfaceCollection.EthernetInterfaceCollection',
    name: `VLANs of port ${port}`,
    members: () => members(sw.port(port).vlans).map((v) => `${coll}/vlan${v}`),
    post: {
      handler: async (body) => {
        const vlan = (body.VLAN ?? {}) as { VLANId?: unknown; Tagged?: unknown };
        if (typeof vlan.VLANId !== 'number' || !Number.isInteger(vlan.VLANId)) throw baseError(400, 'PropertyMissing', ['VLAN/VLANId'], ['VLAN/VLANId']);
        const id = vlan.VLANId;
        const cur = sw.port(port).vlans;
        if (members(cur).includes(id)) throw baseError(409, 'ResourceAlreadyExists', ['EthernetInterface', 'VLAN/VLANId', id], ['VLAN/VLANId']);
        const next: PortVlans = vlan.Tagged === false ? { mode: cur.mode, untagged: id, tagged: cur.tagged } : { mode: 'trunk', untagged: cur.untagged, tagged: [...cur.tagged, id] };
        await modelRequest(() => sw.setPortVlans(port, next));
        return { path: `${coll}/vlan${id}` };
      },
    },
  });
  for (const vid of sw.vlans.keys()) {
    const uri = `${coll}/vlan${vid}`;
    svc.resource(uri, {
      type: '#EthernetInterface.v1_12_0.EthernetInterface',
      get: () => {
        const v = sw.port(port).vlans;
        if (!members(v).includes(vid)) throw baseError(404, 'ResourceMissingAtURI', [uri]);
        return { Id: `vlan${vid}`, Name: `VLAN ${vid} on port ${port}`, VLAN: { VLANId: vid, VLANEnable: true, Tagged: v.untagged !== vid }, Links: { Ports: [ref(portUri)] } };
      },
      delete: async () => {
        const v = sw.port(port).vlans;
        if (!members(v).includes(vid)) throw baseError(404, 'ResourceMissingAtURI', [uri]);
        if (v.untagged === vid) throw baseError(409, 'ResourceCannotBeDeleted', [], []);
        await modelRequest(() => sw.setPortVlans(port, { mode: v.mode, untagged: v.untagged, tagged: v.tagged.filter((t) => t !== vid) }));
      },
    });
  }
}
