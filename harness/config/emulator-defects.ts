/**
 * `--defect NAME` is checked before anything starts: a failover manager defect against the
 * contract's names (MANAGER_DEFECT_NAMES), any other against the ft emulator's own list: the harness
 * may not import simulators/ (layers.test.ts), so it asks `ftlab emulate ft --list-defects` in a
 * child process, the same way it starts the lab. If that listing cannot be had, the check is left
 * to the lab host, which refuses an unknown defect when the lab starts.
 */
import { execFileSync } from 'node:child_process';
import { ConfigError } from '../../lib/errors.ts';
import { FTLAB_BIN } from '../lab/emulator-process.ts';
import { splitManagerDefects } from '../lab/manager-process.ts';
import { MANAGER_DEFECT_NAMES } from '../../lib/domains/failover/manager.ts';

/** The defect names the ft emulator knows (first word of each `--list-defects` line), or null if it could not say. */
export function emulatorDefectNames(): string[] | null {
  let out: string;
  try {
    out = execFileSync(process.execPath, [FTLAB_BIN, 'emulate', 'ft', '--list-defects'], { encoding: 'utf8', timeout: 60_000, stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return null;
  }
  const names = out
    .split('\n')
    .map((l) => /^([a-z0-9][a-z0-9-]*)\s/i.exec(l)?.[1])
    .filter((n): n is string => n !== undefined);
  return names.length ? names : null;
}

/** ConfigError naming the first unknown defect and the known ones; nothing when every name is known (or the list is unavailable). */
export function checkDefectNames(defects: readonly string[], option = '--defect', known: () => string[] | null = emulatorDefectNames): void {
  const ft = splitManagerDefects(defects).others;
  if (ft.length === 0) return;
  const names = known();
  if (!names) return;
  const unknown = ft.find((d) => !names.includes(d));
  if (unknown !== undefined) {
    throw new ConfigError(
      `${option} ${unknown}`,
      `expected a defect profile of the embedded lab: of the ft emulator, one of ${names.join(', ')} (see "ftlab emulate ft --list-defects"); or of the failover manager, one of ${MANAGER_DEFECT_NAMES.join(', ')}`,
    );
  }
}
