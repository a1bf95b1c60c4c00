/**
 * ServerInventory over Redfish: the ComputerSystem (model, summaries, OEM hardware kind, chipset
 * and partition), its Processors (model, `ProcessorId.Step`, `MaxSpeedMHz`), and the network
 * adapters of its chassis: per adapter the function (MAC, or FC WWPN/WWNN/BootTargets) and the
 * physical port (LinkStatus; LLDP for Ethernet, FabricName for FC).
 */
import type { HbaPortInventory, NicPortInventory, PartitionMembership, ServerInventory, ServerInventoryView } from '../../../capabilities/server-inventory.ts';
import type { CpuInventory } from '../../../../lib/domains/cluster/inventory.ts';
import type { RedfishDiscovery } from '../../discovery.ts';
import { RedfishProtocolError } from '../../errors.ts';
import { type JsonObject, at, isObject, linkList, optLink, optNumber, optString, reqString, stringList } from '../../json.ts';
import { type Device, normaliseWwpn, readMembers, sig, sorted } from './support.ts';

export class RedfishServerInventory implements ServerInventory {
  readonly kind = 'ServerInventory' as const;
  constructor(
    private readonly d: Device,
    private readonly discovery: RedfishDiscovery,
  ) {}

  async read(signal?: AbortSignal): Promise<ServerInventoryView> {
    const path = await this.discovery.systemPath(sig(signal));
    const sys = await this.d.client.getJson(path, sig(signal));
    const [cpu, adapters] = await Promise.all([this.cpus(sys, path, signal), this.adapters(sys, signal)]);
    const nics = adapters.filter((a): a is NicPortInventory => 'mac' in a);
    const hbas = adapters.filter((a): a is HbaPortInventory => 'wwpn' in a);
    const oem = isObject(at(sys, 'Oem.ClusterLab')) ? (at(sys, 'Oem.ClusterLab') as JsonObject) : {};
    return {
      uri: path,
      id: reqString(sys, 'Id', path),
      manufacturer: optString(sys, 'Manufacturer'),
      model: optString(sys, 'Model'),
      hardwareKind: optString(oem, 'HardwareKind'),
      chipset: optString(oem, 'Chipset'),
      powerState: optString(sys, 'PowerState') ?? 'Unknown',
      cpu,
      memoryGiB: optNumber(sys, 'MemorySummary.TotalSystemMemoryGiB'),
      nics,
      hbas,
      arrayTargets: sorted(new Set(hbas.flatMap((h) => h.bootTargets.map((b) => b.wwpn)))),
      partition: partitionOf(oem.Partition),
    };
  }

  /** Processors: the first CPU's model, stepping and speed (a server has one CPU type); the count from the summary. */
  private async cpus(sys: JsonObject, path: string, signal?: AbortSignal): Promise<CpuInventory> {
    const coll = optLink(sys, 'Processors');
    const procs = coll ? (await readMembers(this.d, coll, signal)).filter((p) => (optString(p.body, 'ProcessorType') ?? 'CPU') === 'CPU') : [];
    const first = procs[0]?.body;
    const model = (first && optString(first, 'Model')) ?? optString(sys, 'ProcessorSummary.Model');
    if (!model) throw new RedfishProtocolError(path, 'ProcessorSummary.Model', 'expected the CPU model in a Processor or the summary');
    return {
      model,
      stepping: first ? optString(first, 'ProcessorId.Step') : null,
      frequencyMHz: first ? optNumber(first, 'MaxSpeedMHz') : null,
      count: optNumber(sys, 'ProcessorSummary.Count') ?? procs.length,
      cores: optNumber(sys, 'ProcessorSummary.CoreCount'),
    };
  }

  private async adapters(sys: JsonObject, signal?: AbortSignal): Promise<Array<NicPortInventory | HbaPortInventory>> {
    const out: Array<NicPortInventory | HbaPortInventory> = [];
    for (const chassis of linkList(sys, 'Links.Chassis')) {
      const c = await this.d.client.getJson(chassis, sig(signal));
      const coll = optLink(c, 'NetworkAdapters');
      if (!coll) continue;
      for (const a of await readMembers(this.d, coll, signal)) out.push(...(await this.functions(a.path, a.body, signal)));
    }
    return out;
  }

  private async functions(adapterPath: string, adapter: JsonObject, signal?: AbortSignal): Promise<Array<NicPortInventory | HbaPortInventory>> {
    const coll = optLink(adapter, 'NetworkDeviceFunctions');
    if (!coll) return [];
    const name = optString(adapter, 'Id') ?? adapterPath;
    const out: Array<NicPortInventory | HbaPortInventory> = [];
    for (const f of await readMembers(this.d, coll, signal)) {
      const portLink = optLink(f.body, 'Links.PhysicalNetworkPortAssignment');
      const port = portLink ? await this.d.client.getJson(portLink, sig(signal)) : {};
      const linkUp = optString(port, 'LinkStatus') === 'LinkUp';
      if (f.body.NetDevFuncType === 'FibreChannel') out.push(hba(name, f.path, f.body, port, linkUp));
      else if (f.body.NetDevFuncType === 'Ethernet' || optString(f.body, 'Ethernet.MACAddress')) out.push(nic(name, f.path, f.body, port, linkUp));
    }
    return out;
  }
}

function nic(adapter: string, path: string, fn: JsonObject, port: JsonObject, linkUp: boolean): NicPortInventory {
  const chassisId = optString(port, 'Ethernet.LLDPReceive.ChassisId');
  const portId = optString(port, 'Ethernet.LLDPReceive.PortId');
  return { adapter, mac: reqString(fn, 'Ethernet.MACAddress', path).toLowerCase(), linkUp, switchPort: chassisId && portId ? { chassisId, portId } : null };
}

function hba(adapter: string, path: string, fn: JsonObject, port: JsonObject, linkUp: boolean): HbaPortInventory {
  const wwpn = normaliseWwpn(reqString(fn, 'FibreChannel.WWPN', path));
  if (!wwpn) throw new RedfishProtocolError(path, 'FibreChannel.WWPN', 'expected 8 hex octets');
  const targets = at(fn, 'FibreChannel.BootTargets');
  const bootTargets = (Array.isArray(targets) ? targets : []).filter(isObject).flatMap((t) => {
    const w = normaliseWwpn(optString(t, 'WWPN') ?? '');
    return w ? [{ wwpn: w, lun: optString(t, 'LUNID') ?? '0', priority: optNumber(t, 'BootPriority') ?? 0 }] : [];
  });
  const wwnn = optString(fn, 'FibreChannel.WWNN');
  return {
    adapter,
    wwpn,
    wwnn: wwnn ? normaliseWwpn(wwnn) : null,
    fabric: optString(port, 'FibreChannel.FabricName'),
    loggedIn: linkUp,
    bootTargets: bootTargets.sort((a, b) => a.priority - b.priority),
  };
}

function partitionOf(v: unknown): PartitionMembership | null {
  if (!isObject(v) || typeof v.Id !== 'string') return null;
  return { id: v.Id, members: stringList(v.Members), bootMember: typeof v.BootMember === 'string' ? v.BootMember : null };
}
