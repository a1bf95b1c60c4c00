/**
 * The partition manager (patent embodiment 2) as its own Redfish service, modelled on the standard
 * composition service (Redfish Composability, "specific composition"):
 *
 * - `CompositionService/ResourceBlocks/{server}`: one block of ResourceBlockType ComputerSystem per
 *   partition-capable server; `CompositionStatus.CompositionState` Composed or Unused, and
 *   `Links.ComputerSystems` → the logical server it is part of;
 * - `CompositionService/ResourceZones/{kind}`: one zone per hardware kind (a partition is made of
 *   blocks of one zone), `Oem.ClusterLab.MaxPartitionServers`;
 * - `Systems/{id}`: the logical servers (SystemType Composed, `Links.ResourceBlocks`, the first
 *   block is the boot member). POST to Systems with `Links.ResourceBlocks` composes one (the model
 *   checks: same kind, powered off, not in another partition, at most the kind's size); DELETE
 *   dissolves it (powered off only). Refusals are 400/404/409 with ClusterLab.1.0.RequestRejected.
 */
import { baseError, type JsonObject, type RedfishService } from '../../redfish/index.ts';
import { DEFAULT_PARTITION_MANAGER } from '../config/types.ts';
import type { ClusterModel, ServerRt } from '../model/cluster.ts';
import { modelRequest, ref, refId } from './common.ts';

/** The partition manager's device name (one per cluster, when any hardware kind forms partitions). */
export function partitionManagerName(model: ClusterModel): string {
  return model.config.partitionManager ?? DEFAULT_PARTITION_MANAGER;
}

const CS = '/redfish/v1/CompositionService';
const BLOCKS = `${CS}/ResourceBlocks`;
const ZONES = `${CS}/ResourceZones`;
const SYSTEMS = '/redfish/v1/Systems';
const ID = /^[A-Za-z][A-Za-z0-9_-]*$/;

/** Whether the cluster has servers that can form partitions (then it gets a partition manager). */
export function hasPartitionManager(model: ClusterModel): boolean {
  return [...model.servers.values()].some((s) => s.kind.maxPartitionServers > 1);
}

export function mountPartitionManager(svc: RedfishService, model: ClusterModel): void {
  const capable = [...model.servers.values()].filter((s) => s.kind.maxPartitionServers > 1);
  svc.resource(CS, {
    type: '#CompositionService.v1_2_0.CompositionService',
    get: () => ({ Id: 'CompositionService', Name: 'Partition manager', ServiceEnabled: true, AllowOverprovisioning: false, AllowZoneAffinity: true, ResourceBlocks: ref(BLOCKS), ResourceZones: ref(ZONES), Status: { State: 'Enabled', Health: 'OK' } }),
  });
  svc.collection(BLOCKS, { type: '#ResourceBlockCollection.ResourceBlockCollection', name: 'Resource Block Collection' });
  for (const s of capable) mountBlock(svc, model, s);
  svc.collection(ZONES, { type: '#ZoneCollection.ZoneCollection', name: 'Resource Zone Collection' });
  for (const k of new Set(capable.map((s) => s.kind))) {
    svc.resource(`${ZONES}/${k.id}`, {
      type: '#Zone.v1_6_0.Zone',
      get: () => ({ Id: k.id, Name: `Servers of kind ${k.id}`, Links: { ResourceBlocks: capable.filter((s) => s.kind === k).map((s) => ref(`${BLOCKS}/${s.spec.id}`)) }, Oem: { ClusterLab: { MaxPartitionServers: k.maxPartitionServers } } }),
    });
  }
  mountLogicalServers(svc, model);
}

