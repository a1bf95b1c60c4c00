/**
 * One FC fabric's switch: F_Ports with the N_Port logged in (fabric login creates the endpoint,
 * link down removes it), WWN zones, zone sets, and the effective configuration — a copy of a zone
 * set taken at activation, so editing a defined zone changes nothing until the next activation.
 * With no effective configuration, or for a device in no effective zone, the default zone decides.
 */
import type { Clock } from '../../../lib/clock.ts';
import type { DefaultZone, FabricSpec } from '../config/types.ts';
import { Committer } from './commit.ts';
import type { ClusterDefect } from './defects.ts';
import { checkWwpns, ClusterRejection, type EventBus } from './events.ts';

export interface Effective {
  zoneSet: string;
  zones: Map<string, Set<string>>;
}

export class FcSwitchModel {
  /** WWPN → F_Port it logged in on. */
  readonly logins = new Map<string, string>();
  readonly zones = new Map<string, Set<string>>();
  readonly zoneSets = new Map<string, string[]>();
  effective: Effective | null = null;
  defaultZone: DefaultZone;
  private readonly activations: Committer;

  constructor(
    readonly spec: FabricSpec,
    private readonly bus: EventBus,
    clock: Clock,
    defects: ReadonlySet<ClusterDefect>,
    commitMs: number,
    private readonly changed: () => void,
  ) {
    this.activations = new Committer(bus, clock, spec.switchName, defects, commitMs, 'activation');
    for (const z of spec.zones) this.zones.set(z.id, new Set(z.members));
    for (const s of spec.zoneSets) this.zoneSets.set(s.id, [...s.zones]);
    this.defaultZone = spec.defaultZone;
    if (spec.activeZoneSet) this.effective = this.snapshot(spec.activeZoneSet);
  }

  /** The FC switch's name: the device that reports this fabric. */
  get device(): string {
    return this.spec.switchName;
  }

  login(wwpn: string, port: string): void {
    if (this.logins.get(wwpn) === port) return;
    this.logins.set(wwpn, port);
    this.bus.emit({ type: 'FabricLogin', device: this.device, wwpn, port });
    this.changed();
  }

  logout(wwpn: string): void {
    const port = this.logins.get(wwpn);
    if (port === undefined) return;
    this.logins.delete(wwpn);
    this.bus.emit({ type: 'FabricLogout', device: this.device, wwpn, port });
    this.changed();
  }

  /** Both logged in, and zoning lets them talk. */
  canTalk(a: string, b: string): boolean {
    if (!this.logins.has(a) || !this.logins.has(b)) return false;
    if (!this.effective) return this.defaultZone === 'allow';
    const zones = [...this.effective.zones.values()];
    if (zones.some((z) => z.has(a) && z.has(b))) return true;
    const zoned = (w: string): boolean => zones.some((z) => z.has(w));
    return this.defaultZone === 'allow' && !zoned(a) && !zoned(b);
  }

  /** Create or replace a zone's members (defined configuration; effective at the next activation). */
  putZone(id: string, members: readonly string[]): void {
    checkWwpns(`zone ${id}`, members);
    const created = !this.zones.has(id);
    this.zones.set(id, new Set(members));
    this.bus.emit({ type: created ? 'ZoneCreated' : 'ZoneModified', device: this.device, zone: id });
  }

  removeZone(id: string): void {
    if (!this.zones.has(id)) throw new ClusterRejection(`fabric ${this.spec.id} has no zone ${id}`, 'NotFound');
    const user = [...this.zoneSets].find(([, zs]) => zs.includes(id));
    if (user) throw new ClusterRejection(`zone ${id} is in zone set ${user[0]}`);
    this.zones.delete(id);
    this.bus.emit({ type: 'ZoneRemoved', device: this.device, zone: id });
  }

  putZoneSet(id: string, zones: readonly string[]): void {
    const missing = zones.find((z) => !this.zones.has(z));
    if (missing !== undefined) throw new ClusterRejection(`zone set ${id}: fabric ${this.spec.id} has no zone ${missing}`, 'BadRequest');
    const created = !this.zoneSets.has(id);
    this.zoneSets.set(id, [...zones]);
    this.bus.emit({ type: created ? 'ZoneCreated' : 'ZoneModified', device: this.device, zone: id });
  }

  /** Make a copy of zone set `id` the effective configuration (null: none), after the activation time. */
  activate(id: string | null): Promise<void> {
    if (id !== null && !this.zoneSets.has(id)) throw new ClusterRejection(`fabric ${this.spec.id} has no zone set ${id}`, 'NotFound');
    return this.activations.commit(`zone set ${id ?? '(none)'}`, () => {
      this.effective = id === null ? null : this.snapshot(id);
      this.bus.emit({ type: 'ZoneSetActivated', device: this.device, zoneSet: id });
      this.changed();
    });
  }

  setDefaultZone(d: DefaultZone): void {
    if (this.defaultZone === d) return;
    this.defaultZone = d;
    this.bus.emit({ type: 'ZoneModified', device: this.device, zone: 'Default' });
    this.changed();
  }

  private snapshot(zoneSet: string): Effective {
    const zones = new Map<string, Set<string>>();
    for (const z of this.zoneSets.get(zoneSet) ?? []) zones.set(z, new Set(this.zones.get(z)));
    return { zoneSet, zones };
  }
}
