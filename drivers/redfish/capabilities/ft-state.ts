/**
 * FtState over Redfish: one FtSystemSnapshot from the System, its module chassis
 * (ChassisType "Module", found through the Chassis collection) and its NIC team; and the resync
 * Task of a module (ft-resync-task.ts).
 */
import type { FtState, FtSystemSnapshot, ModuleOpState, ModuleState, ResyncTaskRead } from '../../capabilities/ft-state.ts';
import type { RedfishClient } from '../client.ts';
import type { RedfishDiscovery } from '../discovery.ts';
import { RedfishResyncTasks } from './ft-resync-task.ts';
import { parseEthernetInterface, parseSystem, type ChassisView, type EthernetInterfaceView } from '../views.ts';

const OP_STATES: readonly ModuleOpState[] = ['Duplex', 'Simplex', 'Isolated', 'KeptOut', 'Diagnostics', 'Brownout', 'Blackout', 'Absent', 'Disabled', 'Unknown'];

/** OEM OpState text (any case, with or without separators) → the capability's vocabulary. */
export function toOpState(v: string | null): ModuleOpState {
  if (!v) return 'Unknown';
  const key = v.replace(/[^a-z]/gi, '').toLowerCase();
  return OP_STATES.find((s) => s.toLowerCase() === key) ?? 'Unknown';
}

function toModuleState(c: ChassisView, index: number): ModuleState {
  const counters: ModuleState['counters'] = {};
  for (const [name, v] of Object.entries(c.ftLab?.errorCounters ?? {})) counters[name] = { count: v.count, windowSeconds: v.windowSeconds, threshold: v.threshold };
  return {
    index,
    uri: c.path,
    state: c.status.state ?? 'Unknown',
    health: c.status.health,
    opState: toOpState(c.ftLab?.opState ?? null),
    ledOn: c.locationIndicatorActive ?? false,
    keptOut: c.ftLab?.keptOut ?? false,
    counters,
    faultyComponent: c.ftLab?.faultyComponent ?? null,
    ...(c.ftLab && Object.keys(c.ftLab.subsystems).length > 0 ? { subsystems: { ...c.ftLab.subsystems } } : {}),
    faultPolicy: c.ftLab?.faultPolicy ?? null,
    powerState: c.powerState,
    conditions: c.status.conditions,
    hotPluggable: c.hotPluggable,
    replaceable: c.replaceable,
  };
}

export class RedfishFtState implements FtState {
  readonly kind = 'FtState' as const;
  private teamPath: string | null | undefined;
  private readonly tasks: RedfishResyncTasks;

  constructor(
    private readonly client: RedfishClient,
    private readonly discovery: RedfishDiscovery,
  ) {
    this.tasks = new RedfishResyncTasks(client, discovery);
  }

  resyncTask(module: number, signal?: AbortSignal): Promise<ResyncTaskRead> {
    return this.tasks.read(module, signal);
  }

  async snapshot(signal?: AbortSignal): Promise<FtSystemSnapshot> {
    const sig = signal ? { signal } : {};
    const path = await this.discovery.systemPath(sig);
    const [res, chassis, enclosure] = await Promise.all([this.client.get(path, sig), this.discovery.moduleChassis(sig), this.discovery.enclosure(sig)]);
    const sys = parseSystem(res.body, path);
    const modules = chassis.map((c, i) => toModuleState(c, i));
    const byPath = new Map(modules.map((m) => [m.uri, m.index]));
    const active = sys.redundancy
      ? sys.redundancy.activeSet.map((p) => byPath.get(p)).filter((x): x is number => x !== undefined)
      : (sys.ftLab?.activeModules ?? []);
    const date = res.headers.date ? Date.parse(res.headers.date) : Number.NaN;
    return {
      uri: sys.path,
      powerState: sys.powerState ?? 'Unknown',
      state: sys.status.state ?? 'Unknown',
      health: sys.status.health,
      activeModules: [...active].sort((a, b) => a - b),
      redundancyHealth: sys.redundancy?.health ?? null,
      modules,
      nicActive: await this.activeNic(sys.ethernetInterfaces, sig),
      storagePathActive: sys.ftLab?.activeStoragePath ?? null,
      memoryGiB: sys.memoryGiB,
      hypervisorMode: sys.ftLab?.hypervisorMode ?? null,
      resync: sys.ftLab?.resync ?? null,
      ftState: sys.ftLab?.ftState ?? null,
      syncPhase: sys.ftLab?.syncPhase ?? null,
      assetTag: sys.assetTag,
      enclosure: enclosure && { uri: enclosure.path, powerState: enclosure.powerState, health: enclosure.status.health, healthRollup: enclosure.status.healthRollup },
      bmcTime: Number.isNaN(date) ? null : new Date(date).toISOString(),
    };
  }

  /** Id of the Enabled member of the system's NIC team (a Virtual interface with RelatedInterfaces). */
  private async activeNic(collection: string | null, sig: { signal?: AbortSignal }): Promise<string | null> {
    if (!collection) return null;
    if (this.teamPath === undefined) {
      this.teamPath = null;
      for (const p of await this.client.members(collection, sig)) {
        const nic = parseEthernetInterface(await this.client.getJson(p, sig), p);
        if (isTeam(nic)) {
          this.teamPath = nic.path;
          break;
        }
      }
    }
    if (!this.teamPath) return null;
    const team = parseEthernetInterface(await this.client.getJson(this.teamPath, sig), this.teamPath);
    const members = await Promise.all(team.relatedInterfaces.map(async (p) => parseEthernetInterface(await this.client.getJson(p, sig), p)));
    return members.find((m) => m.status.state === 'Enabled')?.id ?? null;
  }
}

function isTeam(nic: EthernetInterfaceView): boolean {
  return nic.relatedInterfaces.length > 0 && (nic.interfaceType === 'Virtual' || (nic.teamMode !== null && nic.teamMode !== 'None'));
}
