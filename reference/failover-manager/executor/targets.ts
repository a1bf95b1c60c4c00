/** What the executor acts through: capabilities by the names the plan uses, and its deadlines. */
import type { LunMapping, PartitionControl, PowerControl, VlanControl, ZoneControl } from '../../../drivers/capabilities/index.ts';
import { FtlabError } from '../../../lib/errors.ts';

export interface ExecutorTargets {
  power(server: string): PowerControl;
  vlan(switchName: string): VlanControl;
  zones(fabric: string): ZoneControl;
  lun(array: string): LunMapping;
  partitions(manager: string): PartitionControl;
  /** Whether the server's BMC says a dump is being written (DumpStarted without DumpFinished). */
  dumping(server: string): boolean;
}

/** Lab-time deadlines (ms of the executor's clock). */
export interface ExecutorDeadlines {
  /** How long a graceful shutdown may take before ForceOff (time spent waiting for a dump not counted). */
  shutdownMs: number;
  /** The longest wait for a dump in progress. */
  dumpMs: number;
  /** How long a power state change may take after the BMC accepted it. */
  powerMs: number;
  /** Poll period of power states. */
  pollMs: number;
}

/** A step could not be carried out: which step, and why (the cause). */
export class StepFailedError extends FtlabError {
  constructor(
    readonly op: string,
    readonly target: string,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super(`${op} ${target}: ${reason}`, options);
  }
}

/** A name the plan uses that the lab file does not have. */
export function unknownTarget(what: string, name: string, known: Iterable<string>): StepFailedError {
  return new StepFailedError('resolve', name, `no ${what} "${name}" in the lab file (known: ${[...known].join(', ') || 'none'})`);
}
