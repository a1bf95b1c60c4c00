/**
 * `ftScenario`: the one-role shorthand for the ft suite. Every ft scenario runs on one device of
 * kind "ft" (role "ft"), belongs to the nightly and ft suites unless it says otherwise, and gets
 * the scenario and role contexts as one object.
 */
import type { CapabilityName } from '../../../drivers/capabilities/index.ts';
import { defineScenario, type RoleSpec, type ScenarioDef, type SoloContext } from '../../../harness/scenario.ts';
import { soloContext } from '../../../harness/solo-context.ts';

/** The role every ft scenario declares. */
export const FT_ROLE = 'ft';

export interface FtScenarioDef<N extends CapabilityName> extends Omit<ScenarioDef, 'roles' | 'run' | 'suites'> {
  /** Default ["nightly", "ft"]. */
  suites?: string[];
  /** Capabilities of the ft device the scenario needs. */
  needs: readonly N[];
  run(ctx: SoloContext<N>): Promise<void>;
}

export function ftScenario<N extends CapabilityName>(def: FtScenarioDef<N>): ScenarioDef<{ ft: RoleSpec<N> }> {
  const { needs, run, suites, ...rest } = def;
  return defineScenario({
    ...rest,
    suites: suites ?? ['nightly', 'ft'],
    roles: { [FT_ROLE]: { kind: 'ft', needs } } as { ft: RoleSpec<N> },
    run: (ctx) => run(soloContext<N>(ctx, FT_ROLE)),
  });
}
