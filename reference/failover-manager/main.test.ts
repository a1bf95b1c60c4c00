/** `ftlab emulate failover-manager` as a user runs it: bad flags and files are exit 2 with the place and the expectation. */
import test from 'ava';
import { execFile } from 'node:child_process';

const BIN = new URL('../../bin/ftlab.js', import.meta.url).pathname;

function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, 'emulate', 'failover-manager', ...args], { timeout: 30_000 }, (e, stdout, stderr) => {
      resolve({ code: e ? (typeof e.code === 'number' ? e.code : null) : 0, stdout, stderr });
    });
  });
}

const CASES: Array<[string, string[], RegExp]> = [
  ['no lab file', [], /--cluster: expected the lab file \(LAB\.json, what "ftlab lab up" writes\)/],
  ['an unknown flag', ['--cluster', 'x.json', '--bogus'], /command line: Unknown option '--bogus'/],
  ['a port out of range', ['--cluster', 'x.json', '--port', '70000'], /--port: expected a port from 0 to 65535 \(found "70000"\)/],
  ['a time scale of zero', ['--cluster', 'x.json', '--time-scale', '0'], /--time-scale: expected a number > 0 \(found "0"\)/],
  ['a lab file that is not there', ['--cluster', '/nonexistent/lab.json'], /\/nonexistent\/lab\.json: expected a readable JSON lab file/],
];

for (const [name, args, message] of CASES) {
  test(`exit 2: ${name}`, async (t) => {
    const r = await run(args);
    t.is(r.code, 2, r.stderr);
    t.regex(r.stderr, message);
    t.is(r.stdout, '', 'nothing on stdout: no announcement');
  });
}

test('--help prints the usage and exits 0', async (t) => {
  const r = await run(['--help']);
  t.is(r.code, 0);
  t.regex(r.stdout, /^usage: ftlab emulate failover-manager --cluster LAB\.json/);
});
