/**
 * The physical model of one SAN-boot cluster: servers (alone or composed into partitions), the
 * Ethernet switches, one FC switch per fabric and the disk arrays, all on one lab clock and one
 * event stream. Cables tie them together: a system's power drives its NIC links and fabric
 * logins, zoning and LUN masking decide which boot volume it finds, and a business answers only
 * from a running system on its volume whose NIC port carries its VLAN. Every device's management
 * projection (Redfish, IPMI) reads this model; nothing keeps a copy.
 */
import type { Clock } from '../../../lib/clock.ts';
import type { ClusterConfig, HardwareKind, ServerSpec } from '../config/types.ts';
import { DiskArrayModel } from './array.ts';
import { Businesses } from './businesses.ts';
import type { ClusterDefect } from './defects.ts';
import { EthernetSwitchModel } from './ethernet.ts';
import { ClusterRejection, EventBus, type HardwareFault } from './events.ts';
import { FcSwitchModel } from './fc.ts';
import { FATAL_FAULTS, type SystemHost, SystemModel } from './system.ts';
import { ClusterTruth } from './truth.ts';

export interface ServerRt {
  spec: ServerSpec;
  kind: HardwareKind;
  faults: Set<HardwareFault>;
  /** False: its BMC stops answering (Redfish and IPMI); the server itself runs on. */
  bmcAnswering: boolean;
}

export class ClusterModel implements SystemHost {
  readonly bus: EventBus;
  readonly servers = new Map<string, ServerRt>();
  /** Systems by id: a server alone, or a partition. */
  readonly systems = new Map<string, SystemModel>();
  readonly switches = new Map<string, EthernetSwitchModel>();
  /** By fabric id (A, B). */
  readonly fabrics = new Map<string, FcSwitchModel>();
  readonly arrays = new Map<string, DiskArrayModel>();
  readonly truth: ClusterTruth;
  readonly businesses: Businesses;
  /** The system each physical server is part of now (every BMC asks on every event: O(1) at fleet scale). */
  private readonly systemByServer = new Map<string, SystemModel>();
  readonly defects: ReadonlySet<ClusterDefect>;

  constructor(
    readonly config: ClusterConfig,
    readonly clock: Clock,
    defects: readonly ClusterDefect[] = [],
  ) {
    this.bus = new EventBus(clock);
    this.defects = new Set(defects);
    this.truth = new ClusterTruth(this.bus);
    this.businesses = new Businesses(config.businesses, this.bus, this);
    const ms = config.timing.commitMs;
    for (const s of config.ethernetSwitches) this.switches.set(s.id, new EthernetSwitchModel(s, this.bus, clock, this.defects, ms, () => this.lanChanged()));
    for (const f of config.fabrics) this.fabrics.set(f.id, new FcSwitchModel(f, this.bus, clock, this.defects, ms, () => this.sanChanged()));
    for (const a of config.arrays) this.arrays.set(a.id, new DiskArrayModel(a, this.bus, clock, this.defects, ms, () => this.sanChanged()));
    for (const spec of config.servers) {
      const kind = config.hardwareKinds.find((k) => k.id === spec.kind);
      if (!kind) throw new ClusterRejection(`server ${spec.id}: no hardware kind ${spec.kind}`, 'BadRequest');
      this.servers.set(spec.id, { spec, kind, faults: new Set(), bmcAnswering: true });
    }
    const inPartition = new Set(config.partitions.flatMap((p) => p.servers));
    for (const s of config.servers) if (!inPartition.has(s.id)) this.addSystem(s.id, [s.id]);
    for (const p of config.partitions) this.addSystem(p.id, p.servers);
    for (const a of config.arrays) for (const port of a.ports) this.fabric(port.fabric).login(port.wwpn, port.port);
  }

