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
  // Caught only by continuous observation and cross-source consistency (issue 10 items 1-2):
  'event-clock-skew': 'the BMC stamps events with a clock running 10 % slow: event-derived durations come out short',
  'blackout-underreported': 'the BMC reports the blackout over (events, pause figure) 300 ms (SUT) before the workload answers again',
  'power-blip-during-resync': 'PowerState reads Off for 5 s (SUT) during the second brownout pass, then On again',
  'kept-out-lapses': 'a module kept out after transient errors re-integrates by itself 5 s (SUT) later',
  'resync-dirty-misreported': 'BrownoutPassCompleted reports half the dirty memory the pass left (the figures do not add up)',
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
