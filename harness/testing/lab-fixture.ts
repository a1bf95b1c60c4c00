/**
 * Test fixture: a real ft emulator child process (bin/ftlab.js emulate ft) with a known password
 * in a 0600 file, and an inventory file pointing at it; everything removed in teardown.
 */
import type { ExecutionContext } from 'ava';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { silentLogger } from '../../lib/log.ts';
import { EmulatorProcess } from '../lab/emulator-process.ts';

export interface TestLab {
  dir: string;
  password: string;
  passwordFile: string;
  emulator: EmulatorProcess;
  /** Inventory YAML for this emulator (written to dir/lab.yaml). */
  labFile: string;
}

export async function startTestLab(t: ExecutionContext, opts: { password?: string; timeScale?: number; extraArgs?: string[] } = {}): Promise<TestLab> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ftlab-testlab-'));
  const password = opts.password ?? `pw-${Math.random().toString(36).slice(2)}-Zq7`;
  const passwordFile = path.join(dir, 'bmc.pw');
  writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 });
  const emulator = await EmulatorProcess.start(
    'ft0',
    'ft',
    ['--port', '0', '--time-scale', String(opts.timeScale ?? 10), '--password-file', passwordFile, ...(opts.extraArgs ?? [])],
    { readyWithinMs: 60_000, log: silentLogger },
  );
  t.teardown(async () => {
    await emulator.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  const labFile = path.join(dir, 'lab.yaml');
  const a = emulator.announcement;
  const console = a.console ? `    console: { tcp: "${a.console.host}:${a.console.tcp}" }\n` : '';
  writeFileSync(labFile, `devices:\n  ft0:\n    kind: ft\n    redfish: { url: "${a.redfish}", user: admin, passwordFile: bmc.pw }\n${console}`);
  return { dir, password, passwordFile, emulator, labFile };
}
