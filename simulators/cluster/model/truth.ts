/**
 * Ground truth of the cluster, for tests and benchmarks only (architecture.md §1): which system
 * runs which boot volume and since when, which one answers for each business, and every time two
 * systems ran the same boot volume at once (data corruption). Judged from the model's own state.
 */
import type { ClusterEvent, EventBus } from './events.ts';

/** The event types the truth's timeline keeps: what a failover's true phases are measured from. */
const TIMELINE_TYPES = new Set<ClusterEvent['type']>(['HardwareFault', 'HardwareRepaired', 'PowerChanged', 'BootStateChanged', 'DumpStarted', 'DumpFinished', 'BusinessReachability']);
/** Entries kept (the oldest go first): a benchmark reads the truth after each run. */
const TIMELINE_MAX = 5000;

export interface Corruption {
  /** SUT epoch ms when the second system came up on the volume. */
  at: number;
  volume: string;
  systems: string[];
}

export interface RunningSystem {
  id: string;
  volume: string | null;
  osRunning: boolean;
  runningSince: number | null;
}

export class ClusterTruth {
  readonly corruptions: Corruption[] = [];
  /** volume → the systems that ran it together when last recorded (a corruption is recorded once per overlap). */
  private readonly overlaps = new Map<string, string>();

  /**
   * Faults, power, boot states, dumps and business reachability as they happened, SUT epoch ms,
   * oldest first (bounded): the true times a benchmark compares the harness's measurements with.
   */
  readonly timeline: ClusterEvent[] = [];

  constructor(private readonly bus: EventBus) {
    bus.on((e) => {
      if (!TIMELINE_TYPES.has(e.type)) return;
      this.timeline.push(e);
      if (this.timeline.length > TIMELINE_MAX) this.timeline.shift();
    });
  }

  /** Record a corruption for every volume that more than one running system uses now. */
  judge(systems: readonly RunningSystem[], device: (system: string) => string): void {
    const byVolume = new Map<string, string[]>();
    for (const s of systems) {
      if (!s.osRunning || s.volume === null) continue;
      byVolume.set(s.volume, [...(byVolume.get(s.volume) ?? []), s.id]);
    }
    for (const [volume, ids] of byVolume) {
      const key = [...ids].sort().join(',');
      if (ids.length < 2) {
        this.overlaps.delete(volume);
        continue;
      }
      if (this.overlaps.get(volume) === key) continue;
      this.overlaps.set(volume, key);
      const at = this.bus.clock.wallNow();
      this.corruptions.push({ at, volume, systems: [...ids].sort() });
      this.bus.emit({ type: 'DataCorruption', device: device(ids[0] ?? volume), volume, systems: [...ids].sort() });
    }
    for (const volume of [...this.overlaps.keys()]) if (!byVolume.has(volume)) this.overlaps.delete(volume);
  }
}
