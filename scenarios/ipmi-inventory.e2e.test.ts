/**
 * The FT scenarios run with the inventory set to IPMI for power and the SEL: one real ft emulator
 * (`ftlab emulate ft --ipmi-port 0`, a child process on 127.0.0.1), an inventory file with both
 * its Redfish and its IPMI endpoint, and `use: { PowerControl: ipmi, LogReader: ipmi }`; then the
 * scenarios that call PowerControl and LogReader, through the real CLI (`ftlab run --lab FILE`).
 * The history must show that those calls went over IPMI. The same run with both bound to Redfish
 * passes too. Nothing is mocked.
 */
import test, { type ExecutionContext } from 'ava';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { type TestLab, startTestLab } from '../harness/testing/lab-fixture.ts';
import { type FtlabRunResult, runFtlab } from '../harness/testing/ftlab-run.ts';
import { readHistory } from '../lib/history/read.ts';
import type { CallRecord, DeviceRecord } from '../lib/history/records.ts';
/** Upper bound for one `ftlab run` (wall ms); a hanging run is interrupted and the test fails. */
const RUN_DEADLINE_MS = 150_000;

/** The scenarios that call PowerControl (power on after the crash) and LogReader (fault in the log). */
const SCENARIOS = ['ft-pcie-fatal-unsupported', 'ft-kept-out-above-threshold', 'ft-replacement-flow'];

/** A fresh ft emulator with IPMI, its password (at most 20 bytes for IPMI 2.0) in a 0600 file, never in argv. */
function startEmulator(t: ExecutionContext): Promise<TestLab> {
  return startTestLab(t, { password: `ipmi-${Math.random().toString(36).slice(2, 10)}-Qz`, extraArgs: ['--ipmi-port', '0'] });
}

function writeInventory(lab: TestLab, binding: 'ipmi' | 'redfish'): string {
  const a = lab.emulator.announcement;
  if (!a.ipmi) throw new Error(`the emulator announced no IPMI endpoint: ${JSON.stringify(a)}`);
  const [host, port] = [a.ipmi.slice(0, a.ipmi.lastIndexOf(':')), a.ipmi.slice(a.ipmi.lastIndexOf(':') + 1)];
  const file = path.join(lab.dir, `lab-${binding}.yaml`);
  writeFileSync(
    file,
    `devices:
  ft0:
    kind: ft
    redfish: { url: "${a.redfish}", user: admin, passwordFile: bmc.pw }
    ipmi: { host: "${host}", port: ${port}, user: admin, passwordFile: bmc.pw, protocol: '2.0' }
    use: { PowerControl: ${binding}, LogReader: ${binding} }
${a.console ? `    console: { tcp: "${a.console.host}:${a.console.tcp}" }\n` : ''}`,
  );
  return file;
}

function ftlabRun(t: ExecutionContext, lab: TestLab, args: string[]): Promise<FtlabRunResult> {
  return runFtlab(t, args, { cwd: lab.dir, deadlineMs: RUN_DEADLINE_MS });
}

interface ScenarioResult {
  id: string;
  outcome: string;
  reason: string | null;
  checks: Array<{ name: string; ok: boolean | null; evaluated: boolean }>;
}

function readResults(out: string): { outcome: string; scenarios: ScenarioResult[] } {
  return JSON.parse(readFileSync(path.join(out, 'results.json'), 'utf8')) as { outcome: string; scenarios: ScenarioResult[] };
}

function describe(r: FtlabRunResult): string {
  const results = existsSync(path.join(r.out, 'results.json')) ? readResults(r.out) : undefined;
  const table = results?.scenarios.map((s) => `  ${s.id}: ${s.outcome}${s.reason ? ` (${s.reason})` : ''}`).join('\n') ?? '(no results.json)';
  return `exit ${r.code}\n${table}\n--- stderr (tail) ---\n${r.stderr.slice(-3000)}`;
}

async function runWithBinding(t: ExecutionContext, binding: 'ipmi' | 'redfish'): Promise<void> {
  t.timeout(RUN_DEADLINE_MS + 90_000);
  const lab = await startEmulator(t);
  const r = await ftlabRun(t, lab, ['--lab', writeInventory(lab, binding), ...SCENARIOS]);
  t.is(r.code, 0, describe(r));
  const results = readResults(r.out);
  t.is(results.outcome, 'passed', describe(r));
  t.deepEqual(results.scenarios.map((s) => `${s.id}: ${s.outcome}`).sort(), SCENARIOS.map((id) => `${id}: passed`).sort(), describe(r));
  // The log evidence is a required check that was evaluated and held.
  const logChecks = results.scenarios.flatMap((s) => s.checks.filter((c) => /system log/.test(c.name)).map((c) => `${s.id}: ${c.name}: ${String(c.ok)}`));
  t.true(logChecks.length >= 2, `log checks: ${logChecks.join('; ')}`);
  for (const c of logChecks) t.regex(c, /: true$/);

  const history = await readHistory(path.join(r.out, 'history.jsonl'));
  const device = history.find((x): x is DeviceRecord => x.type === 'device' && x.device === 'ft0');
  t.truthy(device, 'no device record for ft0');
  t.is(device?.protocols.PowerControl, binding);
  t.is(device?.protocols.LogReader, binding);
  t.is(device?.protocols.FtState, 'redfish', 'what IPMI cannot serve stays on Redfish');
  t.truthy(device?.endpoints.ipmi);

  const calls = history.filter((x): x is CallRecord => x.type === 'call');
  const of = (cap: string, method: string): CallRecord[] => calls.filter((c) => c.capability === cap && c.method === method);
  const powerOn = of('PowerControl', 'request').filter((c) => JSON.stringify(c.args) === '["On"]');
  t.true(powerOn.length >= 1, 'no PowerControl.request("On") call recorded');
  t.true(of('LogReader', 'logs').length >= 2, 'no LogReader.logs() calls recorded');
  t.true(of('LogReader', 'entries').length >= 4, 'too few LogReader.entries() calls recorded');
  for (const c of calls.filter((x) => x.capability === 'PowerControl' || x.capability === 'LogReader')) {
    t.is(c.protocol, binding, `${c.capability}.${c.method} served by ${c.protocol ?? '(unrecorded)'}`);
    t.true(c.ok, `${c.capability}.${c.method} failed: ${c.error ?? ''}`);
  }
  // Over IPMI the SEL is the only log; over Redfish the SEL LogService is preferred too.
  t.true(of('LogReader', 'entries').some((c) => JSON.stringify(c.args) === '["SEL"]'));
  t.true(calls.filter((x) => x.capability === 'FtState').every((c) => c.protocol === 'redfish'));
  t.false(r.stdout.includes(readFileSync(path.join(lab.dir, 'bmc.pw'), 'utf8').trim()), 'the password reached stdout');
}

test.serial('FT scenarios pass with PowerControl and LogReader bound to IPMI, and the history shows IPMI served them', (t) => runWithBinding(t, 'ipmi'));

test.serial('the same scenarios pass with PowerControl and LogReader bound to Redfish', (t) => runWithBinding(t, 'redfish'));
