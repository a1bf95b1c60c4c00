/**
 * A disk array: storage pools, volumes (NAA ids, boot-capable or not), host groups (initiator
 * WWPNs) and LUN masking as connections (host group + volumes with their LUN numbers). Changes
 * are checked at once and again at commit time, then applied whole after the commit time.
 * Under `stale-mapping`, a deleted mapping leaves the view but keeps working (a defect).
 */
import type { Clock } from '../../../lib/clock.ts';
import { type ArraySpec, LUN_MAX, NAA_PATTERN, type VolumeSpec } from '../config/types.ts';
import { Committer } from './commit.ts';
import type { ClusterDefect } from './defects.ts';
import { checkWwpns, ClusterRejection, type EventBus } from './events.ts';

export interface VolumeLun {
  volume: string;
  lun: number;
}

export interface Connection {
  id: string;
  hostGroup: string;
  volumes: VolumeLun[];
}

/** A mapping that survived its deletion (stale-mapping defect). */
interface Stale extends VolumeLun {
  initiators: Set<string>;
}

export class DiskArrayModel {
  readonly pools = new Map<string, number>();
  readonly volumes = new Map<string, VolumeSpec>();
  readonly hostGroups = new Map<string, Set<string>>();
  /** Connection id = the host group's id for those from the config. */
  readonly connections = new Map<string, Connection>();
  private stale: Stale[] = [];
  private readonly committer: Committer;

  constructor(
    readonly spec: ArraySpec,
    private readonly bus: EventBus,
    clock: Clock,
    private readonly defects: ReadonlySet<ClusterDefect>,
    commitMs: number,
    private readonly changed: () => void,
  ) {
    this.committer = new Committer(bus, clock, spec.id, defects, commitMs);
    for (const p of spec.pools) this.pools.set(p.id, p.capacityGiB);
    for (const v of spec.volumes) this.volumes.set(v.id, { ...v });
    for (const g of spec.hostGroups) this.hostGroups.set(g.id, new Set(g.initiators));
    for (const m of spec.mappings) {
      const c = this.connections.get(m.hostGroup) ?? { id: m.hostGroup, hostGroup: m.hostGroup, volumes: [] };
      c.volumes.push({ volume: m.volume, lun: m.lun });
      this.connections.set(c.id, c);
    }
  }

  get id(): string {
    return this.spec.id;
  }

  /** What LUN masking shows `wwpn`: every volume with its LUN number. */
  lunsFor(wwpn: string): VolumeLun[] {
    const live = [...this.connections.values()].filter((c) => this.hostGroups.get(c.hostGroup)?.has(wwpn)).flatMap((c) => c.volumes);
    const stale = this.stale.filter((s) => s.initiators.has(wwpn)).map(({ volume, lun }) => ({ volume, lun }));
    return [...live, ...stale];
  }

  /** Every initiator WWPN a volume is masked to (the ground truth for FO-06's invariant). */
  initiatorsOf(volume: string): string[] {
    const live = [...this.connections.values()].filter((c) => c.volumes.some((v) => v.volume === volume)).flatMap((c) => [...(this.hostGroups.get(c.hostGroup) ?? [])]);
    const stale = this.stale.filter((s) => s.volume === volume).flatMap((s) => [...s.initiators]);
    return [...new Set([...live, ...stale])].sort();
  }

  /** Create or replace a connection (validated now and at commit). */
  putConnection(c: Connection): Promise<void> {
    const next = { id: c.id, hostGroup: c.hostGroup, volumes: c.volumes.map((v) => ({ ...v })) };
    this.checkConnection(next);
    return this.committer.commit(`connection ${c.id}`, () => {
      this.checkConnection(next);
      const created = !this.connections.has(next.id);
      this.connections.set(next.id, next);
      this.bus.emit({ type: created ? 'ConnectionCreated' : 'ConnectionModified', device: this.id, connection: next.id });
      this.changed();
    });
  }

  deleteConnection(id: string): Promise<void> {
    this.connection(id);
    return this.committer.commit(`deletion of connection ${id}`, () => {
      const c = this.connection(id);
      if (this.defects.has('stale-mapping')) {
        const initiators = new Set(this.hostGroups.get(c.hostGroup));
        this.stale.push(...c.volumes.map((v) => ({ ...v, initiators })));
      }
      this.connections.delete(id);
      this.bus.emit({ type: 'ConnectionRemoved', device: this.id, connection: id });
      this.changed();
    });
  }

