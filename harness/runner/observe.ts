/**
 * The observation of a testcase (ScenarioDef.observe) around its run: the monitor starts before
 * run() (its first reading is the state the lab must be restored to) and, after the undos, goes on
 * for the settle period; then the restore is verified against that first reading. A lab that is
 * not back is an infra-error naming what differs; the spec's recovery then tries to bring it back,
 * and a device still changed blocks the testcases after it (left-changed.ts), so one SUT bug does
 * not turn into failures of the testcases after it.
 */
import type { Clock } from '../../lib/clock.ts';
import { waitFor } from '../../lib/deadline.ts';
import { errorMessage, InfraError } from '../../lib/errors.ts';
import type { Logger } from '../../lib/log.ts';
import type { ObserveSpec, StateReading } from '../scenario.ts';
import type { Verdict } from './judge.ts';
import type { LeftChangedDevices } from './left-changed.ts';
import { StateMonitor } from './monitor.ts';
import type { RunnerRoleContext } from './role-context.ts';

export interface ObservationDeps {
  clock: Clock;
  log: Logger;
  timeScale: number;
  /** Wall ms one reading may take. */
  readWithinMs: number;
  /** Devices earlier testcases left changed (shared by the run). */
  leftChanged: LeftChangedDevices;
  /** This testcase, as `left changed by` names it. */
  label: string;
}

export async function startObservation(spec: ObserveSpec, roles: readonly RunnerRoleContext[], d: ObservationDeps): Promise<StateMonitor> {
  const monitor = new StateMonitor({ clock: d.clock, log: d.log, periodMs: spec.periodMs, readWithinMs: d.readWithinMs });
  await monitor.start(roles);
  const restored = spec.restored;
  const blocked = restored ? roles.map((r) => d.leftChanged.blocked(r.device, monitor.before.get(r.device) ?? {}, restored)).find((b) => b !== null) : undefined;
  if (blocked) {
    await monitor.stop();
    throw new InfraError(blocked);
  }
  return monitor;
}

/** After the undos: observe for the settle period, verify the restore (within `restoreWithinMs` wall ms), stop. */
export async function finishObservation(
  monitor: StateMonitor,
  spec: ObserveSpec,
  roles: readonly RunnerRoleContext[],
  d: ObservationDeps & { restoreWithinMs: number },
): Promise<Verdict[]> {
  const verdicts: Verdict[] = [];
  try {
    await d.clock.sleep(spec.settleMs / d.timeScale);
    if (spec.restored) {
      const restored = spec.restored;
      const verify = (): Promise<Differing | null> => verifyRestored(monitor, roles, (before, after) => restored(before, after), { ...d, intervalMs: spec.periodMs });
      const differing = await verify();
      if (differing) {
        const recovery = spec.recover ? await recover(spec.recover, differing.devices, roles, monitor, d) : '';
        const still = spec.recover ? await verify() : differing;
        for (const device of still?.devices ?? []) d.leftChanged.mark(device, d.label, monitor.before.get(device) ?? {});
        verdicts.push({ outcome: 'infra-error', reason: `the lab was not restored to its state before the scenario: ${differing.text}${recovery}`, undoFailed: true });
      }
    }
  } finally {
    for (const s of await monitor.stop()) {
      d.log.info(`observed ${s.device}: ${s.readings} readings, every ${spec.periodMs} ms and on each event, settle ${spec.settleMs} ms SUT`, { component: 'observe', device: s.device });
    }
  }
  return verdicts;
}

interface Differing {
  text: string;
  devices: string[];
}

/** Run the recovery on each changed device; its account for the verdict's reason. */
async function recover(
  fn: NonNullable<ObserveSpec['recover']>,
  devices: readonly string[],
  roles: readonly RunnerRoleContext[],
  monitor: StateMonitor,
  d: ObservationDeps & { restoreWithinMs: number },
): Promise<string> {
  const parts: string[] = [];
  for (const role of roles.filter((r) => devices.includes(r.device))) {
    try {
      const did = await fn(role.recoveryTarget(), monitor.before.get(role.device) ?? {}, d.restoreWithinMs);
      parts.push(`${role.device}: ${did.length ? did.join(', ') : 'nothing to do'}`);
    } catch (e) {
      parts.push(`${role.device}: recovery failed: ${errorMessage(e)}`);
    }
  }
  d.log.warn(`recovery after a failed restore: ${parts.join('; ')}`, { component: 'observe' });
  return `; recovery: ${parts.join('; ')}`;
}

/** Null when every device is back to its first reading, else what still differs and on which devices. */
async function verifyRestored(
  monitor: StateMonitor,
  roles: readonly RunnerRoleContext[],
  differences: (before: StateReading, after: StateReading) => string[],
  d: ObservationDeps & { restoreWithinMs: number; intervalMs: number },
): Promise<Differing | null> {
  let last = '';
  let devices: string[] = [];
  const check = async (): Promise<true | undefined> => {
    const diffs: string[] = [];
    devices = [];
    for (const role of roles) {
      const before = monitor.before.get(role.device);
      if (!before) continue;
      const now = await role.readStates(d.readWithinMs);
      const ds = differences(before, now);
      if (ds.length > 0) {
        diffs.push(`${role.device}: ${ds.join('; ')}`);
        devices.push(role.device);
      }
    }
    last = diffs.join(' | ');
    return diffs.length === 0 ? true : undefined;
  };
  try {
    await waitFor('verify the lab is restored', d.restoreWithinMs, check, { clock: d.clock, intervalMs: d.intervalMs, describeLast: () => last });
    return null;
  } catch (e) {
    return { text: last || errorMessage(e), devices: devices.length > 0 ? devices : roles.map((r) => r.device) };
  }
}
