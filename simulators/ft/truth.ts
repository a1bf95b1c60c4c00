/**
 * Ground truth: the model's exact SUT times (epoch ms, fractional) of its latest transitions,
 * served at /redfish/v1/Oem/FtLab/Truth for tests and benchmarks that measure the harness.
 * Each list keeps the latest `limit` entries, newest last.
 */
import type { ErrorKind, IoKind, ModuleIndex, SubsystemKind } from './types.ts';

export interface IsolationTruth {
  Module: ModuleIndex;
  Subsystem: SubsystemKind;
  Kind: ErrorKind;
  FaultAt: number;
  IsolatedAt: number;
}
export interface PassTruth {
  Pass: number;
  Start: number;
  End: number | null;
  CopiedMiB: number;
  DirtyMiB: number | null;
}
export interface ResyncTruth {
  Module: ModuleIndex;
  StartedAt: number;
  DiagnosticsEnd: number | null;
  Passes: PassTruth[];
  BlackoutStart: number | null;
  BlackoutEnd: number | null;
  CompletedAt: number | null;
  AbortedAt: number | null;
  AbortReason: string | null;
  Hypervisor: boolean;
}
export interface IoFailoverTruth {
  Kind: IoKind;
  /** The member that failed (null when the team had no active member). */
  Interface: string | null;
  To: string | null;
  Start: number;
  End: number | null;
}
export interface StallTruth {
  Start: number;
  End: number | null;
  Reason: string;
}
export interface CrashTruth {
  At: number;
  Reason: string;
}

export interface TruthDocument {
  TimeScale: number;
  Now: number;
  Isolations: IsolationTruth[];
  Resyncs: ResyncTruth[];
  IoFailovers: IoFailoverTruth[];
  WorkloadStalls: StallTruth[];
  Crashes: CrashTruth[];
}

function pushCapped<T>(list: T[], item: T, limit: number): T {
  list.push(item);
  if (list.length > limit) list.splice(0, list.length - limit);
  return item;
}

export class Truth {
  readonly isolations: IsolationTruth[] = [];
  readonly resyncs: ResyncTruth[] = [];
  readonly ioFailovers: IoFailoverTruth[] = [];
  readonly stalls: StallTruth[] = [];
  readonly crashes: CrashTruth[] = [];
  constructor(readonly limit = 50) {}

  isolation(x: IsolationTruth): IsolationTruth {
    return pushCapped(this.isolations, x, this.limit);
  }
  resync(x: ResyncTruth): ResyncTruth {
    return pushCapped(this.resyncs, x, this.limit);
  }
  ioFailover(x: IoFailoverTruth): IoFailoverTruth {
    return pushCapped(this.ioFailovers, x, this.limit);
  }
  stall(x: StallTruth): StallTruth {
    return pushCapped(this.stalls, x, this.limit);
  }
  crash(x: CrashTruth): CrashTruth {
    return pushCapped(this.crashes, x, this.limit);
  }

  /** A deep copy, safe to serialise while the model keeps running. */
  document(timeScale: number, now: number): TruthDocument {
    return structuredClone({
      TimeScale: timeScale,
      Now: now,
      Isolations: this.isolations,
      Resyncs: this.resyncs,
      IoFailovers: this.ioFailovers,
      WorkloadStalls: this.stalls,
      Crashes: this.crashes,
    });
  }
}
