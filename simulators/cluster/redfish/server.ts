/**
 * A fleet server's BMC (redfish-model.md §4.5): its ComputerSystem (the partition it belongs to,
 * when composed), Processors with stepping and frequency, the chassis with its NIC and HBA
 * adapters (MACs with the switch port from LLDP, WWPNs with the fabric and BootTargets), Reset,
 * and an event log fed from the model's events for this server.
 */
import type { JsonObject, RedfishService } from '../../redfish/index.ts';
import type { ClusterModel, ServerRt } from '../model/cluster.ts';
import { type BootState, type ClusterEvent, RESET_TYPES } from '../model/events.ts';
import { FATAL_FAULTS, type SystemModel } from '../model/system.ts';
import { modelRequest, ref } from './common.ts';
import { mountFaultInjection } from './fault-injection.ts';
import { clusterId } from './registry.ts';

const BOOT_PROGRESS: Record<BootState, string> = {
  Off: 'None',
  Post: 'PrimaryProcessorInitializationStarted',
  FabricLogin: 'PCIResourceConfigStarted',
  Booting: 'OSBootStarted',
  Running: 'OSRunning',
  ShuttingDown: 'OSRunning',
  NoBootableDevice: 'OEM',
  Crashed: 'OEM',
};

export const systemUri = (id: string): string => `/redfish/v1/Systems/${id}`;
export const chassisUri = (id: string): string => `/redfish/v1/Chassis/${id}`;

function status(s: ServerRt, sys: SystemModel): JsonObject {
  const health = [...s.faults].some((f) => FATAL_FAULTS.has(f)) || sys.boot === 'Crashed' || sys.boot === 'NoBootableDevice' ? 'Critical' : s.faults.size ? 'Warning' : 'OK';
  return { State: sys.power === 'Off' ? 'Disabled' : sys.boot === 'Post' || sys.boot === 'FabricLogin' ? 'Starting' : 'Enabled', Health: health };
}

function systemBody(model: ClusterModel, s: ServerRt): JsonObject {
  const sys = model.systemOf(s.spec.id);
  const k = s.kind;
  const members = sys.members.map((m) => model.server(m));
  return {
    Id: s.spec.id,
    Name: `Server ${s.spec.id}`,
    SystemType: 'Physical',
    Manufacturer: k.manufacturer,
    Model: k.model,
    PowerState: sys.power,
    Status: status(s, sys),
    BootProgress: { LastState: BOOT_PROGRESS[sys.boot], ...(BOOT_PROGRESS[sys.boot] === 'OEM' ? { OemLastState: sys.boot } : {}) },
    ProcessorSummary: { Count: k.cpu.sockets * members.length, CoreCount: k.cpu.sockets * k.cpu.coresPerSocket * members.length, Model: k.cpu.model },
    MemorySummary: { TotalSystemMemoryGiB: k.memoryGiB * members.length },
    Boot: { BootSourceOverrideEnabled: 'Disabled', BootSourceOverrideTarget: 'None' },
    Processors: ref(`${systemUri(s.spec.id)}/Processors`),
    EthernetInterfaces: ref(`${systemUri(s.spec.id)}/EthernetInterfaces`),
    LogServices: ref(`${systemUri(s.spec.id)}/LogServices`),
    // Links stay inside this service: a partition member's BMC has its own chassis only.
    Links: { Chassis: [ref(chassisUri(s.spec.id))] },
    Oem: {
      ClusterLab: {
        Chipset: k.chipset,
        HardwareKind: k.id,
        Partition: sys.members.length > 1 ? { Id: sys.id, ServerCount: sys.members.length, Members: [...sys.members], BootMember: sys.members[0] ?? null } : null,
      },
    },
  };
}

