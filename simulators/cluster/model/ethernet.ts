/**
 * An Ethernet switch: ports with admin state and link, per-port VLANs (access, or trunk with a
 * native and tagged VLANs), a VLAN table and MAC learning. One internal model per port
 * (`mode, untagged, tagged`) that the Redfish projection shows as EthernetInterfaces (option B)
 * and an OEM view (option C). VLAN changes commit after the commit time, whole or not at all.
 */
import type { Clock, Timer } from '../../../lib/clock.ts';
import type { EthernetSwitchSpec, PortMode } from '../config/types.ts';
import { VLAN_MAX, VLAN_MIN } from '../config/types.ts';
import { Committer } from './commit.ts';
import type { ClusterDefect } from './defects.ts';
import { ClusterRejection, type EventBus } from './events.ts';

export interface PortVlans {
  mode: PortMode;
  untagged: number;
  tagged: number[];
}

export interface EthernetPort {
  id: string;
  enabled: boolean;
  /** A powered NIC is cabled here (its MAC), or nothing. */
  peer: { mac: string; up: boolean } | null;
  vlans: PortVlans;
  learned: Set<string>;
}

const FLAPS = 3;
const FLAP_MS = 500;

export class EthernetSwitchModel {
  readonly ports = new Map<string, EthernetPort>();
  readonly vlans = new Map<number, string>();
  private readonly committer: Committer;
  private readonly flapTimers = new Map<string, Timer>();
  /** Ports a flap holds down right now. */
  private readonly flapped = new Set<string>();

  constructor(
    readonly spec: EthernetSwitchSpec,
    private readonly bus: EventBus,
    private readonly clock: Clock,
    private readonly defects: ReadonlySet<ClusterDefect>,
    commitMs: number,
    /** Called after any change that can move a business (link, VLAN). */
    private readonly changed: () => void,
  ) {
    this.committer = new Committer(bus, clock, spec.id, defects, commitMs);
    for (const v of spec.vlans) this.vlans.set(v.id, v.name);
    for (let n = 1; n <= spec.portCount; n++) {
      const pv = spec.portVlans.find((p) => p.port === String(n));
      const vlans = pv ? { mode: pv.mode, untagged: pv.untagged, tagged: [...pv.tagged] } : { mode: 'access' as const, untagged: 1, tagged: [] };
      this.ports.set(String(n), { id: String(n), enabled: true, peer: null, vlans, learned: new Set() });
    }
  }

  get id(): string {
    return this.spec.id;
  }

  port(id: string): EthernetPort {
    const p = this.ports.get(id);
    if (!p) throw new ClusterRejection(`switch ${this.id} has no port ${id}`, 'NotFound');
    return p;
  }

  /** Carries traffic of `vlan`: enabled, link up, and a member (untagged or tagged). */
  carries(portId: string, vlan: number): boolean {
    const p = this.port(portId);
    return this.linkUp(p) && (p.vlans.untagged === vlan || (p.vlans.mode === 'trunk' && p.vlans.tagged.includes(vlan)));
  }

  /** The cabled NIC gained or lost power (cable events come from the server side). */
  setPeer(portId: string, mac: string, up: boolean): void {
    const p = this.port(portId);
    const was = this.linkUp(p);
    this.stopFlapping(p);
    p.peer = { mac, up };
    if (!up) this.forget(p);
    if (was !== this.linkUp(p)) this.linkEvent(p);
    if (up && this.defects.has('port-flap')) this.flap(p, FLAPS * 2);
  }

  /** The NIC's OS sent a frame: its MAC is learned on the port. */
  learn(portId: string, mac: string): void {
    const p = this.port(portId);
    if (!this.linkUp(p) || p.learned.has(mac)) return;
    p.learned.add(mac);
    this.bus.emit({ type: 'MacLearned', device: this.id, port: p.id, mac });
  }

