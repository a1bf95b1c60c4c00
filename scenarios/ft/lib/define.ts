/**
 * `ftScenario`: the one-role shorthand for the ft suite. Every ft scenario runs on one device of
 * kind "ft" (role "ft"), belongs to the nightly and ft suites unless it says otherwise, and gets
 * the scenario and role contexts as one object. Every one is observed continuously (FT_OBSERVE:
 * the device state every 100 ms and on every event, through the undos and a settle period, then
 * the restore verified, a device left changed recovered) and judged by the invariants every ft scenario owes (FT_INVARIANTS).
 * Checks the host's starvation could explain are inconclusive (verdict-footing.ts): the testcase
 * then ends as an infra-error, unless it found a SUT failure of its own.
 */
import type { CapabilityName } from '../../../drivers/capabilities/index.ts';
import { defineScenario, type InvariantDef, type ObserveSpec, type RoleSpec, type ScenarioDef, type SoloContext } from '../../../harness/scenario.ts';
import { soloContext } from '../../../harness/solo-context.ts';
import { systemWentDown } from '../../../lib/domains/ft/messages.ts';
import { keptOutStaysOut } from './invariants.ts';
import { enclosureAgrees } from './enclosure-status.ts';
import { moduleStatusAgrees } from './module-status.ts';
import { reportedPhaseAgrees } from './reported-phase.ts';
import { ftRecover } from './recover.ts';
import { ftRestoreDifferences } from './restore.ts';
import { countingFailures, settleDeferred, throwIfInconclusive, verdictFooting } from './verdict-footing.ts';

/** The role every ft scenario declares. */
export const FT_ROLE = 'ft';

/**
 * The observation every ft scenario gets: a reading every 100 harness ms (1 s SUT at the
 * embedded lab's time scale 10) and on every event; 2 s SUT of settling after the undos.
 */
export const FT_OBSERVE: ObserveSpec = { periodMs: 100, settleMs: 2_000, restored: ftRestoreDifferences, recover: ftRecover };

/** Invariants judged for every ft scenario, beside those it declares. */
export const FT_INVARIANTS: readonly InvariantDef[] = [keptOutStaysOut, reportedPhaseAgrees, moduleStatusAgrees, enclosureAgrees];

export interface FtScenarioDef<N extends CapabilityName> extends Omit<ScenarioDef, 'roles' | 'run' | 'suites'> {
  /** Default ["nightly", "ft"]. */
  suites?: string[];
  /** Capabilities of the ft device the scenario needs. */
  needs: readonly N[];
  /** Capabilities it uses when the device offers them (optionalCap). */
  uses?: readonly CapabilityName[];
  /**
   * The scenario makes the system go down on purpose (a crash it injects). Otherwise every
   * wait for an event fails at once, as a SUT failure, when the system goes down during it.
   */
  systemGoesDown?: boolean;
  run(ctx: SoloContext<N>): Promise<void>;
}

export function ftScenario<N extends CapabilityName>(def: FtScenarioDef<N>): ScenarioDef<{ ft: RoleSpec<N> }> {
  const { needs, uses, run, suites, invariants, systemGoesDown, ...rest } = def;
  return defineScenario({
    ...rest,
    observe: def.observe ?? FT_OBSERVE,
    invariants: [...(invariants ?? []), ...FT_INVARIANTS.filter((i) => !invariants?.includes(i))],
    suites: suites ?? ['nightly', 'ft'],
    roles: { [FT_ROLE]: { kind: 'ft', needs, ...(uses ? { uses } : {}) } } as { ft: RoleSpec<N> },
    run: async (ctx) => {
      const solo = countingFailures(soloContext<N>(ctx, FT_ROLE));
      await ctx.use(verdictFooting);
      try {
        await run(systemGoesDown ? solo : failingWhenSystemGoesDown(solo));
      } finally {
        settleDeferred(solo);
      }
      throwIfInconclusive(solo);
    },
  });
}

/** `ctx` whose event waits fail at once when the system goes down (systemWentDown) while they wait. */
function failingWhenSystemGoesDown<N extends CapabilityName>(ctx: SoloContext<N>): SoloContext<N> {
  const wait = ctx.waitForEvent.bind(ctx);
  const waitForEvent: SoloContext<N>['waitForEvent'] = (phase, deadlineMs, pred, opts = {}) =>
    wait(phase, deadlineMs, pred, { failOn: { pred: systemWentDown, what: `the system went down during "${phase}"` }, ...opts });
  return Object.assign(Object.create(ctx) as SoloContext<N>, { waitForEvent });
}
