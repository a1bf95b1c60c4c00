/**
 * The fault-injection service of a fleet server's BMC in ftlab's cluster lab (OEM
 * `ClusterLab.FaultInjection`), or of vendor firmware that offers the same operations: a hardware
 * fault the BMC then reports (with its type) as a real one would, its repair, a dump in progress,
 * and the BMC itself going silent. Each call returns once accepted.
 */
export interface ClusterLabFaultInjection {
  readonly kind: 'ClusterLabFaultInjection';
  /** The faults active now and every fault type the service accepts. */
  faults(signal?: AbortSignal): Promise<{ active: string[]; accepted: string[] }>;
  injectFault(fault: string, signal?: AbortSignal): Promise<void>;
  repair(fault: string, signal?: AbortSignal): Promise<void>;
  /** The server starts writing a dump (its OS is busy until it has). */
  startDump(signal?: AbortSignal): Promise<void>;
  /** The BMC stops answering (Redfish and IPMI), for `seconds` of lab time or until repaired. */
  stopAnswering(seconds?: number, signal?: AbortSignal): Promise<void>;
}
