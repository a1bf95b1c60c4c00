/**
 * The FtLab OEM fault-injection service (contract): /redfish/v1/Oem/FtLab/FaultInjection with
 * actions InjectError, PullModule, InsertModule, PCIeFatalError, SetLink, each advertised with
 * its target and allowable values. Bad parameters → 400 naming the parameter and the allowed
 * values; requests the model refuses in its state → 409 with the reason. Every accepted request
 * is written to the BMC's audit log. Also serves the ground truth at /redfish/v1/Oem/FtLab/Truth.
 */
import type { JsonObject, LogHandle, RedfishService } from '../redfish/index.ts';
import { RedfishError, baseId } from '../redfish/index.ts';
import type { FtModel } from './model.ts';
import { member, rejection } from './projection.ts';
import { ftlabId } from './registry.ts';
import { SUBSYSTEMS, type ErrorKind, type ModuleIndex } from './types.ts';
import { FAULT_INJECTION, TRUTH } from './uris.ts';
import type { WorkloadStats } from './workload.ts';

const MODULE_VALUES = ['0', '1'] as const;
const ERROR_KINDS: readonly ErrorKind[] = ['Transient', 'Permanent'];
export const MAX_INJECT_COUNT = 1000;

/** Module accepts 0/1 as a number or a string; anything else → ActionParameterValueNotInList. */
function moduleParam(v: unknown, action: string): ModuleIndex {
  if (v === 0 || v === '0') return 0;
  if (v === 1 || v === '1') return 1;
  throw new RedfishError(400, [
    {
      MessageId: baseId('ActionParameterValueNotInList'),
      MessageArgs: [JSON.stringify(v) ?? String(v), 'Module', action],
      Resolution: `Choose one of the allowable values for Module: ${MODULE_VALUES.join(', ')}.`,
    },
  ]);
}

function countParam(v: unknown, action: string): number {
  if (v === undefined) return 1;
  if (typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= MAX_INJECT_COUNT) return v;
  throw new RedfishError(400, [
    {
      MessageId: baseId(typeof v === 'number' ? 'ActionParameterValueOutOfRange' : 'ActionParameterValueTypeError'),
      MessageArgs: [JSON.stringify(v) ?? String(v), 'Count', action],
      Resolution: `Count must be an integer from 1 to ${MAX_INJECT_COUNT} (number of errors injected at once).`,
    },
  ]);
}

export interface FaultInjectionOptions {
  svc: RedfishService;
  model: FtModel;
  audit: LogHandle;
  /** Workload counters added to the truth document (answered / queued / dropped datagrams). */
  workloadStats?: () => WorkloadStats;
}

export function mountFaultInjection({ svc, model, audit, workloadStats }: FaultInjectionOptions): void {
  const devices = model.devicesList();
  const interfaces = model.linkInterfaces();
  svc.resource(FAULT_INJECTION, {
    type: '#FtLabFaultInjection.v1_0_0.FtLabFaultInjection',
    get: () => ({
      Id: 'FaultInjection',
      Name: 'FtLab fault injection',
      Description: 'Makes the emulated ft server experience hardware faults (OEM, emulator only).',
      PCIeDevices: model.devicesList().map((d) => ({
        Id: d.id,
        Module: d.module,
        DeviceClass: d.kind,
        SurpriseRemovalSupported: d.surpriseRemovalSupported,
        Present: d.present,
        SurpriseRemoved: d.removed,
      })),
      Interfaces: interfaces.map((i) => ({ Id: i, Kind: model.teamOf(i)?.kind ?? null, LinkUp: model.device(i)?.linkUp ?? false })),
      Defects: [...model.defects],
    }),
  });

  const run = (name: string, params: JsonObject, fn: () => void): undefined => {
    try {
      fn();
    } catch (e) {
      rejection(e);
    }
    audit.append({ MessageId: ftlabId('FaultInjected'), MessageArgs: [name, JSON.stringify(params)], Severity: 'OK' });
    return undefined;
  };
  const moduleSpec = { type: 'json', required: true, allowable: MODULE_VALUES } as const;

  svc.action(FAULT_INJECTION, '#FtLabFaultInjection.InjectError', {
    parameters: {
      Module: moduleSpec,
      Subsystem: { type: 'string', allowable: ['Cpu', 'Io'], required: true },
      Kind: { type: 'string', allowable: ERROR_KINDS, required: true },
      Count: { type: 'integer', min: 1, max: MAX_INJECT_COUNT },
    },
    handler: (p) => {
      const module = moduleParam(p.Module, 'InjectError');
      const count = countParam(p.Count, 'InjectError');
      return run('InjectError', p, () => model.injectError(module, member(SUBSYSTEMS, p.Subsystem, 'Subsystem'), member(ERROR_KINDS, p.Kind, 'Kind'), count));
    },
  });
  svc.action(FAULT_INJECTION, '#FtLabFaultInjection.PullModule', {
    parameters: { Module: moduleSpec },
    handler: (p) => {
      const module = moduleParam(p.Module, 'PullModule');
      return run('PullModule', p, () => model.pullModule(module));
    },
  });
  svc.action(FAULT_INJECTION, '#FtLabFaultInjection.InsertModule', {
    parameters: { Module: moduleSpec },
    handler: (p) => {
      const module = moduleParam(p.Module, 'InsertModule');
      return run('InsertModule', p, () => model.insertModule(module));
    },
  });
  svc.action(FAULT_INJECTION, '#FtLabFaultInjection.PCIeFatalError', {
    parameters: { Device: { type: 'string', allowable: devices.map((d) => d.id), required: true } },
    handler: (p) => run('PCIeFatalError', p, () => model.pcieFatalError(String(p.Device))),
  });
  svc.action(FAULT_INJECTION, '#FtLabFaultInjection.SetLink', {
    parameters: {
      Interface: { type: 'string', allowable: interfaces, required: true },
      LinkUp: { type: 'boolean', required: true },
    },
    handler: (p) => run('SetLink', p, () => model.setLink(String(p.Interface), p.LinkUp === true)),
  });

  svc.resource(TRUTH, {
    type: '#FtLabTruth.v1_0_0.FtLabTruth',
    get: () => ({
      Id: 'Truth',
      Name: 'Ground truth of the ft model (SUT epoch ms)',
      ...model.truthDocument(),
      ...(workloadStats ? { Workload: { ...workloadStats() } } : {}),
    }),
  });
}