function mountSystem(svc: RedfishService, model: ClusterModel, s: ServerRt): void {
  const uri = systemUri(s.spec.id);
  svc.collection('/redfish/v1/Systems', { type: '#ComputerSystemCollection.ComputerSystemCollection', name: 'Computer System Collection' });
  svc.resource(uri, { type: '#ComputerSystem.v1_22_0.ComputerSystem', get: () => systemBody(model, s) });
  svc.action(uri, '#ComputerSystem.Reset', {
    parameters: { ResetType: { type: 'string', allowable: RESET_TYPES, required: true } },
    handler: async (params) => {
      const type = RESET_TYPES.find((r) => r === params.ResetType);
      if (type) await modelRequest(() => model.systemOf(s.spec.id).reset(type));
      return undefined;
    },
  });
  svc.collection(`${uri}/Processors`, { type: '#ProcessorCollection.ProcessorCollection', name: 'Processor Collection' });
  for (let n = 0; n < s.kind.cpu.sockets; n++) {
    svc.resource(`${uri}/Processors/CPU${n}`, {
      type: '#Processor.v1_20_0.Processor',
      get: () => ({
        Id: `CPU${n}`,
        Name: `Processor ${n}`,
        ProcessorType: 'CPU',
        Socket: `CPU${n}`,
        Model: s.kind.cpu.model,
        MaxSpeedMHz: s.kind.cpu.frequencyMHz,
        TotalCores: s.kind.cpu.coresPerSocket,
        ProcessorId: { Step: s.kind.cpu.stepping },
        Status: { State: 'Enabled', Health: s.faults.has('Cpu') ? 'Critical' : 'OK' },
      }),
    });
  }
}

/** Every Redfish resource of server `id`'s BMC. */
export function mountServer(svc: RedfishService, model: ClusterModel, id: string): void {
  const s = model.server(id);
  mountSystem(svc, model, s);
  mountAdapters(svc, model, s);
  svc.collection('/redfish/v1/Chassis', { type: '#ChassisCollection.ChassisCollection', name: 'Chassis Collection' });
  svc.resource(chassisUri(id), {
    type: '#Chassis.v1_25_0.Chassis',
    get: () => ({
      Id: id,
      Name: `Chassis of ${id}`,
      ChassisType: 'RackMount',
      Manufacturer: s.kind.manufacturer,
      Model: s.kind.model,
      PowerState: model.systemOf(id).power,
      NetworkAdapters: ref(`${chassisUri(id)}/NetworkAdapters`),
      Links: { ComputerSystems: [ref(systemUri(id))] },
      Status: { State: 'Enabled', Health: s.faults.has('Fan') || s.faults.has('PowerSupply') ? 'Warning' : 'OK' },
    }),
  });
  svc.logs.add(`${systemUri(id)}/LogServices/EventLog`, { entryType: 'Event', name: 'Event Log' });
  mountFaultInjection(svc, model, id);
  model.bus.on((e) => publish(svc, model, id, e));
}

function mountAdapters(svc: RedfishService, model: ClusterModel, s: ServerRt): void {
  const base = `${chassisUri(s.spec.id)}/NetworkAdapters`;
  svc.collection(base, { type: '#NetworkAdapterCollection.NetworkAdapterCollection', name: 'Network Adapter Collection' });
  svc.collection(`${systemUri(s.spec.id)}/EthernetInterfaces`, { type: '#EthernetInterfaceCollection.EthernetInterfaceCollection', name: 'Ethernet Interface Collection' });
  for (const nic of s.spec.nics) {
    const linkUp = (): boolean => model.switches.get(nic.switch)?.linkUp(model.switches.get(nic.switch)!.port(nic.port)) ?? false;
    adapter(svc, `${base}/${nic.id}`, nic.id, {
      NetDevFuncType: 'Ethernet',
      Ethernet: { MACAddress: nic.mac, PermanentMACAddress: nic.mac },
    }, () => ({ PortProtocol: 'Ethernet', LinkStatus: linkUp() ? 'LinkUp' : 'LinkDown', Ethernet: { LLDPReceive: { ChassisId: nic.switch, ChassisIdSubtype: 'ChassisComp', PortId: nic.port, PortIdSubtype: 'IfName', SystemName: nic.switch } } }));
    svc.resource(`${systemUri(s.spec.id)}/EthernetInterfaces/${nic.id}`, {
      type: '#EthernetInterface.v1_12_0.EthernetInterface',
      get: () => ({ Id: nic.id, Name: nic.id, MACAddress: nic.mac, PermanentMACAddress: nic.mac, LinkStatus: linkUp() ? 'LinkUp' : 'LinkDown', Status: { State: 'Enabled', Health: 'OK' } }),
    });
  }
  for (const hba of s.spec.hbas) {
    const targets = (): JsonObject[] =>
      [...model.arrays.values()].flatMap((a) => a.spec.ports.filter((p) => p.fabric === hba.fabric)).map((p, i) => ({ WWPN: p.wwpn, LUNID: String(s.spec.bootLun), BootPriority: i }));
    const fc = model.fabric(hba.fabric);
    adapter(svc, `${base}/${hba.id}`, hba.id, {
      NetDevFuncType: 'FibreChannel',
      BootMode: 'FibreChannel',
      FibreChannel: { WWPN: hba.wwpn, WWNN: hba.wwnn, PermanentWWPN: hba.wwpn, PermanentWWNN: hba.wwnn, WWNSource: 'ConfiguredLocally', BootTargets: targets() },
    }, () => ({
      PortProtocol: 'FC',
      LinkStatus: fc.logins.has(hba.wwpn) ? 'LinkUp' : 'LinkDown',
      FibreChannel: { PortConnectionType: 'NPort', FabricName: fc.spec.id },
      Oem: { ClusterLab: { Switch: fc.device, SwitchPort: hba.port } },
    }));
  }
}

