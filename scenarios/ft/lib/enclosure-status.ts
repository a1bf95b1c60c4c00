/**
 * The enclosure against what it holds, in every reading (redfish-model.md §1.4): the enclosure
 * holds this system's modules and nothing else, so its PowerState is the system's whenever that is
 * On or Off (a running system in a chassis that says Off, or a chassis that says On around a
 * system that is Off, is one of the two lying); and its HealthRollup is never better than the
 * Health of a module in it (a rollup that hides a module needing replacement hides it from every
 * console that shows the chassis). Readings without the enclosure, or without its PowerState /
 * HealthRollup, are not judged on that point.
 */
import type { InvariantDef } from '../../../harness/scenario.ts';
import type { FtSystemSnapshot } from '../../../lib/domains/ft/state.ts';
import { healthRank } from '../../../lib/domains/system.ts';
import { judgeEveryReading } from './readings.ts';


/** What is wrong with the enclosure in one reading; null when it agrees with the system and its modules. */
export function enclosureProblem(s: FtSystemSnapshot): string | null {
  const e = s.enclosure;
  if (!e) return null;
  const settled = s.powerState === 'On' || s.powerState === 'Off';
  if (settled && e.powerState !== null && e.powerState !== s.powerState) return `enclosure PowerState ${e.powerState} while the system is ${s.powerState}`;
  if (e.healthRollup === null) return null;
  const worse = s.modules.find((m) => healthRank(m.health) > healthRank(e.healthRollup));
  return worse ? `enclosure HealthRollup ${e.healthRollup} is better than module ${worse.index}'s Health ${worse.health ?? ''}` : null;
}

export const enclosureAgrees: InvariantDef = {
  name: "the enclosure's power and health roll-up agree with the system and its modules in every reading",
  requirements: ['FT-01', 'FT-12'],
  required: false,
  evaluate: (records) => judgeEveryReading(records, { judged: (s) => Boolean(s.enclosure), problemOf: enclosureProblem, none: 'no reading of the enclosure' }),
};
