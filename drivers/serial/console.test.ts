/**
 * SerialConsole over real links: a socat pseudo-terminal pair with `serialport` on one end, and
 * TCP console ports (raw and telnet) served by the test.
 */
import test from 'ava';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DeadlineError, InfraError } from '../../lib/errors.ts';
import { registerSecret } from '../../lib/redact.ts';
import { SerialConsole } from './console.ts';
import { openSerialConsole } from './serial-link.ts';
import { openTcpConsole } from './tcp-link.ts';

async function ptyPair(t: { teardown(fn: () => void): void }): Promise<{ a: string; b: string; socat: ChildProcess }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'ftlab-pty-'));
  const a = path.join(dir, 'a');
  const b = path.join(dir, 'b');
  const socat = spawn('socat', [`pty,raw,echo=0,link=${a}`, `pty,raw,echo=0,link=${b}`], { stdio: 'ignore' });
  t.teardown(() => socat.kill('SIGKILL'));
  for (let i = 0; i < 100 && !(existsSync(a) && existsSync(b)); i++) await new Promise((r) => setTimeout(r, 20));
  return { a, b, socat };
}

test('a serial console over a pty: lines with context, the partial prompt, tails and the log file', async (t) => {
  const { a, b } = await ptyPair(t);
  const logFile = path.join(mkdtempSync(path.join(tmpdir(), 'ftlab-con-')), 'ft0.console.log');
  const recorded: string[] = [];
  const con = await SerialConsole.open((h) => openSerialConsole({ path: a, baudRate: 115200 }, h), { logFile, onLine: (l) => recorded.push(l.text) });
  t.teardown(() => void con.close());
  const since = performance.now();
  const bonding = con.waitFor(/bond0: link status definitely down for interface (\S+)/, 10_000);
  writeFileSync(b, 'Linux version 6.1\r\nbond0: making interface eth1 the new active one\r\nbond0: link status definitely down for interface eth0, disabling it\r\nlogin: ');
  const m = await bonding;
  t.is(m.match, 'bond0: link status definitely down for interface eth0,');
  t.deepEqual(m.before.map((l) => l.text), ['Linux version 6.1', 'bond0: making interface eth1 the new active one']);
  t.true(m.line.at >= since);
  const prompt = await con.waitFor('login: ', 10_000, { since });
  t.is(prompt.line.text, 'login: ', 'the prompt matches before its line ends');
  t.deepEqual(con.tail(2).map((l) => l.text), ['bond0: link status definitely down for interface eth0, disabling it', 'login: ']);
  await con.close();
  t.deepEqual(recorded, ['Linux version 6.1', 'bond0: making interface eth1 the new active one', 'bond0: link status definitely down for interface eth0, disabling it', 'login: ']);
  const log = readFileSync(logFile, 'utf8').trim().split('\n');
  t.is(log.length, 4);
  t.regex(log[0] ?? '', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z Linux version 6\.1$/);
});

test('serial errors name the port: no such port, busy, unplugged mid-wait', async (t) => {
  const missing = await t.throwsAsync(SerialConsole.open((h) => openSerialConsole({ path: '/dev/ftlab-no-such-tty', baudRate: 9600 }, h)), { instanceOf: InfraError });
  t.regex(missing.message, /^console \/dev\/ftlab-no-such-tty: no such port/);
  const { a, socat } = await ptyPair(t);
  const first = await SerialConsole.open((h) => openSerialConsole({ path: a, baudRate: 9600 }, h));
  const busy = await t.throwsAsync(SerialConsole.open((h) => openSerialConsole({ path: a, baudRate: 9600 }, h)), { instanceOf: InfraError });
  t.regex(busy.message, new RegExp(`^console ${a}: the port is busy`));
  const waiting = first.waitFor('never printed', 30_000);
  socat.kill('SIGKILL');
  const gone = await t.throwsAsync(waiting, { instanceOf: InfraError });
  t.regex(gone.message, new RegExp(`^console ${a}: `));
  await first.close();
});

function serve(t: { teardown(fn: () => void): void }, onConn: (s: net.Socket) => void): Promise<number> {
  const server = net.createServer(onConn);
  t.teardown(() => server.close());
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port)));
}

test('a telnet console port: negotiation answered, data unescaped, typing only when writable', async (t) => {
  const fromHarness: Buffer[] = [];
  const port = await serve(t, (s) => {
    s.on('data', (d) => fromHarness.push(d));
    s.write(Buffer.from([255, 251, 1, 255, 251, 3, 255, 253, 24]));
    s.write('ft0 console\r\n');
  });
  const ro = await SerialConsole.open((h) => openTcpConsole({ host: '127.0.0.1', port, telnet: true }, h));
  t.is(ro.endpoint, `telnet://127.0.0.1:${port}`);
  t.is((await ro.waitFor(/^ft0 console$/, 10_000, { since: 0 })).line.text, 'ft0 console');
  await t.throwsAsync(ro.write('x'), { instanceOf: InfraError, message: /opened read-only/ });
  await ro.close();
  const rw = await SerialConsole.open((h) => openTcpConsole({ host: '127.0.0.1', port, telnet: true }, h), { writable: true });
  await rw.waitFor('ft0 console', 10_000, { since: 0 });
  await rw.write('root\r');
  await new Promise((r) => setTimeout(r, 100));
  await rw.close();
  const all = Buffer.concat(fromHarness);
  t.true(all.includes(Buffer.from([255, 253, 1, 255, 253, 3, 255, 252, 24])), 'DO ECHO, DO SGA, WONT TTYPE');
  t.true(all.includes(Buffer.from('root\r')));
});

test('a TCP console: a deadline names the console and the pattern; the far end closing ends the wait; secrets are redacted', async (t) => {
  registerSecret('s3cr3t-console-pw');
  let peer: net.Socket | undefined;
  const port = await serve(t, (s) => {
    peer = s;
    s.write('Password: s3cr3t-console-pw\n');
  });
  const con = await SerialConsole.open((h) => openTcpConsole({ host: '127.0.0.1', port }, h));
  t.is((await con.waitFor(/^Password: /, 10_000, { since: 0 })).line.text, 'Password: ***');
  const late = await t.throwsAsync(con.waitFor('Kernel panic', 50), { instanceOf: DeadlineError });
  t.is(late.message, `"console tcp://127.0.0.1:${port}: waiting for /Kernel panic/" did not finish within 50 ms: last line: "Password: ***"`);
  const waiting = con.waitFor('never', 30_000);
  peer?.end();
  await t.throwsAsync(waiting, { instanceOf: InfraError, message: `console tcp://127.0.0.1:${port}: closed by the far end` });
  const refused = await t.throwsAsync(SerialConsole.open((h) => openTcpConsole({ host: '127.0.0.1', port: 1 }, h)), { instanceOf: InfraError });
  t.is(refused.message, 'console tcp://127.0.0.1:1: connection refused (is the console server listening?)');
});