function mountBlock(svc: RedfishService, model: ClusterModel, s: ServerRt): void {
  const id = s.spec.id;
  svc.resource(`${BLOCKS}/${id}`, {
    type: '#ResourceBlock.v1_4_0.ResourceBlock',
    get: () => {
      const sys = model.systemOf(id);
      const composed = sys.members.length > 1;
      return {
        Id: id,
        Name: `Server ${id}`,
        ResourceBlockType: ['ComputerSystem'],
        CompositionStatus: { CompositionState: composed ? 'Composed' : 'Unused', Reserved: false, SharingCapable: false, MaxCompositions: 1, NumberOfCompositions: composed ? 1 : 0 },
        Links: { ComputerSystems: composed ? [ref(`${SYSTEMS}/${sys.id}`)] : [], Zones: [ref(`${ZONES}/${s.kind.id}`)] },
        Oem: { ClusterLab: { HardwareKind: s.kind.id, PowerState: sys.power } },
        Status: { State: 'Enabled', Health: s.faults.size ? 'Warning' : 'OK' },
      };
    },
  });
}

/** The Systems collection of logical servers: POST composes, each member's DELETE dissolves. */
function mountLogicalServers(svc: RedfishService, model: ClusterModel): void {
  const partitions = (): string[] => [...model.systems.values()].filter((s) => s.members.length > 1).map((s) => s.id);
  const mounted = new Set<string>();
  const mount = (p: string): void => {
    if (mounted.has(p)) return;
    mounted.add(p);
    mountLogicalServer(svc, model, p, () => mounted.delete(p));
  };
  svc.collection(SYSTEMS, {
    type: '#ComputerSystemCollection.ComputerSystemCollection',
    name: 'Logical servers',
    // A partition composed by other means (the model, a config reload) is mounted when listed.
    members: () => partitions().map((p) => (mount(p), `${SYSTEMS}/${p}`)),
    post: {
      handler: async (body) => {
        const id = typeof body.Id === 'string' && body.Id ? body.Id : typeof body.Name === 'string' ? body.Name : '';
        if (!ID.test(id)) throw baseError(400, 'PropertyValueFormatError', [id, 'Id'], ['Id']);
        const blocks = (body.Links as JsonObject | undefined)?.ResourceBlocks;
        if (!Array.isArray(blocks)) throw baseError(400, 'PropertyMissing', ['Links/ResourceBlocks'], ['Links/ResourceBlocks']);
        const servers = blocks.map((b: unknown, i) => refId(b, `${BLOCKS}/`, `Links/ResourceBlocks/${i}`));
        await modelRequest(() => model.compose(id, servers));
        mount(id);
        return { path: `${SYSTEMS}/${id}` };
      },
    },
  });
  partitions().forEach(mount);
}

/** One logical server; DELETE dissolves it and unmounts it (`removed` tells the caller). */
function mountLogicalServer(svc: RedfishService, model: ClusterModel, id: string, removed: () => void): void {
  const uri = `${SYSTEMS}/${id}`;
  const live = (): ReturnType<ClusterModel['system']> => {
    const sys = model.systems.get(id);
    if (!sys || sys.members.length < 2) throw baseError(404, 'ResourceMissingAtURI', [uri]);
    return sys;
  };
  const handle = svc.resource(uri, {
    type: '#ComputerSystem.v1_22_0.ComputerSystem',
    get: () => {
      const sys = live();
      const members = sys.members.map((m) => model.server(m));
      const kind = members[0]?.kind;
      return {
        Id: id,
        Name: `Logical server ${id}`,
        SystemType: 'Composed',
        PowerState: sys.power,
        ProcessorSummary: { Count: (kind?.cpu.sockets ?? 0) * members.length, Model: kind?.cpu.model ?? null },
        MemorySummary: { TotalSystemMemoryGiB: (kind?.memoryGiB ?? 0) * members.length },
        Links: { ResourceBlocks: sys.members.map((m) => ref(`${BLOCKS}/${m}`)) },
        Oem: { ClusterLab: { HardwareKind: kind?.id ?? null, BootMember: sys.members[0] ?? null } },
        Status: { State: sys.power === 'Off' ? 'Disabled' : 'Enabled', Health: 'OK' },
      };
    },
    delete: async () => {
      live();
      await modelRequest(() => model.dissolve(id));
      handle.remove();
      removed();
    },
  });
}
