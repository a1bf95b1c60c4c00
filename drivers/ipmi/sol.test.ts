/**
 * The SOL client on ftlab's own RMCP+ session, as a ConsoleCapture (SerialConsole over the SOL
 * link): against the ft emulator's BMC (console lines, typing, BREAK, busy, lost mid-run, a
 * deadline, retransmission both ways through a lossy relay) and against OpenIPMI's ipmi_sim.
 */
import test, { type ExecutionContext } from 'ava';
import { createSocket } from 'node:dgram';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { SerialConsole } from '../serial/console.ts';
import { openConsole } from '../serial/open.ts';
import { openSolConsole } from '../serial/sol-link.ts';
import { DeadlineError } from '../../lib/errors.ts';
import { startFtServer, type FtServer } from '../../simulators/ft/server.ts';
import { startIpmiFor, type IpmiAttachment } from '../../simulators/ft/ipmi-adapter.ts';
import { DEACTIVATE_PAYLOAD, encodePayloadRequest } from './codec/commands/payload.ts';
import { PAYLOAD_TYPE } from './codec/rmcpplus.ts';
import { SolError } from './errors.ts';
import { IpmiSession, type IpmiSessionOptions } from './session.ts';
import { startIpmiSim } from './testing/ipmi-sim.ts';

const PASSWORD = 'sol-test-pw';

async function ftWithIpmi(t: ExecutionContext): Promise<{ ft: FtServer; ipmi: IpmiAttachment; session: IpmiSessionOptions }> {
  const ft = await startFtServer({ port: 0, timeScale: 50, accounts: [{ user: 'admin', password: PASSWORD, role: 'Administrator' }] });
  const ipmi = await startIpmiFor(ft, { host: '127.0.0.1', port: 0, user: 'admin', password: PASSWORD });
  t.teardown(async () => {
    await ipmi.close();
    await ft.close();
  });
  return { ft, ipmi, session: { host: '127.0.0.1', port: ipmi.server.port, user: 'admin', password: PASSWORD, timeoutMs: 2000 } };
}

test('console lines arrive timestamped over SOL; typing, BREAK and the endpoint in errors', async (t) => {
  const { ft, session } = await ftWithIpmi(t);
  const con = await openConsole({ sol: { session } }, { writable: true });
  t.teardown(() => con.close());
  t.is(con.endpoint, `sol://127.0.0.1:${session.port}`);
  const before = Date.now();
  ft.model.injectError(1, 'Cpu', 'Transient');
  const m = await con.waitFor(/ftsrv: module 1 Cpu subsystem isolated \(transient error\)/, 20_000, { since: 0 });
  t.regex(m.line.text, /^\[\s*\d+\.\d{6}\] ftsrv: module 1/);
  t.true(m.line.wall >= before - 5 && m.line.wall <= Date.now(), 'the line carries the wall time it arrived');
  await con.write('\r');
  await con.waitFor(/^ftsrv login: $/, 10_000, { since: 0 });
  await con.sendBreak();
  await con.write('h');
  await con.waitFor(/sysrq: HELP : loglevel\(0-9\) reboot\(b\) crash\(c\)/, 10_000, { since: 0 });
  const err = await t.throwsAsync(con.waitFor('never printed', 300), { instanceOf: DeadlineError });
  t.regex(err.message, new RegExp(`console sol://127\\.0\\.0\\.1:${session.port}: waiting for /never printed/`));
  t.false(err.message.includes(PASSWORD));
});

test('a second console is refused as busy; another session deactivating SOL loses the first mid-run', async (t) => {
  const { ft, session } = await ftWithIpmi(t);
  const con = await SerialConsole.open((h) => openSolConsole({ session }, h));
  t.teardown(() => con.close());
  const busy = await t.throwsAsync(openConsole({ sol: { session } }), { instanceOf: SolError });
  t.is(busy.reason, 'busy');
  t.regex(busy.message, new RegExp(`^console sol://127\\.0\\.0\\.1:${session.port}: busy: SOL is already active on another session`));
  const waiting = con.waitFor('never printed', 20_000);
  const other = new IpmiSession(session);
  t.teardown(() => other.close());
  await other.request(DEACTIVATE_PAYLOAD, encodePayloadRequest({ payloadType: PAYLOAD_TYPE.SOL, instance: 1, aux: Buffer.alloc(4) }));
  const lost = await t.throwsAsync(waiting, { instanceOf: SolError });
  t.is(lost.reason, 'lost');
  t.regex(lost.message, /lost mid-run: the BMC deactivated SOL/);
  // Free again: a new console gets it, and sees what the host prints from then on.
  const again = await openConsole({ sol: { session } });
  t.teardown(() => again.close());
  ft.model.injectError(0, 'Io', 'Transient');
  await again.waitFor(/ftsrv: module 0 Io subsystem isolated/, 20_000, { since: 0 });
});

