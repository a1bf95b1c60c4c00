import test, { type ExecutionContext } from 'ava';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { CapabilityName } from '../../drivers/capabilities/index.ts';
import { systemClock } from '../../lib/clock.ts';
import type { CheckRecord, ConsoleRecord, ScenarioEnd } from '../../lib/history/records.ts';
import { silentLogger } from '../../lib/log.ts';
import { BudgetBook } from '../budgets/load.ts';
import { HistoryWriter } from '../history/writer.ts';
import type { ScenarioDef, SoloContext } from '../scenario.ts';
import { soloContext } from '../solo-context.ts';
import { FakeFtDevice } from '../testing/fake-ft.ts';
import { consoleAgreesWithEvent, consoleEvidence } from './console-evidence.ts';
import { consoleTails } from './ffdc-step.ts';
import { planTestcases } from './plan.ts';
import { runTestcases } from './runner.ts';

/** A console server's raw TCP port: prints `say(text)` to every client, CRLF line ends. */
async function consolePort(t: ExecutionContext): Promise<{ port: number; say(text: string): void; connected: Promise<void> }> {
  const clients = new Set<net.Socket>();
  let onConnect = (): void => undefined;
  const connected = new Promise<void>((resolve) => (onConnect = resolve));
  const server = net.createServer((c) => {
    clients.add(c);
    c.on('close', () => clients.delete(c));
    c.on('error', () => undefined);
    onConnect();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise<void>((resolve) => {
    for (const c of clients) c.destroy();
    server.close(() => resolve());
  }));
  return { port: (server.address() as net.AddressInfo).port, say: (text) => clients.forEach((c) => c.write(`${text}\r\n`)), connected };
}

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

async function setup(t: ExecutionContext, port: number) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ftlab-console-fixture-'));
  const fake = new FakeFtDevice({ name: 'ft0' });
  await fake.start();
  const history = new HistoryWriter(path.join(dir, 'history.jsonl'));
  t.teardown(async () => {
    history.close();
    await fake.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  const device = { ...fake.bound(), console: { tcp: { host: '127.0.0.1', port, telnet: false } } };
  const run = (def: ScenarioDef) =>
    runTestcases(planTestcases([def], [device], 1), {
      history, budgets: new BudgetBook([]), clock: systemClock, log: silentLogger, signal: new AbortController().signal,
      undoDeadlineMs: 2000, setupDeadlineMs: 2000, consoleDir: path.join(dir, 'consoles'), ffdcDir: path.join(dir, 'ffdc'),
    });
  return { fake, history, run, dir };
}

function scenario(needs: CapabilityName[], run: (ctx: SoloContext<CapabilityName>) => Promise<void>): ScenarioDef {
  return { id: 'console-case', title: 'c', requirements: ['H-03'], tags: [], suites: ['test'], roles: { ft: { kind: 'ft', needs } }, timeoutMs: 10_000, run: (ctx) => run(soloContext(ctx, 'ft')) };
}

const endOf = (h: HistoryWriter): ScenarioEnd | undefined => h.records.find((r): r is ScenarioEnd => r.type === 'scenario-end');

test('captured for the whole testcase: a line printed before the wait is found, every line is in the history and the console log', async (t) => {
  const con = await consolePort(t);
  const { history, run, dir } = await setup(t, con.port);
  const r = await run(
    scenario(['ConsoleCapture', 'EventSource', 'FtLabFaultInjection'], async (ctx) => {
      await con.connected;
      con.say('[    1.000000] ftsrv: early line');
      const fi = ctx.caps.FtLabFaultInjection;
      const since = ctx.clock.now();
      await ctx.fault('pull module 1', { module: 1 }, () => fi.pullModule(1), () => fi.insertModule(1));
      con.say('[    2.000000] ftsrv: module 1 removed');
      const ev = await ctx.waitForEvent('removed event', 5000, (e) => e.messageId.includes('ModuleRemoved'), { since });
      const early = await consoleEvidence(ctx, ctx.caps.ConsoleCapture, 'early line', 'ftsrv: early line', 5000);
      const removed = await consoleEvidence(ctx, ctx.caps.ConsoleCapture, 'removed line', /module 1 removed$/, 5000, { since });
      t.is(early.line.text, '[    1.000000] ftsrv: early line');
      t.deepEqual(removed.before.map((l) => l.text), ['[    1.000000] ftsrv: early line']);
      consoleAgreesWithEvent(ctx, 'console agrees with the event', removed, ev, { toleranceMs: 5000, toleranceBasis: 'test', requirements: ['H-03'] });
    }),
  );
  t.is(r.outcome, 'passed', endOf(history)?.reason);
  const lines = history.records.filter((x): x is ConsoleRecord => x.type === 'console');
  t.deepEqual(lines.map((l) => [l.device, l.text, l.endpoint, l.scenario?.id]), [
    ['ft0', '[    1.000000] ftsrv: early line', `tcp://127.0.0.1:${con.port}`, 'console-case'],
    ['ft0', '[    2.000000] ftsrv: module 1 removed', `tcp://127.0.0.1:${con.port}`, 'console-case'],
  ]);
  t.true(lines.every((l) => l.at <= l.t && l.at > 0));
  const check = history.records.find((x): x is CheckRecord => x.type === 'check' && x.name === 'console agrees with the event');
  t.is(check?.ok, true);
  t.deepEqual(check?.comparison?.figures.map((f) => f.source), ['BMC event FtServer.1.0.ModuleRemoved (harness arrival)', 'console line "[    2.000000] ftsrv: module 1 removed" (harness arrival)']);
  const log = readFileSync(path.join(dir, 'consoles', 'ft0.log'), 'utf8').split('\n');
  t.regex(log[0] ?? '', /^\d{4}-\d\d-\d\dT\S+Z \[    1\.000000\] ftsrv: early line$/);
  t.regex(log[1] ?? '', /module 1 removed$/);
});

test('a wait past its deadline fails the scenario naming the pattern and the last line; the bundle holds the console tail', async (t) => {
  const con = await consolePort(t);
  const { history, run, dir } = await setup(t, con.port);
  const r = await run(
    scenario(['ConsoleCapture'], async (ctx) => {
      await con.connected;
      con.say('[    3.000000] ftsrv: nothing to see');
      await consoleEvidence(ctx, ctx.caps.ConsoleCapture, 'the first line', 'nothing to see', 5000);
      await consoleEvidence(ctx, ctx.caps.ConsoleCapture, 'detect: kernel panic', /Kernel panic/, 300);
    }),
  );
  t.is(r.outcome, 'failed');
  t.regex(endOf(history)?.reason ?? '', /detect: kernel panic.*no console line of tcp:\/\/127\.0\.0\.1:\d+ matched \/Kernel panic\/; last line: "\[    3\.000000\] ftsrv: nothing to see"/);
  const tail = readFileSync(path.join(dir, 'ffdc', 'console-case-i0@ft0', 'ft0', 'console.log'), 'utf8');
  t.regex(tail, /^\S+Z \[    3\.000000\] ftsrv: nothing to see\n$/);
});

test('the bundle waits for the console to finish printing what trails the failure', async (t) => {
  const con = await consolePort(t);
  const { history, run, dir } = await setup(t, con.port);
  const r = await run(
    scenario(['ConsoleCapture'], async (ctx) => {
      await con.connected;
      // The BMC's event came first; the console's lines trail it.
      setTimeout(() => con.say('[    4.000000] Kernel panic - not syncing: Fatal exception'), 200);
      setTimeout(() => con.say('[    4.100000] ---[ end Kernel panic ]---'), 450);
      ctx.fail('the server crashed');
    }),
  );
  t.is(r.outcome, 'failed', endOf(history)?.reason);
  const tail = readFileSync(path.join(dir, 'ffdc', 'console-case-i0@ft0', 'ft0', 'console.log'), 'utf8');
  t.deepEqual(tail.trim().split('\n').map((l) => l.replace(/^\S+Z /, '')), ['[    4.000000] Kernel panic - not syncing: Fatal exception', '[    4.100000] ---[ end Kernel panic ]---']);
});

test('a console that cannot be opened: infra-error naming its endpoint when the scenario needs it, a warning otherwise', async (t) => {
  const port = await closedPort();
  const { history, run } = await setup(t, port);
  const r = await run(scenario(['ConsoleCapture'], async () => t.fail('run() must not start')));
  t.is(r.outcome, 'infra-error');
  t.regex(endOf(history)?.reason ?? '', new RegExp(`the console of ft0 \\(tcp://127\\.0\\.0\\.1:${port}\\) could not be opened`));
  let ran = false;
  const r2 = await run(scenario(['FtState'], async () => {
    ran = true;
  }));
  t.true(ran);
  t.is(r2.outcome, 'passed');
});

test('the bundle\'s console tail: per device, the last N lines the capture recorded', (t) => {
  const sc = { id: 's', iteration: 0 };
  const rec = (device: string, text: string, at: number): ConsoleRecord => ({ type: 'console', t: at, wall: 1000 + at, scenario: sc, device, at, text, endpoint: 'tcp://127.0.0.1:1' });
  const tails = consoleTails([rec('a', 'one', 1), rec('b', 'x', 2), rec('a', 'two', 3), rec('a', 'three', 4)], 2);
  t.deepEqual([...tails].map(([d, ls]) => [d, ls.map((l) => l.text)]), [['a', ['two', 'three']], ['b', ['x']]]);
  t.deepEqual(tails.get('a')?.[1], { at: 4, wall: 1004, text: 'three' });
});
