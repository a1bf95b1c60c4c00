/**
 * A fleet BMC's OEM fault-injection service (tests and the lab only):
 * `/redfish/v1/Oem/ClusterLab/FaultInjection` with the actions InjectFault {Fault}, Repair {Fault},
 * StartDump and StopAnswering {DurationSeconds?} (stop-answering.ts), acting on this server (and its partition's OS for faults that stop it).
 */
import type { RedfishService } from '../../redfish/index.ts';
import type { ClusterModel } from '../model/cluster.ts';
import { HARDWARE_FAULTS } from '../model/events.ts';
import { modelRequest, ref } from './common.ts';
import { mountStopAnswering } from './stop-answering.ts';

export const FAULT_INJECTION = '/redfish/v1/Oem/ClusterLab/FaultInjection';

export function mountFaultInjection(svc: RedfishService, model: ClusterModel, id: string): void {
  const server = model.server(id);
  svc.resource(FAULT_INJECTION, {
    type: '#ClusterLabFaultInjection.v1_0_0.ClusterLabFaultInjection',
    get: () => ({ Id: 'FaultInjection', Name: `Fault injection for ${id}`, ActiveFaults: [...server.faults], System: ref(`/redfish/v1/Systems/${id}`) }),
  });
  const fault = { Fault: { type: 'string' as const, allowable: HARDWARE_FAULTS, required: true } };
  const named = (v: unknown) => HARDWARE_FAULTS.find((f) => f === v);
  svc.action(FAULT_INJECTION, '#ClusterLabFaultInjection.InjectFault', {
    parameters: fault,
    handler: async (p) => {
      const f = named(p.Fault);
      if (f) await modelRequest(() => model.injectFault(id, f));
      return undefined;
    },
  });
  svc.action(FAULT_INJECTION, '#ClusterLabFaultInjection.Repair', {
    parameters: fault,
    handler: async (p) => {
      const f = named(p.Fault);
      if (f) await modelRequest(() => model.repair(id, f));
      return undefined;
    },
  });
  mountStopAnswering(svc, model, id, FAULT_INJECTION);
  svc.action(FAULT_INJECTION, '#ClusterLabFaultInjection.StartDump', {
    parameters: {},
    handler: async () => {
      await modelRequest(() => model.systemOf(id).startDump());
      return undefined;
    },
  });
}
