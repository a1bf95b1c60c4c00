/** A Module chassis (CPU/IO module m): state, kept-out condition, LED, OEM counters; its patch, actions and PCIe devices. */
import type { JsonObject } from '../../redfish/index.ts';
import type { FtModel, ModuleView } from '../model.ts';
import type { ModuleIndex } from '../types.ts';
import { ENCLOSURE, MANAGER, moduleUri, processorUri } from '../uris.ts';
import { iso, moduleStatus, ref, type ProjectionContext } from './common.ts';
import { mountModuleActions } from './module-actions.ts';
import { MODULE_PATCH, applyModulePatch } from './module-patch.ts';
import { moduleOem } from './oem.ts';
import { mountPcieDevices } from './pcie.ts';
import { processorRefs, type ProcessorRef } from './processors-memory.ts';

function keptOutConditions(v: ModuleView, uri: string): JsonObject[] {
  if (!v.keptOut) return [];
  return [
    {
      MessageId: 'ResourceEvent.1.4.ResourceErrorThresholdExceeded',
      Message: v.permanentFault
        ? `A permanent fault kept the module out; replace ${v.faultyComponent ?? 'the module'}.`
        : `The module error count exceeded its threshold; replace ${v.faultyComponent ?? 'the module'} or clear the error history.`,
      Severity: 'Critical',
      OriginOfCondition: ref(uri),
      ...(v.keptOutAt !== null ? { Timestamp: iso(v.keptOutAt) } : {}),
    },
  ];
}

function moduleResource(model: FtModel, m: ModuleIndex, processors: readonly ProcessorRef[]) {
  const uri = moduleUri(m);
  const v = model.module(m);
  const st = moduleStatus(v);
  const conditions = keptOutConditions(v, uri);
  return {
    Id: `Module${m}`,
    Name: `CPU/IO module ${m}`,
    ChassisType: 'Module',
    Manufacturer: model.profile.system.manufacturer,
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
      Processors: processors.filter((x) => x.m === m).map((x) => ref(processorUri(x.id))),
      ManagedBy: [ref(MANAGER)],
    },
    Oem: moduleOem(v),
  };
}

export function mountModule(ctx: ProjectionContext, m: ModuleIndex): void {
  const { svc, model } = ctx;
  const processors = processorRefs(ctx);
  svc.resource(moduleUri(m), {
    type: '#Chassis.v1_25_0.Chassis',
    get: () => moduleResource(model, m, processors),
    patch: { writable: MODULE_PATCH, apply: (changes) => applyModulePatch(model, m, changes) },
  });
  mountModuleActions(ctx, m);
  mountPcieDevices(ctx, m);
}
