/**
 * Defect profiles: `--defect NAME` makes the emulated server misbehave on purpose, so a test
 * suite can prove it notices. Each defect changes one behaviour of the model.
 */
import { ConfigError } from '../../lib/errors.ts';

export const DEFECTS = {
  'blackout-overrun': 'the resync blackout lasts 10x what the model computes',
  'resync-never-converges': 'brownout passes never shrink the dirty set: the resync never reaches blackout',
  'transient-kept-out': 'a transient error at or below the threshold keeps the module out instead of re-integrating it',
  'no-error-hiding': 'a PCIe fatal error on a device that supports surprise removal crashes the system (FT-06 broken)',
  'isolation-outage': 'isolating a CPU subsystem stalls the workload for 2 s (SUT)',
  'silent-isolation': 'isolation emits no event (no ModuleIsolated, no StatusChanged) although the state changes',
  'slow-io-failover': 'NIC and storage failover take 10x the profile time',
  // One pair (at least) per FT requirement; the requirement each one breaks leads its text.
  'io-isolation-outage': 'FT-01: isolating an IO subsystem stalls the workload for 2 s (SUT)',
  'pull-outage': 'FT-02: pulling a module stalls the workload for 2 s (SUT) while the hot-plug is handled',
  'insert-outage': 'FT-02: inserting a module stalls the workload for 2 s (SUT) before its resync starts',
  'failover-new-address': 'FT-03: after a NIC failover the workload answers from the standby NIC\'s own address, not the team address',
  'resync-new-address': 'FT-03: after a resync blackout the workload answers from a second address',
  'transient-full-blackout': 'FT-04: a transient re-integration copies the whole memory in blackout (tens of seconds of downtime per transient error)',
  'pcie-removal-stall': 'FT-04: cutting off a surprise-removed device freezes the workload for 3 s (SUT)',
  'stale-active-path': 'FT-05: the BMC keeps reporting the boot-time storage path as active after a path failover',
  'storage-no-failover': 'FT-05: the storage multipath set does not switch when its active path fails (IO to the disks stops)',
  'pcie-no-failover': 'FT-06: a surprise-removed device stays the active member of its team: no failover, its traffic is lost',
  'primary-cpu-fault-crash': 'FT-07: a CPU fault on module 0 (the module that booted first) brings the system down; module 1 faults are handled',
  'simplex-wrong-module': 'FT-07: in simplex the BMC reports module 0 as the active module, whichever module survived',
  'hypervisor-brownout': 'FT-09: hypervisor mode resyncs with brownout passes although the hypervisor\'s memory cannot be copied live',
  'hypervisor-memory-half': 'FT-09: the BMC reports half the memory size (one module\'s DIMMs counted once per socket pair)',
  'cpu-fault-takes-io': 'FT-10: a transient CPU error also takes the module\'s IO subsystem out for diagnostics (its NIC and path fail over)',
  'threshold-off-by-one': 'FT-11: a count equal to the threshold keeps the module out (count >= threshold instead of >)',
  'window-never-forgets': 'FT-11: errors never leave the counting window (the count only grows)',
  'clear-history-ignored': 'FT-11: ClearErrorHistory is accepted but the error counters keep their count',
  'wrong-faulty-component': 'FT-12: the faulty component named is the other module\'s CPU',
  'no-fault-led': 'FT-12: a permanent fault keeps the module out without lighting its LED',
  'insert-no-resync': 'FT-13: an inserted module waits for a manual reset instead of resynchronising automatically',
  'replacement-keeps-history': 'FT-13: a replacement module inherits the pulled module\'s error counters',
  // Caught only by continuous observation and cross-source consistency (issue 10 items 1-2):
  'event-clock-skew': 'FT-08: the BMC stamps events with a clock running 10 % slow: event-derived durations come out short',
  'blackout-underreported': 'FT-08: the BMC reports the blackout over (events, pause figure) 300 ms (SUT) before the workload answers again',
  'power-blip-during-resync': 'FT-02: PowerState reads Off for 5 s (SUT) during the second brownout pass, then On again',
  'kept-out-lapses': 'FT-11: a module kept out after transient errors re-integrates by itself 5 s (SUT) later',
  'resync-dirty-misreported': 'FT-08: BrownoutPassCompleted reports half the dirty memory the pass left (the figures do not add up)',
} as const;

export type DefectName = keyof typeof DEFECTS;
export const DEFECT_NAMES = Object.keys(DEFECTS) as DefectName[];

export function isDefectName(s: string): s is DefectName {
  return Object.hasOwn(DEFECTS, s);
}

/** Validate `--defect` values (where = option name for the message). */
export function parseDefects(names: readonly string[], where = '--defect'): DefectName[] {
  const out: DefectName[] = [];
  for (const n of names) {
    if (!isDefectName(n)) throw new ConfigError(where, `unknown defect "${n}"; expected one of: ${DEFECT_NAMES.join(', ')}`);
    if (!out.includes(n)) out.push(n);
  }
  return out;
}

/** One line per defect, for `--list-defects`. */
export function describeDefects(): string {
  const w = Math.max(...DEFECT_NAMES.map((n) => n.length));
  return DEFECT_NAMES.map((n) => `${n.padEnd(w)}  ${DEFECTS[n]}`).join('\n');
}
