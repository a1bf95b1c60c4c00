/**
 * `ftlab run` as a user runs it: a spawned process against a real emulator (child process),
 * interrupted with SIGINT or SIGHUP in the middle of a scenario; a BMC frozen or an emulator killed mid-scenario.
 */
import test, { type ExecutionContext } from 'ava';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { redfishCapabilities } from '../../drivers/redfish/capabilities/index.ts';
import { RedfishClient } from '../../drivers/redfish/client.ts';
import { parseHistory } from '../../lib/history/read.ts';
import type { FaultRecord, HistoryRecord } from '../../lib/history/records.ts';
import { FTLAB_BIN } from '../../harness/lab/emulator-process.ts';
import { startTestLab } from '../../harness/testing/lab-fixture.ts';

const SCENARIOS = `
export const hold = {
  id: 'test-hold-pulled',
  title: 'pull module 1 and hold until interrupted',
  requirements: ['FT-02'],
  tags: ['test'],
  suites: ['nightly'],
  roles: { ft: { kind: 'ft', needs: ['FtLabFaultInjection', 'FtState'] } },
  timeoutMs: 6_000_000,
  async run(ctx) {
    const ft = ctx.role('ft');
    const fi = ft.caps.FtLabFaultInjection;
    await ft.fault('pull module 1', { module: 1 }, () => fi.pullModule(1), () => fi.insertModule(1));
    await ft.waitForState('FtState', 'hold until interrupted', 6_000_000, () => false);
  },
};
export const never = {
  id: 'test-never-started',
  title: 'planned after the interrupted one',
  requirements: ['FT-01'],
  tags: ['test'],
  suites: ['nightly'],
  roles: { ft: { kind: 'ft', needs: ['FtState'] } },
  timeoutMs: 10_000,
  async run() {},
};
`;

interface Exit {
  code: number | null;
  stdout: string;
  stderr: string;
}

