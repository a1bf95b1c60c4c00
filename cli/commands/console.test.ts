/**
 * `ftlab console`: the real CLI process attached to the ft emulator's console over TCP — by URL
 * and as an inventory device of the lab.json the embedded lab writes; Ctrl-] detaches, typing only
 * with --write, the far end closing ends it; bad targets are usage errors.
 */
import test, { type ExecutionContext } from 'ava';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { EmbeddedLab } from '../../harness/lab/embedded.ts';
import { FTLAB_BIN } from '../../harness/lab/emulator-process.ts';
import { silentLogger } from '../../lib/log.ts';
import { startFtServer } from '../../simulators/ft/server.ts';
import { startIpmiFor } from '../../simulators/ft/ipmi-adapter.ts';

interface Attached {
  out(): string;
  err(): string;
  type(s: string): void;
  waitOut(re: RegExp): Promise<void>;
  exit: Promise<number | null>;
  kill(signal: NodeJS.Signals): void;
}

function attach(t: ExecutionContext, args: string[]): Attached {
  const child = spawn(process.execPath, [FTLAB_BIN, 'console', ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  t.teardown(() => void child.kill('SIGKILL'));
  let out = '';
  let err = '';
  const waiters: Array<() => void> = [];
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
    for (const w of waiters.splice(0)) w();
  });
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const waitOut = async (re: RegExp): Promise<void> => {
    const deadline = Date.now() + 30_000;
    while (!re.test(out)) {
      if (Date.now() > deadline) throw new Error(`no ${re} on stdout within 30 s; got: ${out.slice(-500)}; stderr: ${err}`);
      await Promise.race([new Promise<void>((r) => waiters.push(r)), new Promise((r) => setTimeout(r, 200))]);
    }
  };
  return { out: () => out, err: () => err, type: (s) => child.stdin.write(s), waitOut, exit, kill: (signal) => void child.kill(signal) };
}

async function attached(a: Attached): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!/attached to/.test(a.err())) {
    if (Date.now() > deadline) throw new Error(`not attached: ${a.err()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

test('by URL: shows the console live, read-only ignores typing, Ctrl-] detaches with exit 0', async (t) => {
  const server = await startFtServer({ port: 0, timeScale: 50 });
  t.teardown(() => server.close());
  const a = attach(t, [`tcp://127.0.0.1:${server.console.tcp}`]);
  await attached(a);
  t.regex(a.err(), /\(read-only\)/);
  a.type('\r');
  server.model.injectError(1, 'Cpu', 'Transient');
  await a.waitOut(/ftsrv: module 1 Cpu subsystem isolated \(transient error\)/);
  t.notRegex(a.out(), /login:/, 'read-only: Enter was not typed on the console');
  a.type('\x1d');
  t.is(await a.exit, 0);
});

test('as an inventory device of lab.json, with --write, and over SOL with --sol; the far end closing ends it', async (t) => {
  const lab = await EmbeddedLab.start({ timeScale: 20, devices: [{ name: 'a', kind: 'ft' }], log: silentLogger });
  const dir = mkdtempSync(path.join(tmpdir(), 'ftlab-console-'));
  t.teardown(async () => {
    await lab.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  const labJson = path.join(dir, 'lab.json');
  writeFileSync(labJson, JSON.stringify(lab.labFile()));
  const a = attach(t, ['a', '--lab', labJson, '--write']);
  await attached(a);
  a.type('\r');
  await a.waitOut(/ftsrv login: /);
  // The embedded lab's ft server serves the same console over SOL on its announced IPMI endpoint.
  const sol = attach(t, ['a', '--lab', labJson, '--sol', '--write']);
  await attached(sol);
  t.regex(sol.err(), /attached to sol:\/\/127\.0\.0\.1:\d+;/);
  sol.type('\r');
  await sol.waitOut(/ftsrv login: /);
  sol.type('\x1d');
  t.is(await sol.exit, 0);
  await lab.stop();
  t.is(await a.exit, 0);
  t.regex(a.err(), /closed the connection/);
});

test('over IPMI SOL: console: { sol: true } in the inventory, or --sol on a device with an ipmi endpoint', async (t) => {
  const server = await startFtServer({ port: 0, timeScale: 50, accounts: [{ user: 'admin', password: 'sol-cli-pw', role: 'Administrator' }] });
  const ipmi = await startIpmiFor(server, { host: '127.0.0.1', port: 0, user: 'admin', password: 'sol-cli-pw' });
  const dir = mkdtempSync(path.join(tmpdir(), 'ftlab-console-'));
  t.teardown(async () => {
    await ipmi.close();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });
  writeFileSync(path.join(dir, 'pw'), 'sol-cli-pw\n', { mode: 0o600 });
  const ipmiEntry = `ipmi: { host: 127.0.0.1, port: ${ipmi.server.port}, user: admin, passwordFile: pw }`;
  const labYaml = path.join(dir, 'lab.yaml');
  writeFileSync(labYaml, `devices:\n  ft0:\n    kind: ft\n    ${ipmiEntry}\n    console: { sol: true }\n  ft1:\n    kind: ft\n    ${ipmiEntry}\n    console: { tcp: "127.0.0.1:${server.console.tcp}" }\n`);
  const a = attach(t, ['ft0', '--lab', labYaml, '--write']);
  await attached(a);
  t.regex(a.err(), new RegExp(`attached to sol://127\\.0\\.0\\.1:${ipmi.server.port};`));
  a.type('\r');
  await a.waitOut(/ftsrv login: /);
  server.model.injectError(1, 'Cpu', 'Transient');
  await a.waitOut(/ftsrv: module 1 Cpu subsystem isolated \(transient error\)/);
  a.type('\x1d');
  t.is(await a.exit, 0);
  t.false(a.err().includes('sol-cli-pw'));
  // Detaching deactivated SOL: --sol on the other device (its console is TCP) gets it again.
  const b = attach(t, ['ft1', '--lab', labYaml, '--sol']);
  await attached(b);
  t.regex(b.err(), /attached to sol:\/\/.*\(read-only\)/);
  server.model.setLink('M0-NIC0', false);
  await b.waitOut(/making interface M1-NIC0 the new active one/);
  b.type('\x1d');
  t.is(await b.exit, 0);
  // A SIGTERM (or a closed terminal's SIGHUP) detaches as cleanly: SOL is free again at once.
  const c = attach(t, ['ft0', '--lab', labYaml]);
  await attached(c);
  c.kill('SIGTERM');
  t.is(await c.exit, 143);
  const d = attach(t, ['ft0', '--lab', labYaml]);
  await attached(d);
  d.kill('SIGHUP');
  t.is(await d.exit, 129);
});

test('bad targets are usage errors naming what exists', async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'ftlab-console-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const labYaml = path.join(dir, 'lab.yaml');
  writeFileSync(labYaml, 'devices:\n  ft0:\n    kind: ft\n    redfish: { url: "http://127.0.0.1:1", user: u, passwordFile: pw }\n');
  writeFileSync(path.join(dir, 'pw'), 'x\n', { mode: 0o600 });
  const noLab = attach(t, ['ft0']);
  t.is(await noLab.exit, 2);
  t.regex(noLab.err(), /give --lab FILE/);
  const noConsole = attach(t, ['ft0', '--lab', labYaml]);
  t.is(await noConsole.exit, 2);
  t.regex(noConsole.err(), /device "ft0" has no console endpoint \(devices with one: none\)/);
  const refused = attach(t, ['tcp://127.0.0.1:1']);
  t.is(await refused.exit, 3);
  t.regex(refused.err(), /console tcp:\/\/127\.0\.0\.1:1: connection refused/);
});
