/**
 * The Redfish view of the ft-server model (redfish-model.md §1, §4.1): every resource renders
 * from the model on each GET; writes go to the model. One System ft0, an Enclosure chassis, two
 * Module chassis with PCIe devices, processors and memory per module, the NIC team bond0, the
 * mirrored storage, the BMC manager and its logs.
 */
import type { JsonObject, RedfishService, LogHandle } from '../redfish/index.ts';
import { RedfishError, formatTimestamp } from '../redfish/index.ts';
import { ModelRejection, type DeviceView, type FtModel, type ModuleView } from './model.ts';
import type { FtEventPublisher } from './event-publisher.ts';
import { ftlabId } from './registry.ts';
import {
  FAULT_POLICIES,
  MODULE_RESET_TYPES,
  MODULES,
  SUBSYSTEMS,
  SYSTEM_RESET_TYPES,
  type FaultPolicy,
  type ModuleIndex,
  type ModuleResetType,
  type ResetType,
  type SubsystemKind,
} from './types.ts';
import {
  ENCLOSURE,
  MANAGER,
  MANAGER_LOG,
  STORAGE,
  SYSTEM,
  SYSTEM_EVENT_LOG,
  SYSTEM_SEL,
  VOLUME,
  dimmId,
  ethUri,
  memoryUri,
  moduleUri,
  pcieUri,
  processorId,
  processorUri,
} from './uris.ts';

const ref = (id: string): { '@odata.id': string } => ({ '@odata.id': id });

interface Status {
  State: string;
  Health?: string | null;
  HealthRollup?: string;
  Conditions?: JsonObject[];
}

/** Model refusals → 409 with a message that says why. */
export function rejection(e: unknown): never {
  if (e instanceof ModelRejection) {
    throw new RedfishError(e.code === 'NotFound' ? 404 : 409, [{ MessageId: ftlabId('RequestRejected'), MessageArgs: [e.message] }]);
  }
  throw e;
}

export function moduleStatus(v: ModuleView): Status {
  switch (v.opState) {
    case 'Absent':
      return { State: 'Absent' };
    case 'Disabled':
      return { State: 'Disabled', Health: 'OK' };
    case 'KeptOut':
      return { State: 'UnavailableOffline', Health: 'Critical' };
    case 'Isolated':
      return { State: 'UnavailableOffline', Health: 'Warning' };
    case 'Diagnostics':
      return { State: 'InTest', Health: 'OK' };
    case 'Brownout':
    case 'Blackout':
      return { State: 'Starting', Health: 'OK' };
    case 'Duplex':
    case 'Simplex':
      return { State: 'Enabled', Health: v.subsystems.Io === 'Online' ? 'OK' : 'Warning' };
  }
}

export interface ProjectionOptions {
  svc: RedfishService;
  model: FtModel;
  publisher: FtEventPublisher;
}

export interface MountedProjection {
  eventLog: LogHandle;
  sel: LogHandle;
  managerLog: LogHandle;
}