function spawnFtlab(args: string[], cwd: string): { child: ChildProcess; exited: Promise<Exit> } {
  const child = spawn(process.execPath, [FTLAB_BIN, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<Exit>((resolve) => child.once('exit', (code) => resolve({ code, stdout, stderr })));
  return { child, exited };
}

/** The history so far: read while the run is writing it, so a line still being written is left out. */
function readHistory(file: string): HistoryRecord[] {
  if (!existsSync(file)) return [];
  return parseHistory(readFileSync(file, 'utf8'), file).records;
}

async function waitFor<T>(what: string, budgetMs: number, probe: () => T | undefined): Promise<T> {
  const end = Date.now() + budgetMs;
  for (;;) {
    const v = probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function deadline<T>(what: string, ms: number, p: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([p, new Promise<never>((_, rej) => (timer = setTimeout(() => rej(new Error(`${what}: no result within ${ms} ms`)), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

test('SIGINT mid-scenario: faults undone on the emulator, history and reports marked aborted, exit 130; no password anywhere', async (t) => {
  const lab = await startTestLab(t);
  // The history is written as the run goes: the injected fault shows up while the scenario still runs.
  const { run, out, historyFile } = await runUntilInjected(t, lab.dir, writeScenarios(lab.dir), ['--lab', lab.labFile, '--log-level', 'debug']);
  const client = new RedfishClient({ baseUrl: lab.emulator.announcement.redfish, auth: { mode: 'session', username: 'admin', password: lab.password } });
  t.teardown(() => client.close());
  const state = redfishCapabilities(client).FtState!;
  t.is((await state.snapshot()).modules.find((m) => m.index === 1)?.opState, 'Absent', 'the fault is really applied on the emulator');

  run.child.kill('SIGINT');
  const exit = await deadline('ftlab run after SIGINT', 60_000, run.exited);
  t.is(exit.code, 130, exit.stderr);

  const records = readHistory(historyFile);
  const faults = records.filter((r): r is FaultRecord => r.type === 'fault').map((r) => `${r.action}:${r.ok}`);
  t.deepEqual(faults, ['register:true', 'inject:true', 'undo:true']);
  t.like(records.find((r) => r.type === 'scenario-end'), { outcome: 'aborted', scenario: { id: 'test-hold-pulled' } });
  t.falsy(records.find((r) => r.type === 'scenario-begin' && r.scenario.id === 'test-never-started'), 'no scenario starts after the interrupt');
  t.like(records.at(-1), { type: 'run-end', outcome: 'aborted', exitCode: 130 });
  t.not((await state.snapshot()).modules.find((m) => m.index === 1)?.opState, 'Absent', 'module 1 was put back');

  for (const f of ['index.html', 'junit.xml', 'results.json', 'compliance.md', 'history.jsonl']) t.true(existsSync(path.join(out, f)), f);
  t.like(JSON.parse(readFileSync(path.join(out, 'results.json'), 'utf8')), { outcome: 'aborted', aborted: true });

  // `ftlab report DIR` renders the same aborted report from the history alone.
  const again = spawnFtlab(['report', out, '--quiet'], lab.dir);
  const rep = await deadline('ftlab report', 60_000, again.exited);
  t.is(rep.code, 0, rep.stderr);
  t.like(JSON.parse(readFileSync(path.join(out, 'results.json'), 'utf8')), { outcome: 'aborted' });

  // Secrets: the password never reaches the log file, the history or the reports.
  t.true(readFileSync(path.join(out, 'ftlab.log'), 'utf8').length > 0);
  // Every file, those in folders (consoles/, ffdc/) too.
  for (const f of readdirSync(out, { recursive: true, encoding: 'utf8' })) {
    const file = path.join(out, f);
    if (statSync(file).isFile()) t.false(readFileSync(file, 'utf8').includes(lab.password), `password found in ${f}`);
  }
  t.false(exit.stderr.includes(lab.password) || exit.stdout.includes(lab.password), 'password on the console');
});

test('credentials refused by the BMC: the scenario is an infra-error and the run exits 3', async (t) => {
  const lab = await startTestLab(t);
  const wrong = path.join(lab.dir, 'wrong.pw');
  writeFileSync(wrong, 'not-the-password\n', { mode: 0o600 });
  const labFile = path.join(lab.dir, 'wrong.yaml');
  writeFileSync(labFile, `devices:\n  ft0:\n    kind: ft\n    redfish: { url: "${lab.emulator.announcement.redfish}", user: admin, passwordFile: wrong.pw }\n`);
  const scenarios = path.join(lab.dir, 'scenarios');
  mkdirSync(scenarios);
  writeFileSync(path.join(scenarios, 'hold.ts'), SCENARIOS);
  writeFileSync(path.join(scenarios, 'package.json'), '{"type":"module"}\n');
  const run = spawnFtlab(['run', 'test-never-started', '--lab', labFile, '--scenarios', scenarios, '--out', path.join(lab.dir, 'out')], lab.dir);
  t.teardown(() => run.child.kill('SIGKILL'));
  const exit = await deadline('ftlab run', 90_000, run.exited);
  t.is(exit.code, 3, exit.stderr);
  const end = readHistory(path.join(lab.dir, 'out', 'history.jsonl')).find((r) => r.type === 'scenario-end');
  t.like(end, { outcome: 'infra-error' });
  t.regex(exit.stdout, /test-never-started\s+ft0\s+infra-error/);
});

test('configuration errors exit 2 before anything starts, naming file, line, path and expectation', async (t) => {
  const lab = await startTestLab(t);
  const bad = path.join(lab.dir, 'bad.yaml');
  writeFileSync(bad, 'devices:\n  ft0:\n    kind: ft\n    redfish: { url: x, user: admin, password: "${env:NOPE}" }\n');
  const out = path.join(lab.dir, 'out-bad');
  const r1 = await deadline('ftlab run', 60_000, spawnFtlab(['run', '--lab', bad, '--out', out], lab.dir).exited);
  t.is(r1.code, 2);
  t.regex(r1.stderr, /bad\.yaml:4: devices\.ft0\.redfish\.url: expected an http\(s\) URL/);
  t.false(existsSync(out), 'nothing was written');
  const r2 = await deadline('ftlab run', 60_000, spawnFtlab(['run', 'no-such-scenario', '--lab', lab.labFile, '--out', out], lab.dir).exited);
  t.is(r2.code, 2);
  t.regex(r2.stderr, /scenario "no-such-scenario": no scenario has this id (\(closest ids: [^)]*\) )?\(see "ftlab list"\)/);
  const r3 = await deadline('ftlab run', 60_000, spawnFtlab(['run', '--lab', lab.labFile, '--time-scale', '5'], lab.dir).exited);
  t.is(r3.code, 2);
  t.regex(r3.stderr, /--time-scale applies to the embedded lab only/);
  const r4 = await deadline('ftlab run', 60_000, spawnFtlab(['run', '--lab', lab.labFile, '--any-bench'], lab.dir).exited);
  t.is(r4.code, 2);
  t.regex(r4.stderr, /--any-bench applies with --pool only/);
});

// The tests below run one at a time (before the others): each starts emulators and an `ftlab run`,
// and all of them at once starve tsx start-up on a shared machine.

/** The scenario files in a fresh folder of the lab's directory. */
function writeScenarios(dir: string, source = SCENARIOS): string {
  const scenarios = path.join(dir, 'scenarios');
  mkdirSync(scenarios, { recursive: true });
  writeFileSync(path.join(scenarios, 'hold.ts'), source);
  writeFileSync(path.join(scenarios, 'package.json'), '{"type":"module"}\n');
  return scenarios;
}

/** Start `ftlab run ARGS --scenarios DIR --out DIR/out` and wait until its fault is injected (the history is written as the run goes). */
async function runUntilInjected(
  t: ExecutionContext,
  dir: string,
  scenarios: string,
  args: string[],
  budgetMs = 90_000,
): Promise<{ run: ReturnType<typeof spawnFtlab>; out: string; historyFile: string }> {
  const out = path.join(dir, 'out');
  const run = spawnFtlab(['run', ...args, '--scenarios', scenarios, '--out', out], dir);
  t.teardown(() => run.child.kill('SIGKILL'));
  const historyFile = path.join(out, 'history.jsonl');
  await waitFor('the fault injection in history.jsonl', budgetMs, () =>
    readHistory(historyFile).find((r): r is FaultRecord => r.type === 'fault' && r.action === 'inject' && r.ok),
  );
  return { run, out, historyFile };
}

test.serial('SIGHUP (terminal closed) mid-scenario: like SIGTERM, faults undone, reports written and marked aborted', async (t) => {
  const lab = await startTestLab(t);
  const { run, out, historyFile } = await runUntilInjected(t, lab.dir, writeScenarios(lab.dir), ['--lab', lab.labFile]);

  run.child.kill('SIGHUP');
  const exit = await deadline('ftlab run after SIGHUP', 60_000, run.exited);
  t.is(exit.code, 130, exit.stderr);
  const records = readHistory(historyFile);
  t.deepEqual(records.filter((r): r is FaultRecord => r.type === 'fault').map((r) => `${r.action}:${r.ok}`), ['register:true', 'inject:true', 'undo:true']);
  t.like(records.find((r) => r.type === 'scenario-end'), { outcome: 'aborted', reason: 'run aborted (SIGHUP)', scenario: { id: 'test-hold-pulled' } });
  t.like(records.at(-1), { type: 'run-end', outcome: 'aborted', exitCode: 130, reason: 'run aborted (SIGHUP)' });
  for (const f of ['index.html', 'junit.xml', 'results.json', 'compliance.md']) t.true(existsSync(path.join(out, f)), f);
  t.like(JSON.parse(readFileSync(path.join(out, 'results.json'), 'utf8')), { outcome: 'aborted', aborted: true });
  const client = new RedfishClient({ baseUrl: lab.emulator.announcement.redfish, auth: { mode: 'session', username: 'admin', password: lab.password } });
  t.teardown(() => client.close());
  t.not((await redfishCapabilities(client).FtState!.snapshot()).modules.find((m) => m.index === 1)?.opState, 'Absent', 'module 1 was put back');
});

const WAIT_SCENARIO = `
export const wait = {
  id: 'test-wait-duplex',
  title: 'wait for a state that does not come',
  requirements: ['FT-01'],
  tags: ['test'],
  suites: ['nightly'],
  roles: { ft: { kind: 'ft', needs: ['FtState'] } },
  timeoutMs: 6_000_000,
  async run(ctx) {
    const ft = ctx.role('ft');
    await ft.waitForState('FtState', 'module 0 leaves duplex', 30_000, (s) => s.modules.some((m) => m.opState !== 'Duplex'));
  },
};
`;

test.serial('a BMC frozen (SIGSTOP) while the scenario waits: infra-error naming device, endpoint and when it stopped answering, exit 3', async (t) => {
  const lab = await startTestLab(t);
  const scenarios = writeScenarios(lab.dir, WAIT_SCENARIO);
  const out = path.join(lab.dir, 'out');
  const pid = lab.emulator.pid as number;
  const run = spawnFtlab(['run', '--lab', lab.labFile, '--scenarios', scenarios, '--out', out], lab.dir);
  t.teardown(() => {
    run.child.kill('SIGKILL');
    process.kill(pid, 'SIGCONT');
  });
  const historyFile = path.join(out, 'history.jsonl');
  // Freeze the emulator once the wait has seen the state at least once.
  await waitFor('a state sample within the wait', 90_000, () => {
    const rs = readHistory(historyFile);
    const begin = rs.findIndex((r) => r.type === 'phase-begin' && r.phase === 'module 0 leaves duplex');
    return begin >= 0 && rs.slice(begin).some((r) => r.type === 'sample') ? true : undefined;
  });
  process.kill(pid, 'SIGSTOP');
  const exit = await deadline('ftlab run with a frozen BMC', 90_000, run.exited);
  process.kill(pid, 'SIGCONT');
  t.is(exit.code, 3, exit.stderr);
  const end = readHistory(historyFile).find((r) => r.type === 'scenario-end');
  t.like(end, { outcome: 'infra-error' });
  const reason = end?.type === 'scenario-end' ? (end.reason ?? '') : '';
  t.true(reason.startsWith(`device ft0 (endpoint ${lab.emulator.announcement.redfish}`), reason);
  t.regex(reason, /stopped answering at t=\d+\.\d{3} s \(its last answer\)/);
  t.regex(exit.stdout, /test-wait-duplex\s+ft0\s+infra-error/);
});

test.serial('the embedded emulator killed mid-scenario: the testcase is an infra-error naming the process, exit 3', async (t) => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ftlab-run-test-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const { run, historyFile } = await runUntilInjected(t, dir, writeScenarios(dir), ['test-hold-pulled'], 120_000);
  // The embedded lab host is the run's child process (its own process group).
  const hostPid = await waitFor('the lab host child process', 30_000, () => {
    const r = spawnSync('ps', ['-o', 'pid=,args=', '--ppid', String(run.child.pid)], { encoding: 'utf8' });
    const hosts = r.stdout.split('\n').filter((l) => l.includes(' emulate lab ')).map((l) => Number(l.trim().split(/\s+/)[0]));
    return hosts.length === 1 ? hosts[0] : undefined;
  });
  process.kill(hostPid, 'SIGKILL');
  const exit = await deadline('ftlab run after its emulator died', 90_000, run.exited);
  t.is(exit.code, 3, exit.stderr);
  const end = readHistory(historyFile).find((r) => r.type === 'scenario-end');
  t.like(end, { outcome: 'infra-error', scenario: { id: 'test-hold-pulled' } });
  t.regex(end?.type === 'scenario-end' ? (end.reason ?? '') : '', new RegExp(`emulator process exited during the run \\(pid ${hostPid}, killed by SIGKILL\\): devices ft0 \\(`));
});

const UNDO_FAILS = `
export const hold = {
  id: 'test-undo-fails',
  title: 'pull module 1, hold until interrupted; putting it back fails',
  requirements: ['FT-02'],
  tags: ['test'],
  suites: ['nightly'],
  roles: { ft: { kind: 'ft', needs: ['FtLabFaultInjection', 'FtState'] } },
  timeoutMs: 6_000_000,
  async run(ctx) {
    const ft = ctx.role('ft');
    const fi = ft.caps.FtLabFaultInjection;
    await ft.fault('pull module 1', { module: 1 }, () => fi.pullModule(1), async () => { throw new Error('module 1 did not seat'); });
    await ft.waitForState('FtState', 'hold until interrupted', 6_000_000, () => false);
  },
};
`;

test.serial('SIGINT, then an undo that fails: the summary, the results and the exit code (3) say so', async (t) => {
  const lab = await startTestLab(t);
  const { run, out, historyFile } = await runUntilInjected(t, lab.dir, writeScenarios(lab.dir, UNDO_FAILS), ['--lab', lab.labFile]);
  run.child.kill('SIGINT');
  const exit = await deadline('ftlab run after SIGINT', 60_000, run.exited);
  t.is(exit.code, 3, exit.stderr);
  const records = readHistory(historyFile);
  t.like(records.find((r) => r.type === 'scenario-end'), { outcome: 'infra-error', reason: 'aborted, and could not undo fault "pull module 1" on ft0: module 1 did not seat' });
  const end = records.at(-1);
  t.like(end, { type: 'run-end', outcome: 'infra-error', exitCode: 3 });
  t.regex(end?.type === 'run-end' ? (end.reason ?? '') : '', /^run aborted \(SIGINT\), and a fault could not be undone/);
  t.regex(exit.stdout, /INFRA-ERROR: 1 testcase\(s\):.* 1 infra-error,/);
  t.regex(exit.stdout, /test-undo-fails\s+ft0\s+infra-error/);
  t.like(JSON.parse(readFileSync(path.join(out, 'results.json'), 'utf8')), { outcome: 'infra-error', exitCode: 3, counts: { 'infra-error': 1, aborted: 0 } });
});