/** One adapter with one port and one function (`fn` is static, `port` read on every GET). */
function adapter(svc: RedfishService, uri: string, id: string, fn: JsonObject, port: () => JsonObject): void {
  svc.resource(uri, {
    type: '#NetworkAdapter.v1_9_0.NetworkAdapter',
    get: () => ({ Id: id, Name: id, Ports: ref(`${uri}/Ports`), NetworkDeviceFunctions: ref(`${uri}/NetworkDeviceFunctions`), Status: { State: 'Enabled', Health: 'OK' } }),
  });
  svc.collection(`${uri}/Ports`, { type: '#PortCollection.PortCollection', name: 'Port Collection' });
  svc.resource(`${uri}/Ports/0`, { type: '#Port.v1_11_0.Port', get: () => ({ Id: '0', Name: `${id} port 0`, PortId: '0', ...port() }) });
  svc.collection(`${uri}/NetworkDeviceFunctions`, { type: '#NetworkDeviceFunctionCollection.NetworkDeviceFunctionCollection', name: 'Network Device Function Collection' });
  svc.resource(`${uri}/NetworkDeviceFunctions/0`, {
    type: '#NetworkDeviceFunction.v1_9_0.NetworkDeviceFunction',
    get: () => ({ Id: '0', Name: `${id} function 0`, ...fn, Links: { PhysicalNetworkPortAssignment: ref(`${uri}/Ports/0`) }, Status: { State: 'Enabled', Health: 'OK' } }),
  });
}

/** The server's share of the model's events, as Redfish events (and so its event log). */
function publish(svc: RedfishService, model: ClusterModel, id: string, e: ClusterEvent): void {
  const sys = model.systemOf(id);
  const mine = (e.type === 'HardwareFault' && e.server === id) || ('system' in e && e.system === sys.id);
  if (!mine) return;
  const uri = systemUri(id);
  if (e.type === 'PowerChanged' && e.state !== 'PoweringOff') svc.events.emit({ MessageId: `ResourceEvent.1.4.ResourcePowered${e.state}`, MessageArgs: [uri], OriginOfCondition: uri });
  else if (e.type === 'HardwareFault') svc.events.emit({ MessageId: clusterId('HardwareFault'), MessageArgs: [id, e.fault], OriginOfCondition: uri });
  // As a BMC logs a power-button or soft-off request: what was asked, before its effect.
  else if (e.type === 'ResetRequested') svc.events.emit({ MessageId: clusterId('ResetRequested'), MessageArgs: [sys.id, e.reset], OriginOfCondition: uri });
  else if (e.type === 'DumpStarted' || e.type === 'DumpFinished') svc.events.emit({ MessageId: clusterId(e.type), MessageArgs: [sys.id], OriginOfCondition: uri });
  else if (e.type === 'BootStateChanged') {
    if (e.state === 'NoBootableDevice') svc.events.emit({ MessageId: clusterId('NoBootableDevice'), MessageArgs: [sys.id, e.reason ?? ''], OriginOfCondition: uri });
    if (e.state === 'Crashed') svc.events.emit({ MessageId: clusterId('SystemCrashed'), MessageArgs: [sys.id, e.reason ?? ''], OriginOfCondition: uri });
    if (e.state === 'Booting' && e.volume) svc.events.emit({ MessageId: clusterId('BootingFrom'), MessageArgs: [sys.id, e.volume], OriginOfCondition: uri });
    if (e.state === 'Running') svc.events.emit({ MessageId: clusterId('OsRunning'), MessageArgs: [sys.id], OriginOfCondition: uri });
  }
}
