/**
 * The BMC's own word on the system (Oem FtState, SyncPhase) against what the same reading says of
 * its modules: Down exactly when the system is not on; Syncing with the phase of the module being
 * resynchronised (Brownout, Blackout, or Diagnostics at the start of a resync); otherwise Duplex
 * with two modules in lockstep, Simplex with fewer, and phase None (judged as readings.ts says).
 */
import type { InvariantDef } from '../../../harness/scenario.ts';
import type { FtSystemSnapshot } from '../../../lib/domains/ft/state.ts';
import { judgeEveryReading } from './readings.ts';

const COPYING = new Set(['Brownout', 'Blackout']);

/** What is wrong with the reported FtState/SyncPhase of one reading; null when it agrees or is not reported. */
export function reportedPhaseProblem(s: FtSystemSnapshot): string | null {
  const { ftState, syncPhase } = s;
  if (ftState === undefined || ftState === null) return null;
  const said = `FtState ${ftState}, SyncPhase ${syncPhase ?? 'not reported'}`;
  if (s.powerState !== 'On') return ftState === 'Down' ? null : `${said} while the system is ${s.powerState}`;
  // A module in Diagnostics is at the start of a resync only when the BMC says so (SyncPhase); else it is being diagnosed after an isolation.
  const resyncing = s.modules.find((m) => COPYING.has(m.opState)) ?? (syncPhase === 'Diagnostics' ? s.modules.find((m) => m.opState === 'Diagnostics') : undefined);
  if (resyncing) return ftState === 'Syncing' && syncPhase === resyncing.opState ? null : `${said} while module ${resyncing.index} is in resync phase ${resyncing.opState}`;
  if (ftState === 'Syncing') return `${said} while no module is being resynchronised`;
  const expected = s.activeModules.length === 2 ? 'Duplex' : 'Simplex';
  return ftState === expected && (syncPhase ?? 'None') === 'None' ? null : `${said} while ${s.activeModules.length} module(s) are in lockstep and none is being resynchronised (expected ${expected}, None)`;
}

export const reportedPhaseAgrees: InvariantDef = {
  name: "the BMC's FtState and SyncPhase agree with its modules in every reading",
  requirements: ['FT-07', 'FT-08'],
  required: false,
  evaluate: (records) =>
    judgeEveryReading(records, { judged: (s) => s.ftState !== undefined && s.ftState !== null, problemOf: reportedPhaseProblem, none: 'the BMC reports no FtState' }),
};
