/**
 * Business reachability: a business answers from a system whose OS runs from its boot volume,
 * with no fault that stops the OS, and with a NIC port on a switch port that carries its VLAN.
 * When more than one could (which the ground truth records as corruption), the one up longest
 * answers. An event marks every change of the answering system.
 */
import type { BusinessSpec } from '../config/types.ts';
import type { EventBus, HardwareFault } from './events.ts';
import type { EthernetSwitchModel } from './ethernet.ts';
import type { ServerRt } from './cluster.ts';
import { FATAL_FAULTS, type SystemModel } from './system.ts';

/** The part of the cluster reachability reads. */
export interface BusinessView {
  readonly systems: ReadonlyMap<string, SystemModel>;
  readonly switches: ReadonlyMap<string, EthernetSwitchModel>;
  server(id: string): ServerRt;
  faults(system: SystemModel): ReadonlySet<HardwareFault>;
}

export class Businesses {
  private readonly answering = new Map<string, string | null>();

  constructor(
    readonly specs: readonly BusinessSpec[],
    private readonly bus: EventBus,
    private readonly view: BusinessView,
  ) {
    for (const b of specs) this.answering.set(b.id, null);
  }

  /** The system answering for business `id` now, or null. */
  answerer(id: string): string | null {
    return this.answering.get(id) ?? null;
  }

  spec(id: string): BusinessSpec | undefined {
    return this.specs.find((b) => b.id === id);
  }

  update(): void {
    for (const b of this.specs) {
      const next = this.compute(b);
      if (next === this.answering.get(b.id)) continue;
      this.answering.set(b.id, next);
      this.bus.emit({ type: 'BusinessReachability', device: next ?? b.id, business: b.id, server: next });
    }
  }

  private compute(b: BusinessSpec): string | null {
    const candidates = [...this.view.systems.values()].filter(
      (s) => s.boot === 'Running' && s.volume === b.volume && ![...this.view.faults(s)].some((f) => FATAL_FAULTS.has(f)) && this.inVlan(s, b.vlan),
    );
    candidates.sort((x, y) => (x.runningSince ?? 0) - (y.runningSince ?? 0) || x.id.localeCompare(y.id));
    return candidates[0]?.id ?? null;
  }

  private inVlan(s: SystemModel, vlan: number): boolean {
    return s.members.some((m) => this.view.server(m).spec.nics.some((n) => this.view.switches.get(n.switch)?.carries(n.port, vlan) ?? false));
  }
}
