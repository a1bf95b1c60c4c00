/** The System ft0: status rolled up from the modules, summaries, redundancy, AssetTag, Reset. */
import { BOOT_ENABLED, BOOT_MODES, BOOT_TARGETS, type BootOverride } from '../boot-override.ts';
import type { FtModel } from '../model.ts';
import { MODULES, SYSTEM_RESET_TYPES } from '../types.ts';
import { ENCLOSURE, MANAGER, SYSTEM, moduleUri } from '../uris.ts';
import { iso, member, moduleStatus, ref, rejection, type ProjectionContext, type Status } from './common.ts';
import { systemOem } from './oem.ts';
import { reportedActiveModules, reportedMemoryGiB } from '../reported.ts';
import { lockstepRedundancy } from './redundancy.ts';

export function systemStatus(model: FtModel): Status {
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
}

function systemResource(model: FtModel, assetTag: string, boot: BootOverride) {
  const p = model.profile;
  const cpusPerModule = p.system.processorsPerModule;
  const threads = p.system.coresPerProcessor * p.system.threadsPerCore;
  const active = reportedActiveModules(model);
  return {
    Id: 'ft0',
    Name: 'Fault-tolerant server',
    SystemType: 'Physical',
    Manufacturer: p.system.manufacturer,
    Model: p.system.model,
    AssetTag: assetTag,
    PowerState: model.powerState,
    Status: systemStatus(model),
    ProcessorSummary: {
      Count: cpusPerModule * 2,
      CoreCount: p.system.coresPerProcessor * cpusPerModule,
      LogicalProcessorCount: threads * cpusPerModule,
      Model: p.system.processorModel,
    },
    MemorySummary: { TotalSystemMemoryGiB: reportedMemoryGiB(model), MemoryMirroring: 'System' },
    Redundancy: [lockstepRedundancy(active)],
    Boot: { ...boot.redfish(), 'BootSourceOverrideTarget@Redfish.AllowableValues': [...BOOT_TARGETS] },
    Processors: ref(`${SYSTEM}/Processors`),
    Memory: ref(`${SYSTEM}/Memory`),
    EthernetInterfaces: ref(`${SYSTEM}/EthernetInterfaces`),
    Storage: ref(`${SYSTEM}/Storage`),
    LogServices: ref(`${SYSTEM}/LogServices`),
    Links: { Chassis: [ref(ENCLOSURE)], ManagedBy: [ref(MANAGER)] },
    Oem: systemOem(model, active),
  };
}

const BOOT_PATCH = {
  type: 'object',
  properties: {
    BootSourceOverrideEnabled: { type: 'string', enum: BOOT_ENABLED },
    BootSourceOverrideTarget: { type: 'string', enum: BOOT_TARGETS },
    BootSourceOverrideMode: { type: 'string', enum: BOOT_MODES },
  },
} as const;

export function mountSystem({ svc, model, boot }: ProjectionContext): void {
  let assetTag = '';
  svc.resource(SYSTEM, {
    type: '#ComputerSystem.v1_22_0.ComputerSystem',
    get: () => systemResource(model, assetTag, boot),
    patch: {
      writable: { AssetTag: { type: 'string', nullable: true, maxLength: 64 }, Boot: BOOT_PATCH },
      apply: (changes) => {
        if ('AssetTag' in changes) assetTag = typeof changes.AssetTag === 'string' ? changes.AssetTag : '';
        // validated against BOOT_PATCH before apply is called (all or nothing)
        if (changes.Boot && typeof changes.Boot === 'object') boot.patchRedfish(changes.Boot as Parameters<BootOverride['patchRedfish']>[0]);
      },
    },
  });
  svc.action(SYSTEM, '#ComputerSystem.Reset', {
    parameters: { ResetType: { type: 'string', allowable: SYSTEM_RESET_TYPES, required: true } },
    handler: (params) => {
      try {
        model.resetSystem(member(SYSTEM_RESET_TYPES, params.ResetType, 'ResetType'));
      } catch (e) {
        rejection(e);
      }
      return undefined;
    },
  });
}
