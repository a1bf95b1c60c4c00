/**
 * Exit codes that never turn CI green by mistake (issue 8, items 7-10): `ftlab run` and `ftlab lab
 * up` as a user runs them (bin/ftlab.js in a child process). Nothing selected is a usage error;
 * everything skipped is not a pass; bad flags, files and hostile YAML exit 2 before anything
 * starts, naming the place; no message repeats a password. Serial: one ftlab process at a time,
 * so the files that start labs beside this one keep their CPU.
 */
import test, { type ExecutionContext } from 'ava';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FTLAB_BIN } from '../../harness/lab/emulator-process.ts';

interface Exit {
  code: number | null;
  stdout: string;
  stderr: string;
}

function ftlab(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<Exit> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [FTLAB_BIN, ...args], { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    // A run that starts a lab by mistake must not hang the test: kill it after 120 s.
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

function tempDir(t: ExecutionContext): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'ftlab-exit-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** An exponential alias bomb: 9^8 values once expanded, a few hundred bytes on disk. */
const ALIAS_BOMB = ['a: &a ["x","x","x","x","x","x","x","x","x"]']
  .concat(['b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'].map((k, i) => `${k}: &${k} [${Array(9).fill(`*${'abcdefghi'[i]}`).join(',')}]`))
  .join('\n');

test.serial('a selection of nothing exits 2 before anything starts, naming the suites and the closest ids', async (t) => {
  const dir = tempDir(t);
  const out = path.join(dir, 'out');
  const suite = await ftlab(['run', '--suite', 'nosuch', '--out', out], dir);
  t.is(suite.code, 2, suite.stderr);
  t.regex(suite.stderr, /--suite nosuch: no scenario is in suite "nosuch" \(known suites: failover, ft, nightly\)/);
  const grep = await ftlab(['run', '--grep', 'isolaton', '--out', out], dir);
  t.is(grep.code, 2, grep.stderr);
  t.regex(grep.stderr, /--grep isolaton: expected a regular expression matching .*closest ids: [^)]*ft-isolation-cpu-m0/);
  const zzz = await ftlab(['run', '--grep', 'zzzz', '--out', out], dir);
  t.is(zzz.code, 2, zzz.stderr);
  t.false(existsSync(out), 'nothing written');
});

const WIDGET_SCENARIO = `
export const widget = {
  id: 'test-needs-a-widget',
  title: 'needs a device of a kind the lab does not have',
  requirements: ['FT-01'],
  tags: ['test'],
  suites: ['nightly'],
  roles: { w: { kind: 'widget', needs: [] } },
  timeoutMs: 10_000,
  async run() {},
};
`;

test.serial('a run where every testcase is skipped exits 3 and says why, unless --allow-skip-all', async (t) => {
  const dir = tempDir(t);
  const scenarios = path.join(dir, 'scenarios');
  mkdirSync(scenarios);
  writeFileSync(path.join(scenarios, 'widget.ts'), WIDGET_SCENARIO);
  writeFileSync(path.join(scenarios, 'package.json'), '{"type":"module"}\n');
  // One ft device nobody answers for (port 1 refuses at once): the widget scenario cannot be bound anyway.
  const lab = path.join(dir, 'lab.yaml');
  writeFileSync(lab, 'devices:\n  ft0:\n    kind: ft\n    redfish: { url: "http://127.0.0.1:1", user: u, password: "${env:FTLAB_EXIT_TEST_PW}", timeoutMs: 2000 }\n');
  const env = { FTLAB_EXIT_TEST_PW: 'exit-test-password' };
  const skipped = await ftlab(['run', '--lab', lab, '--scenarios', scenarios, '--out', path.join(dir, 'out1')], dir, env);
  t.is(skipped.code, 3, skipped.stdout + skipped.stderr);
  t.regex(skipped.stderr, /every testcase was skipped \(1\), so nothing was tested.*--allow-skip-all/);
  t.regex(skipped.stdout, /INFRA-ERROR/);
  const allowed = await ftlab(['run', '--lab', lab, '--scenarios', scenarios, '--out', path.join(dir, 'out2'), '--allow-skip-all'], dir, env);
  t.is(allowed.code, 0, allowed.stdout + allowed.stderr);
});

test.serial('an unknown --defect, a missing --budgets directory and --no-tls with a lab file exit 2 before the lab starts', async (t) => {
  const dir = tempDir(t);
  const out = path.join(dir, 'out');
  const defect = await ftlab(['run', '--defect', 'no-such-defect', '--out', out], dir);
  t.is(defect.code, 2, defect.stdout + defect.stderr);
  t.regex(defect.stderr, /--defect no-such-defect: expected a defect profile of the embedded lab: of the ft emulator, one of .*blackout-overrun.*; or of the failover manager, one of .*boot-before-fence/);
  const budgets = await ftlab(['run', '--budgets', path.join(dir, 'nonexistent'), '--out', out], dir);
  t.is(budgets.code, 2, budgets.stdout + budgets.stderr);
  t.regex(budgets.stderr, /--budgets .*nonexistent: expected a directory of budget files \(\*\.yaml\) \(it does not exist\)/);
  const noTls = await ftlab(['run', '--lab', path.join(dir, 'lab.yaml'), '--no-tls', '--out', out], dir);
  t.is(noTls.code, 2, noTls.stdout + noTls.stderr);
  t.regex(noTls.stderr, /--no-tls applies to the embedded lab only \(set insecure or ca per device in the inventory\)/);
  t.false(existsSync(out), 'nothing written');
  t.notRegex(defect.stdout + budgets.stdout + noTls.stdout, /emulator up|testcase/);
  const labUp = await ftlab(['lab', 'up', '--defect', 'no-such-defect', '--lab-file', path.join(dir, 'lab.json')], dir);
  t.is(labUp.code, 2, labUp.stdout + labUp.stderr);
  t.regex(labUp.stderr, /--defect no-such-defect: expected a defect profile of the embedded lab/);
  t.false(existsSync(path.join(dir, 'lab.json')));
});

test.serial('hostile input exits 2 with the file and the place: alias bombs, deep nesting, deep formulas, --out below a file', async (t) => {
  const dir = tempDir(t);
  const bomb = path.join(dir, 'bomb.yaml');
  writeFileSync(bomb, `${ALIAS_BOMB}\n`);
  const inv = await ftlab(['run', '--lab', bomb, '--out', path.join(dir, 'out')], dir);
  t.is(inv.code, 2, inv.stderr);
  t.regex(inv.stderr, /bomb\.yaml:\d+:\d+: expected a document of at most \d+ values with its aliases expanded/);
  t.notRegex(inv.stderr, /\n\s+at /, 'no stack trace');
  const labUp = await ftlab(['lab', 'up', '--config', bomb], dir);
  t.is(labUp.code, 2, labUp.stderr);
  t.regex(labUp.stderr, /bomb\.yaml:\d+:\d+: expected a document/);
  const hostConfig = await ftlab(['emulate', 'lab', '--config', bomb], dir);
  t.is(hostConfig.code, 2, hostConfig.stderr);
  t.regex(hostConfig.stderr, /bomb\.yaml:\d+:\d+: expected a document/);

  const deep = path.join(dir, 'deep.yaml');
  writeFileSync(deep, `devices: ${'['.repeat(5000)}${']'.repeat(5000)}\n`);
  const nested = await ftlab(['run', '--lab', deep, '--out', path.join(dir, 'out')], dir);
  t.is(nested.code, 2, nested.stderr);
  t.regex(nested.stderr, /deep\.yaml:1:\d+: expected at most 64 levels of nesting/);

  const budgets = path.join(dir, 'budgets');
  mkdirSync(budgets);
  const formula = `${'('.repeat(3000)}1${')'.repeat(3000)}`;
  writeFileSync(path.join(budgets, 'b.yaml'), `budgets:\n  - id: x\n    unit: ms\n    marginalBand: 0.1\n    source: s\n    requirements: []\n    limitFormula: "${formula}"\n`);
  const deepFormula = await ftlab(['run', '--budgets', budgets, '--out', path.join(dir, 'out')], dir);
  t.is(deepFormula.code, 2, deepFormula.stderr);
  t.regex(deepFormula.stderr, /b\.yaml:7: budgets\[0\]\.limitFormula: invalid formula: expected at most 1000 characters/);

  const file = path.join(dir, 'a-file');
  writeFileSync(file, 'x');
  const outBelowFile = await ftlab(['run', '--out', path.join(file, 'reports')], dir);
  t.is(outBelowFile.code, 2, outBelowFile.stderr);
  t.regex(outBelowFile.stderr, /--out .*a-file\/reports: expected a directory that can be created and written \(ENOTDIR/);
  const labFileBelowFile = await ftlab(['lab', 'up', '--lab-file', path.join(file, 'lab.json')], dir);
  t.is(labFileBelowFile.code, 2, labFileBelowFile.stderr);
  t.regex(labFileBelowFile.stderr, /--lab-file .*a-file\/lab\.json: expected a file in an existing directory/);
  t.notRegex(labFileBelowFile.stdout, /redfish http/, 'the lab did not start');
  t.false(existsSync(path.join(dir, 'out')));
});

test.serial('a Redfish URL with credentials is refused without repeating the password, even one holding "/" or "@"', async (t) => {
  const dir = tempDir(t);
  for (const url of ['https://admin:Sup3rS3cret@10.0.0.1', 'https://admin:Sup3r/S3cret@10.0.0.1', 'https://admin:Sup3r@S3cret@10.0.0.1']) {
    const lab = path.join(dir, 'lab.yaml');
    writeFileSync(lab, `devices:\n  ft0:\n    kind: ft\n    redfish: { url: "${url}", user: a, password: "\${env:HOME}" }\n`);
    const r = await ftlab(['run', '--lab', lab, '--out', path.join(dir, 'out')], dir);
    t.is(r.code, 2, r.stderr);
    t.regex(r.stderr, /lab\.yaml:4: devices\.ft0\.redfish\.url: expected an http\(s\) URL/);
    t.false(r.stderr.includes('S3cret'), r.stderr);
  }
});
