/**
 * The ft server's console on a socat pseudo-terminal, read with the harness's serial driver
 * (serialport) and with `ftlab console PATH`: the console's lines, typing, a reader closing and
 * another one opening it again.
 */
import test from 'ava';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { openConsole } from '../../drivers/serial/open.ts';
import { FTLAB_BIN } from '../../harness/lab/emulator-process.ts';
import { startFtServer } from './server.ts';

test('the console on a pty: serialport reads and types, a second reader after the first one closed', async (t) => {
  const server = await startFtServer({ port: 0, timeScale: 50, consolePty: true });
  t.teardown(() => server.close());
  const pty = server.console.pty ?? '';
  t.deepEqual(server.banner().console, { host: '127.0.0.1', tcp: server.console.tcp, banner: '[ftlab console of ft: attached]', pty });
  const first = await openConsole({ serial: { path: pty, baudRate: 115200 } }, { writable: true });
  t.is(first.endpoint, pty);
  await first.write('\r');
  await first.waitFor(/^ftsrv login: $/, 10_000, { since: 0 });
  server.model.injectError(1, 'Cpu', 'Transient');
  await first.waitFor(/^\[\s*\d+\.\d{6}\] ftsrv: module 1 Cpu subsystem isolated \(transient error\)/, 20_000, { since: 0 });
  await first.close();
  const second = await openConsole({ serial: { path: pty, baudRate: 9600 } });
  t.teardown(() => second.close());
  server.model.setLink('M0-NIC0', false);
  await second.waitFor(/bonding: bond0: making interface M1-NIC0 the new active one/, 20_000, { since: 0 });
  await server.close();
  t.false(existsSync(pty), 'the pty and its folder are gone after close');
});

test('ftlab console PATH attaches to the pty as a serial port', async (t) => {
  const server = await startFtServer({ port: 0, timeScale: 50, consolePty: true });
  t.teardown(() => server.close());
  const child = spawn(process.execPath, [FTLAB_BIN, 'console', server.console.pty ?? '', '--write'], { stdio: ['pipe', 'pipe', 'pipe'] });
  t.teardown(() => void child.kill('SIGKILL'));
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const until = async (ok: () => boolean, what: string): Promise<void> => {
    const deadline = Date.now() + 20_000;
    while (!ok()) {
      if (Date.now() > deadline) throw new Error(`no ${what} within 20 s; stdout ${JSON.stringify(out)}, stderr ${JSON.stringify(err)}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  await until(() => /attached to/.test(err), 'attach');
  child.stdin.write('\r');
  await until(() => /ftsrv login: /.test(out), 'login prompt');
  const exit = new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
  child.stdin.write('\x1d');
  t.is(await exit, 0);
});