  setEnabled(portId: string, enabled: boolean): void {
    const p = this.port(portId);
    if (p.enabled === enabled) return;
    const was = this.linkUp(p);
    p.enabled = enabled;
    this.bus.emit({ type: 'PortEnabledChanged', device: this.id, port: p.id, enabled });
    if (!enabled) this.forget(p);
    if (was !== this.linkUp(p)) this.linkEvent(p);
  }

  linkUp(p: EthernetPort): boolean {
    return p.enabled && (p.peer?.up ?? false) && !this.flapped.has(p.id);
  }

  /** Replace one port's VLAN membership (validated now, applied whole after the commit time). */
  setPortVlans(portId: string, next: PortVlans): Promise<void> {
    const p = this.port(portId);
    const v = this.checkedVlans(next);
    return this.committer.commit(`VLANs of port ${p.id}`, () => {
      this.checkedVlans(v);
      p.vlans = v;
      this.bus.emit({ type: 'PortVlansChanged', device: this.id, port: p.id });
      this.changed();
    });
  }

  createVlan(id: number, name: string): Promise<void> {
    if (!Number.isInteger(id) || id < VLAN_MIN || id > VLAN_MAX) throw new ClusterRejection(`VLAN ${id}: expected an id from ${VLAN_MIN} to ${VLAN_MAX}`, 'BadRequest');
    if (this.vlans.has(id)) throw new ClusterRejection(`switch ${this.id} already has VLAN ${id}`);
    return this.committer.commit(`VLAN ${id}`, () => {
      this.vlans.set(id, name);
      this.bus.emit({ type: 'VlanCreated', device: this.id, vlan: id });
    });
  }

  removeVlan(id: number): Promise<void> {
    const inUse = (): EthernetPort | undefined => [...this.ports.values()].find((p) => p.vlans.untagged === id || p.vlans.tagged.includes(id));
    const check = (): void => {
      if (!this.vlans.has(id)) throw new ClusterRejection(`switch ${this.id} has no VLAN ${id}`, 'NotFound');
      const user = inUse();
      if (user) throw new ClusterRejection(`VLAN ${id} is still on port ${user.id} of switch ${this.id}`);
    };
    check();
    return this.committer.commit(`removal of VLAN ${id}`, () => {
      check();
      this.vlans.delete(id);
      this.bus.emit({ type: 'VlanRemoved', device: this.id, vlan: id });
    });
  }

  private checkedVlans(v: PortVlans): PortVlans {
    const ids = [v.untagged, ...(v.mode === 'trunk' ? v.tagged : [])];
    if (v.mode === 'access' && v.tagged.length > 0) throw new ClusterRejection('an access port carries no tagged VLANs', 'BadRequest');
    const missing = ids.find((i) => !this.vlans.has(i));
    if (missing !== undefined) throw new ClusterRejection(`switch ${this.id} has no VLAN ${missing}`, 'BadRequest');
    return { mode: v.mode, untagged: v.untagged, tagged: [...new Set(v.tagged)].sort((a, b) => a - b) };
  }

  private forget(p: EthernetPort): void {
    for (const mac of p.learned) this.bus.emit({ type: 'MacAged', device: this.id, port: p.id, mac });
    p.learned.clear();
  }

  private linkEvent(p: EthernetPort): void {
    this.bus.emit({ type: 'LinkChanged', device: this.id, port: p.id, up: this.linkUp(p), peer: p.peer?.mac ?? '' });
    this.changed();
  }

  /** port-flap: `left` more link transitions, FLAP_MS apart, the first one down, the last one up. */
  private flap(p: EthernetPort, left: number): void {
    this.flapTimers.set(
      p.id,
      this.clock.setTimer(FLAP_MS, () => {
        if (this.flapped.has(p.id)) this.flapped.delete(p.id);
        else this.flapped.add(p.id);
        if (this.flapped.has(p.id)) this.forget(p);
        this.linkEvent(p);
        if (left > 1) this.flap(p, left - 1);
        else this.flapTimers.delete(p.id);
      }),
    );
  }

  private stopFlapping(p: EthernetPort): void {
    this.flapTimers.get(p.id)?.cancel();
    this.flapTimers.delete(p.id);
    this.flapped.delete(p.id);
  }
}
