/**
 * The one place reports read record fields whose shape changes with history v2: a sample's
 * state, a scenario reference's binding and a scenario-begin's device/roles. History v2 turns
 * `{ type: 'sample', device, system }` into `{ ..., capability: 'FtState', state }`,
 * `ScenarioRef.device` into `ScenarioRef.binding` (a label such as `ft0` or
 * `active=s1 standby=s2`), and `scenario-begin.device` into `roles: Record<string, string[]>`;
 * switching reports over is a change of these few functions.
 */
import type { SampleRecord, ScenarioBegin, ScenarioRef } from '../lib/history/records.ts';

/** The ft system snapshot of a sample (v2: `capability === 'FtState'` → `state`). */
export type FtState = SampleRecord['system'];

/** The ft state a sample carries, or undefined when the sample is of another capability. */
export function ftStateOf(sample: SampleRecord): FtState | undefined {
  return sample.system;
}

/** The binding label a scenario reference names (v2: `ref.binding`), if any. */
export function bindingOf(ref: ScenarioRef): string | undefined {
  return ref.device;
}

/** The binding label of a testcase as its scenario-begin states it (v2: derived from `roles`). */
export function beginBindingOf(begin: ScenarioBegin): string {
  return begin.device;
}

/** The devices bound per role (v2: `begin.roles`; v1 knows one device, under the role "device"). */
export function rolesOf(begin: ScenarioBegin): Record<string, string[]> {
  return { device: [begin.device] };
}