test('the BMC going silent loses the console mid-run with a SolError naming the endpoint', async (t) => {
  const { ipmi, session } = await ftWithIpmi(t);
  const con = await openConsole({ sol: { session, sol: { retries: 1, retryMs: 100, ownerCheckMs: 0 } } }, { writable: true });
  t.teardown(() => con.close());
  const waiting = con.waitFor('never printed', 20_000);
  await ipmi.close();
  await t.throwsAsync(con.write('x'), { instanceOf: SolError, message: /lost mid-run: no ACK for SOL packet 1 after 2 transmissions 100 ms apart/ });
  await t.throwsAsync(waiting, { instanceOf: SolError, message: new RegExp(`^console sol://127\\.0\\.0\\.1:${session.port}: lost mid-run`) });
});

/** A UDP relay to `port` that drops the first SOL datagram (payload type 1) each way once `armed`. */
async function lossyRelay(t: ExecutionContext, port: number): Promise<{ port: number; arm(): void; dropped: { up: number; down: number } }> {
  const sock = createSocket('udp4');
  const up = createSocket('udp4');
  t.teardown(() => {
    sock.close();
    up.close();
  });
  let client: { address: string; port: number } | undefined;
  let armed = false;
  const dropped = { up: 0, down: 0 };
  const isSol = (m: Buffer): boolean => m.length > 5 && m[4] === 0x06 && ((m[5] ?? 0) & 0x3f) === PAYLOAD_TYPE.SOL;
  sock.on('message', (m, r) => {
    client = { address: r.address, port: r.port };
    if (armed && isSol(m) && dropped.up === 0) return void dropped.up++;
    up.send(m, port, '127.0.0.1');
  });
  up.on('message', (m) => {
    if (armed && isSol(m) && dropped.down === 0) return void dropped.down++;
    if (client) sock.send(m, client.port, client.address);
  });
  await new Promise<void>((r) => sock.bind(0, '127.0.0.1', () => r()));
  await new Promise<void>((r) => up.bind(0, '127.0.0.1', () => r()));
  return { port: (sock.address() as AddressInfo).port, arm: () => void (armed = true), dropped };
}

test('lost packets are retransmitted both ways: typed once, printed once', async (t) => {
  const { ft, ipmi, session } = await ftWithIpmi(t);
  const relay = await lossyRelay(t, ipmi.server.port);
  const con = await openConsole({ sol: { session: { ...session, port: relay.port }, sol: { retryMs: 200 } } }, { writable: true });
  t.teardown(() => con.close());
  relay.arm();
  // The first SOL packet each way is dropped: the client's '\r' and the BMC's answer to it.
  await con.write('\r');
  await con.waitFor(/^ftsrv login: $/, 10_000, { since: 0 });
  t.deepEqual(relay.dropped, { up: 1, down: 1 });
  ft.model.injectError(1, 'Cpu', 'Transient');
  await con.waitFor(/module 1 Cpu subsystem isolated/, 20_000, { since: 0 });
  t.is(con.linesSince(0).filter((l) => /ftsrv login:/.test(l.text)).length, 1, 'Enter was typed once and the prompt printed once');
});

test('against ipmi_sim: SOL carries the host serial port both ways', async (t) => {
  const host = net.createServer((c) => {
    c.write('host serial ready\r\n');
    c.on('data', (d: Buffer) => c.write(`echo:${d.toString().toUpperCase()}\r\n`));
  });
  await new Promise<void>((r) => host.listen(0, '127.0.0.1', () => r()));
  t.teardown(() => new Promise<void>((r) => host.close(() => r())));
  const sim = await startIpmiSim({ solHostPort: (host.address() as AddressInfo).port });
  t.teardown(() => sim.stop());
  const con = await openConsole({ sol: { session: { host: sim.host, port: sim.port, user: sim.admin.user, password: sim.admin.password, cipherSuites: [3] } } }, { writable: true });
  t.teardown(() => con.close());
  await con.write('hello');
  await con.waitFor(/echo:HELLO/, 10_000, { since: 0 });
  t.pass();
});