  /** Power on every system that has a business (the spares stay off), as a lab starts. */
  start(): void {
    for (const b of this.config.businesses) {
      const sys = [...this.systems.values()].find((s) => this.masked(s).includes(b.volume));
      if (sys && sys.power === 'Off') sys.reset('On');
    }
  }

  server(id: string): ServerRt {
    const s = this.servers.get(id);
    if (!s) throw new ClusterRejection(`no server ${id}`, 'NotFound');
    return s;
  }

  system(id: string): SystemModel {
    const s = this.systems.get(id);
    if (!s) throw new ClusterRejection(`no system ${id}`, 'NotFound');
    return s;
  }

  /** The system a physical server is part of now. */
  systemOf(serverId: string): SystemModel {
    const s = this.systemByServer.get(serverId);
    if (!s) throw new ClusterRejection(`no server ${serverId}`, 'NotFound');
    return s;
  }

  fabric(id: string): FcSwitchModel {
    const f = this.fabrics.get(id);
    if (!f) throw new ClusterRejection(`no fabric ${id}`, 'NotFound');
    return f;
  }

  // ---- SystemHost ----

  cablesPowered(system: SystemModel, on: boolean): void {
    for (const s of this.membersOf(system)) {
      for (const n of s.spec.nics) this.switches.get(n.switch)?.setPeer(n.port, n.mac, on);
      if (!on) for (const h of s.spec.hbas) this.fabric(h.fabric).logout(h.wwpn);
    }
  }

  loggedIn(system: SystemModel): void {
    for (const s of this.membersOf(system)) for (const h of s.spec.hbas) this.fabric(h.fabric).login(h.wwpn, h.port);
  }

  bootVolume(system: SystemModel): string | null {
    const boot = this.membersOf(system)[0];
    if (!boot) return null;
    for (const hba of boot.spec.hbas) {
      const found = this.visibleVolumes(hba.wwpn, hba.fabric).find((v) => v.lun === boot.spec.bootLun);
      const vol = found && [...this.arrays.values()].map((a) => a.volumes.get(found.volume)).find((v) => v !== undefined);
      if (found && vol?.bootable) return found.volume;
    }
    return null;
  }

  osChanged(system: SystemModel): void {
    if (system.osRunning) this.sendFrames(system);
    this.truth.judge([...this.systems.values()], (id) => id);
    this.businesses.update();
  }

  faults(system: SystemModel): ReadonlySet<HardwareFault> {
    return new Set(this.membersOf(system).flatMap((s) => [...s.faults]));
  }

  // ---- what a server sees ----

  /** Volumes (with LUNs) an initiator on `fabric` sees: zoning lets it talk to an array port, masking shows the LUN. */
  visibleVolumes(wwpn: string, fabric: string): Array<{ array: string; volume: string; lun: number }> {
    const f = this.fabric(fabric);
    const out: Array<{ array: string; volume: string; lun: number }> = [];
    for (const a of this.arrays.values()) {
      if (!a.spec.ports.some((p) => p.fabric === fabric && f.canTalk(wwpn, p.wwpn))) continue;
      for (const v of a.lunsFor(wwpn)) out.push({ array: a.id, ...v });
    }
    return out;
  }

  /** Volumes masked to a system's boot member, whatever zoning and power say (the config's view of "active"). */
  masked(system: SystemModel): string[] {
    const boot = this.membersOf(system)[0];
    return boot ? [...this.arrays.values()].flatMap((a) => boot.spec.hbas.flatMap((h) => a.lunsFor(h.wwpn).map((v) => v.volume))) : [];
  }

  // ---- faults ----

  injectFault(serverId: string, fault: HardwareFault): void {
    const s = this.server(serverId);
    s.faults.add(fault);
    this.bus.emit({ type: 'HardwareFault', device: serverId, server: serverId, fault });
    if (FATAL_FAULTS.has(fault)) this.systemOf(serverId).crash(`${fault} fault on ${serverId}`);
    this.businesses.update();
  }