export function mountProjection({ svc, model, publisher }: ProjectionOptions): MountedProjection {
  const p = model.profile;
  const macOf = (id: string): string => {
    let h = 0;
    for (const c of id) h = (h * 31 + c.charCodeAt(0)) & 0xffffff;
    return `02:46:74:${((h >> 16) & 0xff).toString(16).padStart(2, '0')}:${((h >> 8) & 0xff).toString(16).padStart(2, '0')}:${(h & 0xff).toString(16).padStart(2, '0')}`;
  };
  const iso = (ms: number | null): string | null => (ms === null ? null : formatTimestamp(ms));

  // ------------------------------------------------------------------ collections
  svc.collection('/redfish/v1/Systems', { type: '#ComputerSystemCollection.ComputerSystemCollection', name: 'Computer System Collection', members: () => [SYSTEM] });
  svc.collection('/redfish/v1/Chassis', {
    type: '#ChassisCollection.ChassisCollection',
    name: 'Chassis Collection',
    members: () => [ENCLOSURE, moduleUri(0), moduleUri(1)],
  });
  svc.collection('/redfish/v1/Managers', { type: '#ManagerCollection.ManagerCollection', name: 'Manager Collection', members: () => [MANAGER] });

  // ------------------------------------------------------------------ system
  const systemStatus = (): Status => {
    if (model.powerState !== 'On') return { State: model.powerState === 'PoweringOn' ? 'Starting' : 'Disabled', Health: model.truth.crashes.length ? 'Critical' : 'OK' };
    const views = MODULES.map((m) => model.module(m));
    const degraded = model.ftState() !== 'Duplex' || views.some((v) => v.subsystems.Io !== 'Online');
    const critical = views.some((v) => moduleStatus(v).Health === 'Critical');
    const devicesBad = model.devicesList().some((d) => d.removed || !d.linkUp);
    const conditions = views
      .filter((v) => moduleStatus(v).Health !== 'OK')
      .map((v) => ({
        MessageId: 'Base.1.22.ConditionInRelatedResource',
        Message: 'One or more conditions exist in a related resource. See the OriginOfCondition property.',
        Severity: moduleStatus(v).Health ?? 'Warning',
        OriginOfCondition: ref(moduleUri(v.index)),
        ...(v.keptOutAt !== null ? { Timestamp: iso(v.keptOutAt) } : {}),
      }));
    return {
      State: 'Enabled',
      Health: degraded || devicesBad ? 'Warning' : 'OK',
      HealthRollup: critical ? 'Critical' : degraded || devicesBad ? 'Warning' : 'OK',
      Conditions: conditions,
    };
  };

  let assetTag = '';
  const cpusPerModule = p.system.processorsPerModule;
  const threads = p.system.coresPerProcessor * p.system.threadsPerCore;
  svc.resource(SYSTEM, {
    type: '#ComputerSystem.v1_22_0.ComputerSystem',
    get: () => {
      const active = model.activeModules();
      return {
        Id: 'ft0',
        Name: 'Fault-tolerant server',
        SystemType: 'Physical',
        Manufacturer: p.system.manufacturer,
        Model: p.system.model,
        AssetTag: assetTag,
        PowerState: model.powerState,
        Status: systemStatus(),
        ProcessorSummary: {
          Count: cpusPerModule * 2,
          CoreCount: p.system.coresPerProcessor * cpusPerModule,
          LogicalProcessorCount: threads * cpusPerModule,
          Model: p.system.processorModel,
        },
        MemorySummary: { TotalSystemMemoryGiB: p.system.memoryGiB, MemoryMirroring: 'System' },
        Redundancy: [
          {
            '@odata.id': `${SYSTEM}#/Redundancy/0`,
            MemberId: '0',
            Name: 'CPU/IO module lockstep',
            Mode: 'N+m',
            RedundancyEnabled: true,
            MaxNumSupported: 2,
            MinNumNeeded: 1,
            MinNumNeededForFaultTolerance: 2,
            RedundancySet: MODULES.map((m) => ref(moduleUri(m))),
            ActiveRedundancySet: active.map((m) => ref(moduleUri(m))),
            Status: { State: active.length ? 'Enabled' : 'Disabled', Health: active.length === 2 ? 'OK' : active.length ? 'Warning' : 'Critical' },
          },
        ],
        Processors: ref(`${SYSTEM}/Processors`),
        Memory: ref(`${SYSTEM}/Memory`),
        EthernetInterfaces: ref(`${SYSTEM}/EthernetInterfaces`),
        Storage: ref(`${SYSTEM}/Storage`),
        LogServices: ref(`${SYSTEM}/LogServices`),
        Links: { Chassis: [ref(ENCLOSURE)], ManagedBy: [ref(MANAGER)] },
        Oem: {
          FtLab: {
            '@odata.type': '#FtLabComputerSystem.v1_0_0.FtSystem',
            FtState: model.ftState(),
            SyncPhase: model.syncPhase(),
            ActiveModules: active,
            HypervisorMode: p.system.hypervisorMode,
            MemoryGiB: p.system.memoryGiB,
            ActiveNic: model.nicTeam.active,
            ActiveStoragePath: model.storageSet.active,
          },
        },
      };
    },
    patch: {
      writable: { AssetTag: { type: 'string', nullable: true, maxLength: 64 } },
      apply: (changes) => {
        if ('AssetTag' in changes) assetTag = (changes.AssetTag as string | null) ?? '';
      },
    },
  });
  svc.action(SYSTEM, '#ComputerSystem.Reset', {
    parameters: { ResetType: { type: 'string', allowable: SYSTEM_RESET_TYPES, required: true } },
    handler: (params) => {
      try {
        model.resetSystem(params.ResetType as ResetType);
      } catch (e) {
        rejection(e);
      }
      return undefined;
    },
  });

  // processors and memory (per module, under the System)
  const processorIds = MODULES.flatMap((m) => Array.from({ length: cpusPerModule }, (_, i) => ({ m, id: processorId(m, i) })));
  svc.collection(`${SYSTEM}/Processors`, { type: '#ProcessorCollection.ProcessorCollection', name: 'Processors', members: () => processorIds.map((x) => processorUri(x.id)) });
  const componentStatus = (m: ModuleIndex, id: string): Status => {
    const v = model.module(m);
    if (!v.present) return { State: 'Absent' };
    if (v.faultyComponent === id) return { State: 'UnavailableOffline', Health: 'Critical' };
    const s = moduleStatus(v);
    return { State: s.State, Health: s.Health === 'Critical' ? 'OK' : (s.Health ?? 'OK') };
  };
  for (const { m, id } of processorIds) {
    svc.resource(processorUri(id), {
      type: '#Processor.v1_20_0.Processor',
      get: () => ({
        Id: id,
        Name: `Module ${m} processor ${id.slice(-1)}`,
        ProcessorType: 'CPU',
        ProcessorArchitecture: 'x86',
        InstructionSet: 'x86-64',
        Model: p.system.processorModel,
        TotalCores: p.system.coresPerProcessor,
        TotalThreads: threads,
        Socket: `CPU${id.slice(-1)}`,
        Status: componentStatus(m, id),
        Links: { Chassis: ref(moduleUri(m)) },
      }),
    });
  }
  const dimmMiB = Math.round((p.system.memoryGiB * 1024) / p.system.dimmsPerModule);
  const dimmIds = MODULES.flatMap((m) => Array.from({ length: p.system.dimmsPerModule }, (_, i) => ({ m, id: dimmId(m, i) })));
  svc.collection(`${SYSTEM}/Memory`, { type: '#MemoryCollection.MemoryCollection', name: 'Memory', members: () => dimmIds.map((x) => memoryUri(x.id)) });
  for (const { m, id } of dimmIds) {
    svc.resource(memoryUri(id), {
      type: '#Memory.v1_19_0.Memory',
      get: () => ({
        Id: id,
        Name: `Module ${m} DIMM ${id.replace(/^M\d-DIMM/, '')}`,
        MemoryDeviceType: 'DDR5',
        MemoryType: 'DRAM',
        CapacityMiB: dimmMiB,
        Status: componentStatus(m, id),
        Links: { Chassis: ref(moduleUri(m)) },
      }),
    });
  }

  // NIC team (bond0) and its members
  const nicMembers = model.nicTeam.members;
  svc.collection(`${SYSTEM}/EthernetInterfaces`, {
    type: '#EthernetInterfaceCollection.EthernetInterfaceCollection',
    name: 'Ethernet Interfaces',
    members: () => [ethUri('bond0'), ...nicMembers.map(ethUri)],
  });
  svc.resource(ethUri('bond0'), {
    type: '#EthernetInterface.v1_12_0.EthernetInterface',
    get: () => {
      const up = model.powerState === 'On' && !model.nicTeam.inGap();
      const anyUsable = nicMembers.some((n) => model.device(n)?.usable);
      return {
        Id: 'bond0',
        Name: 'NIC team (active-backup across modules)',
        EthernetInterfaceType: 'Virtual',
        TeamMode: 'ActiveBackup',
        MACAddress: macOf('bond0'),
        LinkStatus: up ? 'LinkUp' : 'LinkDown',
        InterfaceEnabled: true,
        Status: {
          State: model.powerState === 'On' ? 'Enabled' : 'Disabled',
          Health: model.powerState !== 'On' ? 'OK' : !anyUsable ? 'Critical' : nicMembers.every((n) => model.device(n)?.usable) ? 'OK' : 'Warning',
        },
        Links: { RelatedInterfaces: nicMembers.map((n) => ref(ethUri(n))) },
        Oem: { FtLab: { '@odata.type': '#FtLabEthernetInterface.v1_0_0.FtTeam', ActiveMember: model.nicTeam.active, FailoverInProgress: model.nicTeam.inGap() } },
      };
    },
  });
  const deviceStatus = (d: DeviceView): Status => {
    if (!d.present) return { State: 'Absent' };
    if (d.removed) return { State: 'UnavailableOffline', Health: 'Critical' };
    if (d.teamState) return { State: d.teamState === 'Absent' ? 'Absent' : d.teamState, Health: d.usable ? 'OK' : 'Warning' };
    return d.usable ? { State: 'Enabled', Health: 'OK' } : { State: 'UnavailableOffline', Health: 'Warning' };
  };
  for (const n of nicMembers) {
    const m = Number(n[1]) as ModuleIndex;
    svc.resource(ethUri(n), {
      type: '#EthernetInterface.v1_12_0.EthernetInterface',
      get: () => {
        const d = model.device(n) as DeviceView;
        return {
          Id: n,
          Name: `Module ${m} NIC port 0`,
          EthernetInterfaceType: 'Physical',
          MACAddress: macOf(n),
          LinkStatus: !d.present || d.removed ? 'NoLink' : d.linkUp ? 'LinkUp' : 'LinkDown',
          Status: deviceStatus(d),
          Links: { Chassis: ref(moduleUri(m)), AffiliatedInterfaces: [ref(ethUri('bond0'))] },
        };
      },
    });
  }

  // mirrored storage with a multipath set
  svc.collection(`${SYSTEM}/Storage`, { type: '#StorageCollection.StorageCollection', name: 'Storage', members: () => [STORAGE] });
  const paths = model.storageSet.members;
  svc.resource(STORAGE, {
    type: '#Storage.v1_15_0.Storage',
    get: () => ({
      Id: 'mirror0',
      Name: 'Mirrored disks across modules (RAID1, multipath)',
      Status: { State: 'Enabled', Health: paths.every((x) => model.device(x)?.usable) ? 'OK' : 'Warning' },
      Volumes: ref(`${STORAGE}/Volumes`),
      Oem: {
        FtLab: {
          '@odata.type': '#FtLabStorage.v1_0_0.FtPaths',
          ActivePath: model.storageSet.active,
          Paths: paths.map((x) => ({ Id: x, State: model.storageSet.memberState(x), Device: ref(pcieUri(Number(x[1]) as ModuleIndex, x)) })),
        },
      },
    }),
  });
  svc.collection(`${STORAGE}/Volumes`, { type: '#VolumeCollection.VolumeCollection', name: 'Volumes', members: () => [VOLUME] });
  svc.resource(VOLUME, {
    type: '#Volume.v1_9_0.Volume',
    get: () => ({
      Id: 'boot',
      Name: 'Boot volume (RAID1 across module disks)',
      RAIDType: 'RAID1',
      CapacityBytes: 960 * 1000 ** 3,
      Status: { State: model.storageSet.active ? 'Enabled' : 'UnavailableOffline', Health: model.storageSet.inGap() ? 'Warning' : 'OK' },
    }),
  });

  // ------------------------------------------------------------------ chassis
  svc.resource(ENCLOSURE, {
    type: '#Chassis.v1_25_0.Chassis',
    get: () => {
      const rollup = MODULES.map((m) => moduleStatus(model.module(m)).Health).find((h) => h && h !== 'OK') ?? 'OK';
      return {
        Id: 'Enclosure',
        Name: 'ft server enclosure',
        ChassisType: 'RackMount',
        Manufacturer: p.system.manufacturer,
        Model: p.system.model,
        PowerState: model.powerState === 'On' ? 'On' : 'Off',
        Status: { State: 'Enabled', Health: 'OK', HealthRollup: rollup },
        Sensors: ref(`${ENCLOSURE}/Sensors`),
        Links: { Contains: MODULES.map((m) => ref(moduleUri(m))), ComputerSystems: [ref(SYSTEM)], ManagedBy: [ref(MANAGER)] },
      };
    },
  });
  for (const m of MODULES) mountModule(m);

  function mountModule(m: ModuleIndex): void {
    const uri = moduleUri(m);
    const devices = p.io.pcieDevices.filter((d) => d.module === m);
    svc.resource(uri, {
      type: '#Chassis.v1_25_0.Chassis',
      get: () => {
        const v = model.module(m);
        const st = moduleStatus(v);
        const conditions: JsonObject[] = [];
        if (v.keptOut) {
          conditions.push({
            MessageId: 'ResourceEvent.1.4.ResourceErrorThresholdExceeded',
            Message: v.permanentFault
              ? `A permanent fault kept the module out; replace ${v.faultyComponent ?? 'the module'}.`
              : `The module error count exceeded its threshold; replace ${v.faultyComponent ?? 'the module'} or clear the error history.`,
            Severity: 'Critical',
            OriginOfCondition: ref(uri),
            ...(v.keptOutAt !== null ? { Timestamp: iso(v.keptOutAt) } : {}),
          });
        }
        const counter = (s: SubsystemKind) => ({
          Count: v.counters[s].count,
          WindowSeconds: v.counters[s].windowSeconds,
          Threshold: v.counters[s].threshold,
          LastErrorTime: iso(v.counters[s].lastErrorAt),
        });
        return {
          Id: `Module${m}`,
          Name: `CPU/IO module ${m}`,
          ChassisType: 'Module',
          Manufacturer: p.system.manufacturer,
          PartNumber: 'FTLAB-CPUIO-2S',
          SerialNumber: `FTLAB-M${m}`,
          Location: { PartLocation: { LocationType: 'Slot', LocationOrdinalValue: m, ServiceLabel: `CPU/IO module ${m}` } },
          HotPluggable: true,
          Replaceable: true,
          LocationIndicatorActive: v.ledOn,
          PowerState: v.present && v.powered && model.powerState === 'On' ? 'On' : 'Off',
          Status: { ...st, ...(conditions.length ? { Conditions: conditions } : {}) },
          PCIeDevices: ref(`${uri}/PCIeDevices`),
          Sensors: ref(`${uri}/Sensors`),
          Links: {
            ContainedBy: ref(ENCLOSURE),
            Processors: processorIds.filter((x) => x.m === m).map((x) => ref(processorUri(x.id))),
            ManagedBy: [ref(MANAGER)],
          },
          Oem: {
            FtLab: {
              '@odata.type': '#FtLabChassis.v1_0_0.FtModule',
              OpState: v.opState,
              SyncPhase: v.syncPhase,
              Subsystems: { Cpu: { State: v.subsystems.Cpu }, Io: { State: v.subsystems.Io } },
              ErrorCounters: { Cpu: counter('Cpu'), Io: counter('Io') },
              FaultPolicy: v.policy,
              KeptOut: v.keptOut,
              LastIsolationReason: v.lastIsolationReason,
              FaultyComponent: v.faultyComponent,
            },
          },
        };
      },
      patch: {
        writable: {
          LocationIndicatorActive: { type: 'boolean' },
          Oem: {
            type: 'object',
            properties: {
              FtLab: {
                type: 'object',
                properties: {
                  FaultPolicy: { type: 'string', enum: FAULT_POLICIES },
                  ErrorCounters: {
                    type: 'object',
                    properties: Object.fromEntries(
                      SUBSYSTEMS.map((s) => [
                        s,
                        {
                          type: 'object' as const,
                          properties: { WindowSeconds: { type: 'number' as const, min: 1 }, Threshold: { type: 'integer' as const, min: 0 } },
                        },
                      ]),
                    ),
                  },
                },
              },
            },
          },
        },
        apply: (changes) => {
          if (typeof changes.LocationIndicatorActive === 'boolean') model.setLed(m, changes.LocationIndicatorActive);
          const ft = ((changes.Oem as JsonObject | undefined)?.FtLab ?? {}) as JsonObject;
          if (typeof ft.FaultPolicy === 'string') model.setFaultPolicy(m, ft.FaultPolicy as FaultPolicy);
          const counters = (ft.ErrorCounters ?? {}) as Record<string, { WindowSeconds?: number; Threshold?: number }>;
          for (const s of SUBSYSTEMS) {
            const c = counters[s];
            if (c) model.setErrorLimits(m, s, { threshold: c.Threshold, windowSeconds: c.WindowSeconds });
          }
        },
      },
    });
    svc.action(uri, '#Chassis.Reset', {
      parameters: { ResetType: { type: 'string', allowable: MODULE_RESET_TYPES, required: true } },
      handler: (params) => {
        let resync: number | null;
        try {
          resync = model.resetModule(m, params.ResetType as ModuleResetType);
        } catch (e) {
          rejection(e);
        }
        const task = resync === null ? undefined : publisher.task(resync);
        return task ? { status: 202, task } : undefined;
      },
    });
    svc.action(uri, '#FtLabChassis.ClearErrorHistory', {
      oem: true,
      parameters: { Subsystem: { type: 'string', allowable: SUBSYSTEMS } },
      handler: (params) => {
        try {
          model.clearErrorHistory(m, (params.Subsystem as SubsystemKind | undefined) ?? null);
        } catch (e) {
          rejection(e);
        }
        return undefined;
      },
    });
    svc.collection(`${uri}/PCIeDevices`, {
      type: '#PCIeDeviceCollection.PCIeDeviceCollection',
      name: `Module ${m} PCIe devices`,
      members: () => devices.map((d) => pcieUri(m, d.id)),
    });
    for (const spec of devices) {
      svc.resource(pcieUri(m, spec.id), {
        type: '#PCIeDevice.v1_14_0.PCIeDevice',
        get: () => {
          const d = model.device(spec.id) as DeviceView;
          return {
            Id: spec.id,
            Name: spec.name,
            DeviceType: 'SingleFunction',
            Status: deviceStatus(d),
            Slot: { HotPluggable: true, SlotType: 'FullLength', Location: { PartLocation: { LocationType: 'Slot', ServiceLabel: `Module ${m} ${spec.id}` } } },
            Links: { Chassis: [ref(uri)] },
            Oem: {
              FtLab: {
                '@odata.type': '#FtLabPCIeDevice.v1_0_0.FtDevice',
                SurpriseRemovalSupported: spec.surpriseRemovalSupported,
                DeviceClass: spec.kind,
                SurpriseRemoved: d.removed,
                TeamState: d.teamState,
              },
            },
          };
        },
      });
    }
  }

  // ------------------------------------------------------------------ manager and logs
  svc.resource(MANAGER, {
    type: '#Manager.v1_19_0.Manager',
    get: () => ({
      Id: 'bmc',
      Name: 'ft server BMC',
      ManagerType: 'BMC',
      DateTime: formatTimestamp(model.now()),
      DateTimeLocalOffset: '+00:00',
      FirmwareVersion: 'ftlab-1.0',
      PowerState: 'On',
      Status: { State: 'Enabled', Health: 'OK' },
      LogServices: ref(`${MANAGER}/LogServices`),
      Links: { ManagerForServers: [ref(SYSTEM)], ManagerForChassis: [ref(ENCLOSURE), ref(moduleUri(0)), ref(moduleUri(1))] },
    }),
  });
  const eventLog = svc.logs.add(SYSTEM_EVENT_LOG, { entryType: 'Event', name: 'System Event Log', maxRecords: 2000 });
  const sel = svc.logs.add(SYSTEM_SEL, { entryType: 'SEL', name: 'System Event Log (IPMI SEL view)', maxRecords: 1000 });
  const managerLog = svc.logs.add(MANAGER_LOG, { entryType: 'Event', name: 'BMC log and audit trail', maxRecords: 1000, captureEvents: false });
  return { eventLog, sel, managerLog };
}
