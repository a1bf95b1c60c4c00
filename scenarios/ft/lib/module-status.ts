/**
 * Each module's Redfish status against its own operational state in the same reading (FT-07,
 * FT-11, FT-12), judged as readings.ts says: a module in service or being resynchronised is
 * powered (PowerState On) while the system is on, and an absent or disabled module, or any module
 * of a system that is off, is not; a module in lockstep with every subsystem Online is healthy
 * (Health OK) and states no Condition, one with a subsystem out of service is degraded (not OK);
 * a kept-out module still in its slot is not healthy and states why (a Condition; pulled, it is
 * Absent with no Health). States the BMC does not report (no PowerState, no subsystems) are not
 * judged. A module is always hot-pluggable and replaceable (FT-02: pulled, repaired and
 * re-inserted while the system runs), and none of its subsystems is Online while the system is
 * Off, or the module absent, or disabled in a running system (while the OS shuts down,
 * PoweringOff, its CPU still runs).
 */
import type { InvariantDef } from '../../../harness/scenario.ts';
import type { FtSystemSnapshot, ModuleState } from '../../../lib/domains/ft/state.ts';
import { judgeEveryReading } from './readings.ts';

const RUNNING = new Set<string>(['Duplex', 'Simplex', 'Diagnostics', 'Brownout', 'Blackout']);

function expectedPower(m: ModuleState, systemPower: string): string | null {
  if (systemPower === 'On' && RUNNING.has(m.opState)) return 'On';
  if (systemPower !== 'On' || m.opState === 'Absent' || m.opState === 'Disabled') return 'Off';
  return null;
}

function problemOf(m: ModuleState, systemPower: string): string | null {
  if (m.hotPluggable === false || m.replaceable === false) return `HotPluggable ${String(m.hotPluggable)}, Replaceable ${String(m.replaceable)} (a module is pulled and replaced while the system runs, FT-02)`;
  const power = m.powerState === undefined || m.powerState === null ? null : expectedPower(m, systemPower);
  if (power !== null && m.powerState !== power) return `PowerState ${m.powerState} (expected ${power} with the system ${systemPower})`;
  const subsystems = Object.values(m.subsystems ?? {});
  const online = Object.entries(m.subsystems ?? {}).find(([, state]) => state === 'Online');
  const runsNothing = systemPower === 'Off' || m.opState === 'Absent' || (m.opState === 'Disabled' && systemPower === 'On');
  if (online && runsNothing) return `subsystem ${online[0]} Online with the system ${systemPower} (a module that runs nothing has nothing in service)`;
  const inLockstep = m.opState === 'Duplex' || m.opState === 'Simplex';
  if (inLockstep && subsystems.length > 0 && subsystems.every((x) => x === 'Online')) {
    if (m.health !== 'OK') return `Health ${m.health ?? 'not reported'} in lockstep with every subsystem Online (expected OK)`;
    if (m.conditions?.length) return `Conditions ${m.conditions.join(', ')} in lockstep with every subsystem Online (expected none)`;
  }
  const out = Object.entries(m.subsystems ?? {}).find(([, state]) => state !== 'Online');
  if (inLockstep && out && m.health === 'OK') return `Health OK in lockstep with subsystem ${out[0]} ${out[1]} (expected Warning: the module is degraded)`;
  if (m.keptOut && m.opState !== 'Absent') {
    if (m.health === 'OK' || m.health === null) return `Health ${m.health ?? 'not reported'} while kept out (expected Warning or Critical)`;
    if (m.conditions !== undefined && m.conditions.length === 0) return 'no Condition while kept out (expected one saying why)';
  }
  return null;
}

/** What is wrong with the modules' status in one reading; null when every module agrees with its state. */
export function moduleStatusProblem(s: FtSystemSnapshot): string | null {
  for (const m of s.modules) {
    const p = problemOf(m, s.powerState);
    if (p !== null) return `module ${m.index} (${m.opState}${m.keptOut ? ', kept out' : ''}): ${p}`;
  }
  return null;
}

export const moduleStatusAgrees: InvariantDef = {
  name: "each module's power, health and conditions agree with its state in every reading",
  requirements: ['FT-02', 'FT-07', 'FT-11', 'FT-12'],
  required: false,
  evaluate: (records) => judgeEveryReading(records, { judged: (s) => s.modules.length > 0, problemOf: moduleStatusProblem, none: 'no reading of the modules' }),
};