  repair(serverId: string, fault: HardwareFault): void {
    const s = this.server(serverId);
    if (!s.faults.delete(fault)) throw new ClusterRejection(`server ${serverId} has no ${fault} fault`, 'NotFound');
    this.bus.emit({ type: 'HardwareRepaired', device: serverId, server: serverId, fault });
  }

  setBmcAnswering(serverId: string, answering: boolean): void {
    const s = this.server(serverId);
    if (s.bmcAnswering === answering) return;
    s.bmcAnswering = answering;
    this.bus.emit({ type: 'BmcAnswering', device: serverId, server: serverId, answering });
  }

  // ---- partitions ----

  compose(id: string, serverIds: readonly string[]): void {
    if (this.systems.has(id) || this.servers.has(id)) throw new ClusterRejection(`a system ${id} exists already`);
    if (serverIds.length < 2) throw new ClusterRejection('a partition needs at least 2 servers', 'BadRequest');
    const parts = serverIds.map((sid) => this.server(sid));
    const kind = parts[0]?.kind;
    for (const p of parts) {
      const sys = this.systemOf(p.spec.id);
      if (sys.members.length > 1) throw new ClusterRejection(`server ${p.spec.id} is in partition ${sys.id}`);
      if (sys.power !== 'Off') throw new ClusterRejection(`server ${p.spec.id} is ${sys.power}: compose powered-off servers`);
      if (p.kind !== kind) throw new ClusterRejection(`server ${p.spec.id} is ${p.kind.id}, not ${kind?.id ?? '?'}: a partition is made of same-hardware servers`, 'BadRequest');
    }
    if (kind && serverIds.length > kind.maxPartitionServers) throw new ClusterRejection(`hardware kind ${kind.id} forms partitions of at most ${kind.maxPartitionServers} servers`, 'BadRequest');
    for (const sid of serverIds) this.systems.delete(sid);
    this.addSystem(id, [...serverIds]);
    this.bus.emit({ type: 'PartitionComposed', device: id, partition: id, servers: [...serverIds] });
  }

  dissolve(id: string): void {
    const sys = this.system(id);
    if (sys.members.length < 2) throw new ClusterRejection(`${id} is a server, not a partition`, 'BadRequest');
    if (sys.power !== 'Off') throw new ClusterRejection(`partition ${id} is ${sys.power}: dissolve it powered off`);
    this.systems.delete(id);
    for (const sid of sys.members) this.addSystem(sid, [sid]);
    this.bus.emit({ type: 'PartitionDissolved', device: id, partition: id, servers: [...sys.members] });
  }

  // ---- internals ----

  private addSystem(id: string, members: string[]): void {
    const sys = new SystemModel(id, members, this.config.timing, this.bus, this.clock, this);
    this.systems.set(id, sys);
    for (const m of members) this.systemByServer.set(m, sys);
  }

  private membersOf(system: SystemModel): ServerRt[] {
    return system.members.map((m) => this.server(m));
  }

  /** A running OS sends frames on every NIC: the switch learns their MACs where the link is up. */
  private sendFrames(system: SystemModel): void {
    for (const s of this.membersOf(system)) for (const n of s.spec.nics) this.switches.get(n.switch)?.learn(n.port, n.mac);
  }

  /** A link or VLAN changed: running systems are heard again, businesses may move. */
  private lanChanged(): void {
    for (const sys of this.systems.values()) if (sys.osRunning) this.sendFrames(sys);
    this.businesses.update();
  }

  /** Zoning or masking changed: a running OS that lost its boot volume crashes on its next IO. */
  private sanChanged(): void {
    for (const sys of this.systems.values()) {
      if (sys.volume !== null && (sys.osRunning || sys.boot === 'Booting') && this.bootVolume(sys) !== sys.volume) {
        sys.crash(`boot volume ${sys.volume} no longer visible (zoning or LUN masking changed)`);
      }
    }
    this.businesses.update();
  }
}
