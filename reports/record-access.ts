/**
 * The one place reports read the fields that name devices and carry domain state: a sample's
 * state (decoded by its domain module), a scenario reference's binding and a scenario-begin's
 * roles. Histories of version 1 are upgraded as they are read (lib/history/upgrade-v1.ts), so
 * these see the version 2 shape only.
 */
import { type FtSystemSnapshot, ftStateOf as decodeFtState } from '../lib/domains/ft/state.ts';
import { type SampleRecord, type ScenarioBegin, type ScenarioRef, testcaseOf } from '../lib/history/records.ts';

export type FtState = FtSystemSnapshot;

/** The ft state a sample carries, or undefined when the sample is of another capability. */
export function ftStateOf(sample: SampleRecord): FtState | undefined {
  return decodeFtState(sample) ?? undefined;
}

/** The binding label a scenario reference names, if any. */
export function bindingOf(ref: ScenarioRef): string | undefined {
  return ref.binding;
}

/** The binding label of a testcase: as its reference states it, or the device of its only role. */
export function beginBindingOf(begin: ScenarioBegin): string {
  return testcaseOf(begin).binding;
}

/** The devices bound per role. */
export function rolesOf(begin: ScenarioBegin): Record<string, string[]> {
  return begin.roles;
}