  putHostGroup(id: string, initiators: readonly string[]): Promise<void> {
    checkWwpns(`host group ${id}`, initiators);
    const set = new Set(initiators);
    return this.committer.commit(`host group ${id}`, () => {
      this.hostGroups.set(id, set);
      this.bus.emit({ type: 'HostGroupChanged', device: this.id, hostGroup: id });
      this.changed();
    });
  }

  deleteHostGroup(id: string): Promise<void> {
    const check = (): void => {
      if (!this.hostGroups.has(id)) throw new ClusterRejection(`array ${this.id} has no host group ${id}`, 'NotFound');
      const user = [...this.connections.values()].find((c) => c.hostGroup === id);
      if (user) throw new ClusterRejection(`host group ${id} is used by connection ${user.id}`);
    };
    check();
    return this.committer.commit(`deletion of host group ${id}`, () => {
      check();
      this.hostGroups.delete(id);
      this.bus.emit({ type: 'HostGroupRemoved', device: this.id, hostGroup: id });
    });
  }

  createVolume(v: VolumeSpec): Promise<void> {
    const check = (): void => {
      if (this.volumes.has(v.id)) throw new ClusterRejection(`array ${this.id} already has volume ${v.id}`);
      if (!new RegExp(NAA_PATTERN).test(v.naa) || [...this.volumes.values()].some((x) => x.naa === v.naa)) throw new ClusterRejection(`volume ${v.id}: NAA ${v.naa} is malformed or in use`, 'BadRequest');
      const cap = this.pools.get(v.pool);
      if (cap === undefined) throw new ClusterRejection(`array ${this.id} has no pool ${v.pool}`, 'BadRequest');
      const used = [...this.volumes.values()].filter((x) => x.pool === v.pool).reduce((n, x) => n + x.capacityGiB, 0);
      if (used + v.capacityGiB > cap) throw new ClusterRejection(`pool ${v.pool} has ${cap - used} GiB free, volume ${v.id} needs ${v.capacityGiB}`);
    };
    check();
    return this.committer.commit(`volume ${v.id}`, () => {
      check();
      this.volumes.set(v.id, { ...v });
      this.bus.emit({ type: 'VolumeCreated', device: this.id, volume: v.id });
    });
  }

  deleteVolume(id: string): Promise<void> {
    const check = (): void => {
      if (!this.volumes.has(id)) throw new ClusterRejection(`array ${this.id} has no volume ${id}`, 'NotFound');
      const user = [...this.connections.values()].find((c) => c.volumes.some((v) => v.volume === id));
      if (user) throw new ClusterRejection(`volume ${id} is mapped by connection ${user.id}`);
    };
    check();
    return this.committer.commit(`deletion of volume ${id}`, () => {
      check();
      this.volumes.delete(id);
      this.bus.emit({ type: 'VolumeRemoved', device: this.id, volume: id });
    });
  }

  private connection(id: string): Connection {
    const c = this.connections.get(id);
    if (!c) throw new ClusterRejection(`array ${this.id} has no connection ${id}`, 'NotFound');
    return c;
  }

  private checkConnection(c: Connection): void {
    if (!this.hostGroups.has(c.hostGroup)) throw new ClusterRejection(`connection ${c.id}: array ${this.id} has no host group ${c.hostGroup}`, 'BadRequest');
    const taken = new Set([...this.connections.values()].filter((o) => o.id !== c.id && o.hostGroup === c.hostGroup).flatMap((o) => o.volumes.map((v) => v.lun)));
    for (const v of c.volumes) {
      if (!this.volumes.has(v.volume)) throw new ClusterRejection(`connection ${c.id}: array ${this.id} has no volume ${v.volume}`, 'BadRequest');
      if (!Number.isInteger(v.lun) || v.lun < 0 || v.lun > LUN_MAX) throw new ClusterRejection(`connection ${c.id}: LUN ${v.lun} is not from 0 to ${LUN_MAX}`, 'BadRequest');
      if (taken.has(v.lun)) throw new ClusterRejection(`connection ${c.id}: LUN ${v.lun} is already used for host group ${c.hostGroup}`);
      taken.add(v.lun);
    }
  }
}
