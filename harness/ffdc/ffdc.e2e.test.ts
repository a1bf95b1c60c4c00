/**
 * First-failure data from a real run: the ft emulator with an announced defect (a transient error
 * keeps the module out), `ftlab run` of the scenario that catches it through an inventory file.
 * The bundle holds the README, the testcase's history, the device's state, BMC logs and console tail; the JUnit
 * failure text and index.html point to it; the BMC password appears nowhere in it.
 */
import test from 'ava';
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { FTLAB_BIN } from '../lab/emulator-process.ts';

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = path.join(dir, n);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

test('a failing testcase leaves a complete bundle, linked from the reports, without the BMC password', async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'ftlab-ffdc-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const password = `ffdc-pw-${process.pid}-Zq81`;
  writeFileSync(path.join(dir, 'pw'), `${password}\n`, { mode: 0o600 });
  const emu = spawn(process.execPath, [FTLAB_BIN, 'emulate', 'ft', '--port', '0', '--time-scale', '20', '--password-file', path.join(dir, 'pw'), '--defect', 'transient-kept-out'], { stdio: ['ignore', 'pipe', 'ignore'] });
  t.teardown(() => void emu.kill('SIGTERM'));
  const first = await new Promise<string>((resolve) => createInterface({ input: emu.stdout }).once('line', resolve));
  const { redfish, console } = JSON.parse(first) as { redfish: string; console: { host: string; tcp: number } };
  writeFileSync(path.join(dir, 'lab.yaml'), `devices:\n  ft0:\n    kind: ft\n    redfish: { url: "${redfish}", user: admin, passwordFile: pw }\n    console: { tcp: "${console.host}:${console.tcp}" }\n`);
  const out = path.join(dir, 'out');
  const code = await new Promise<number>((resolve) => {
    execFile(process.execPath, [FTLAB_BIN, 'run', 'ft-transient-below-threshold', '--lab', path.join(dir, 'lab.yaml'), '--out', out], { timeout: 240_000 }, (err) => resolve(err ? Number(err.code) : 0));
  });
  t.is(code, 1);
  const bundle = path.join(out, 'ffdc', 'ft-transient-below-threshold-i0@ft0');
  t.true(existsSync(bundle), `no bundle in ${readdirSync(path.join(out, 'ffdc')).join(', ')}`);
  const readme = readFileSync(path.join(bundle, 'README.md'), 'utf8');
  t.regex(readme, /^# First-failure data: ft-transient-below-threshold \(iteration 0, on ft0\)/);
  t.regex(readme, /Outcome: \*\*failed\*\*/);
  t.regex(readme, /before its faults were undone/);
  for (const f of ['history.jsonl', 'ft0/ft-state.json', 'ft0/system-health.json', 'ft0/power.json', 'ft0/log-event.json', 'ft0/console.log']) t.true(existsSync(path.join(bundle, f)), f);
  t.regex(readme, /`ft0\/`: .*the last lines its console printed since the testcase began \(`console\.log`\)/);
  // The console tail comes from the capture: the kernel's own line of the isolation, stamped.
  t.regex(readFileSync(path.join(bundle, 'ft0/console.log'), 'utf8'), /^\S+Z \[\s*\d+\.\d{6}\] ftsrv: module [01] Cpu subsystem isolated \(transient error\)/m);
  t.regex(readFileSync(path.join(out, 'consoles', 'ft0.log'), 'utf8'), /subsystem isolated \(transient error\)/);
  const state = JSON.parse(readFileSync(path.join(bundle, 'ft0/ft-state.json'), 'utf8')) as { modules: Array<{ index: number; opState: string }> };
  t.is(state.modules.length, 2, 'the ft state as the BMC reported it at the failure');
  t.true(readFileSync(path.join(bundle, 'history.jsonl'), 'utf8').split('\n').some((l) => l.includes('"type":"fault"')));
  for (const f of filesUnder(path.join(out, 'ffdc'))) t.false(readFileSync(f, 'utf8').includes(password), `${f} holds the BMC password`);
  t.regex(readFileSync(path.join(out, 'junit.xml'), 'utf8'), /first-failure data: ffdc\/ft-transient-below-threshold-i0@ft0\//);
  t.regex(readFileSync(path.join(out, 'index.html'), 'utf8'), /href="ffdc\/ft-transient-below-threshold-i0%40ft0\/README\.md"/);
});
