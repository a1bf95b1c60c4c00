/**
 * ClusterLabFaultInjection over a fleet BMC's `/redfish/v1/Oem/ClusterLab/FaultInjection`: the
 * fault types come from the action's AllowableValues, so a fault the service does not know is
 * refused here with the list instead of a 400 from the BMC; a request the BMC refuses (a dump
 * with no OS to write it) is a ChangeRefusedError with its reason.
 */
import type { ClusterLabFaultInjection } from '../../../capabilities/cluster-fault-injection.ts';
import { ConfigError } from '../../../../lib/errors.ts';
import { findAction } from '../../actions.ts';
import { stringList } from '../../json.ts';
import { type Device, sig, write } from './support.ts';

export const CLUSTER_FAULT_INJECTION = '/redfish/v1/Oem/ClusterLab/FaultInjection';
const PREFIX = '#ClusterLabFaultInjection';

export class RedfishClusterFaultInjection implements ClusterLabFaultInjection {
  readonly kind = 'ClusterLabFaultInjection' as const;
  constructor(private readonly d: Device) {}

  async faults(signal?: AbortSignal): Promise<{ active: string[]; accepted: string[] }> {
    const body = await this.d.client.getJson(CLUSTER_FAULT_INJECTION, sig(signal));
    const inject = findAction(body, CLUSTER_FAULT_INJECTION, `${PREFIX}.InjectFault`);
    return { active: stringList(body.ActiveFaults), accepted: (inject.allowable.Fault ?? []).map(String) };
  }

  injectFault(fault: string, signal?: AbortSignal): Promise<void> {
    return this.faultAction('InjectFault', fault, signal);
  }

  repair(fault: string, signal?: AbortSignal): Promise<void> {
    return this.faultAction('Repair', fault, signal);
  }

  startDump(signal?: AbortSignal): Promise<void> {
    return this.post('StartDump', {}, signal);
  }

  stopAnswering(seconds?: number, signal?: AbortSignal): Promise<void> {
    return this.post('StopAnswering', seconds === undefined ? {} : { DurationSeconds: seconds }, signal);
  }

  private async faultAction(name: string, fault: string, signal?: AbortSignal): Promise<void> {
    const { accepted } = await this.faults(signal);
    if (accepted.length && !accepted.includes(fault)) throw new ConfigError(`${this.d.name}: fault "${fault}"`, `expected one of: ${accepted.join(', ')}`);
    await this.post(name, { Fault: fault }, signal);
  }

  private async post(name: string, params: Record<string, unknown>, signal?: AbortSignal): Promise<void> {
    const body = await this.d.client.getJson(CLUSTER_FAULT_INJECTION, sig(signal));
    const action = findAction(body, CLUSTER_FAULT_INJECTION, `${PREFIX}.${name}`);
    await write(this.d, CLUSTER_FAULT_INJECTION, null, () => this.d.client.postAction(CLUSTER_FAULT_INJECTION, action.action, params, sig(signal)));
  }
}
