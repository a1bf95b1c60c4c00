/** The Oem.FtLab blocks of the System and of a Module chassis (redfish-model.md §4.1). */
import type { JsonObject } from '../../redfish/index.ts';
import type { FtModel, ModuleView } from '../model.ts';
import type { ModuleIndex, SubsystemKind } from '../types.ts';
import { iso } from './common.ts';
import { reportedMemoryGiB, reportedStoragePath } from '../reported.ts';

export function systemOem(model: FtModel, active: readonly ModuleIndex[]): JsonObject {
  const p = model.profile;
  return {
    FtLab: {
      '@odata.type': '#FtLabComputerSystem.v1_0_0.FtSystem',
      FtState: model.ftState(),
      SyncPhase: model.syncPhase(),
      ActiveModules: active,
      HypervisorMode: p.system.hypervisorMode,
      MemoryGiB: reportedMemoryGiB(model),
      ActiveNic: model.nicTeam.active,
      ActiveStoragePath: reportedStoragePath(model),
      Resync: {
        MemoryMiB: reportedMemoryGiB(model) * 1024,
        CopyBandwidthMiBps: p.resync.copyBandwidthMiBps,
        StopThresholdMiB: p.resync.stopThresholdMiB,
        MaxBrownoutPasses: p.resync.maxBrownoutPasses,
        ContextCopyMs: p.resync.contextCopyMs,
      },
    },
  };
}

function counter(v: ModuleView, s: SubsystemKind): JsonObject {
  return {
    Count: v.counters[s].count,
    WindowSeconds: v.counters[s].windowSeconds,
    Threshold: v.counters[s].threshold,
    LastErrorTime: iso(v.counters[s].lastErrorAt),
  };
}

export function moduleOem(v: ModuleView): JsonObject {
  return {
    FtLab: {
      '@odata.type': '#FtLabChassis.v1_0_0.FtModule',
      OpState: v.opState,
      SyncPhase: v.syncPhase,
      Subsystems: { Cpu: { State: v.subsystems.Cpu }, Io: { State: v.subsystems.Io } },
      ErrorCounters: { Cpu: counter(v, 'Cpu'), Io: counter(v, 'Io') },
      FaultPolicy: v.policy,
      KeptOut: v.keptOut,
      LastIsolationReason: v.lastIsolationReason,
      FaultyComponent: v.faultyComponent,
    },
  };
}
