/**
 * Verdicts filed where they belong: a management plane that stops answering, a lab process that
 * dies, an undo that needs the device's own time (a resync) and an undo that fails in an
 * interrupted run are infrastructure errors, never SUT failures nor hidden by "aborted".
 */
import test, { type ExecutionContext } from 'ava';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CapabilityMap, CapabilityName } from '../../drivers/capabilities/index.ts';
import { systemClock } from '../../lib/clock.ts';
import { InfraError } from '../../lib/errors.ts';
import type { FaultRecord, HistoryRecord } from '../../lib/history/records.ts';
import { silentLogger } from '../../lib/log.ts';
import { BudgetBook } from '../budgets/load.ts';
import type { BoundDevice } from '../devices/device.ts';
import { HistoryWriter } from '../history/writer.ts';
import type { ScenarioDef, SoloContext } from '../scenario.ts';
import { soloContext } from '../solo-context.ts';
import { FakeFtDevice } from '../testing/fake-ft.ts';
import { planTestcases } from './plan.ts';
import { type RunnerOptions, runTestcases } from './runner.ts';

/** Never settles until `signal` aborts (a BMC that stopped answering: the request just hangs). */
function hang(signal: AbortSignal | undefined): Promise<never> {
  return new Promise((_, reject) => {
    signal?.addEventListener('abort', () => reject(new Error('request abandoned')), { once: true });
  });
}

/** The fake ft device whose management calls (state, BMC clock) hang while `frozen` is set. */
function freezable(fake: FakeFtDevice): { device: BoundDevice; freeze: (on: boolean) => void } {
  const bound = fake.bound();
  let frozen = false;
  const caps = bound.caps as CapabilityMap;
  const state = caps.FtState;
  const clock = caps.BmcClock;
  const wrapped: Partial<CapabilityMap> = {
    ...caps,
    FtState: { kind: 'FtState', snapshot: (s) => (frozen ? hang(s) : state.snapshot(s)) },
    BmcClock: { kind: 'BmcClock', wallTime: (s) => (frozen ? hang(s) : clock.wallTime(s)), timeScale: (s) => (frozen ? hang(s) : clock.timeScale(s)) },
  };
  return { device: { ...bound, caps: wrapped, endpoints: { redfish: 'https://127.0.0.1:1/fake' } }, freeze: (on) => (frozen = on) };
}

async function setup(t: ExecutionContext, budgets = new BudgetBook()) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ftlab-verdicts-'));
  const fake = new FakeFtDevice();
  await fake.start();
  const history = new HistoryWriter(path.join(dir, 'history.jsonl'));
  t.teardown(async () => {
    history.close();
    await fake.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  const ctrl = new AbortController();
  const opts = (extra: Partial<RunnerOptions> = {}): RunnerOptions => ({ history, budgets, clock: systemClock, log: silentLogger, signal: ctrl.signal, undoDeadlineMs: 200, managementProbeMs: 300, ...extra });
  return { fake, history, ctrl, opts };
}

type Solo = SoloContext<CapabilityName>;

function scenario(id: string, run: (ctx: Solo) => Promise<void>): ScenarioDef {
  return {
    id,
    title: id,
    requirements: ['FT-01'],
    tags: [],
    suites: ['test'],
    roles: { ft: { kind: 'ft', needs: ['FtLabFaultInjection', 'FtState', 'EventSource'] } },
    timeoutMs: 60_000,
    run: (ctx) => run(soloContext(ctx, 'ft')),
  };
}

const undos = (records: HistoryRecord[]) => records.filter((r): r is FaultRecord => r.type === 'fault' && r.action === 'undo').map((r) => `${r.fault} ${r.ok ? 'ok' : 'FAILED'}`);

test('a BMC that stops answering while a SUT phase waits is an infra-error naming device, endpoint and when; a slow SUT with a live BMC is still a failure', async (t) => {
  const { fake, opts } = await setup(t);
  const { device, freeze } = freezable(fake);
  const frozen = await runTestcases(
    planTestcases(
      [
        scenario('bmc-freezes', async (ctx) => {
          await ctx.sample('FtState');
          freeze(true);
          await ctx.waitForState('FtState', 'module 0 back to duplex', 300, () => false);
        }),
      ],
      [device],
      1,
    ),
    opts(),
  );
  t.is(frozen.outcome, 'infra-error');
  t.regex(frozen.ends[0]?.reason ?? '', /^device fake0 \(endpoint https:\/\/127\.0\.0\.1:1\/fake\) stopped answering at t=\d+\.\d{3} s \(its last answer\)/);

  freeze(false);
  const slow = await runTestcases(
    planTestcases([scenario('sut-slow', async (ctx) => void (await ctx.waitForState('FtState', 'module 0 back to duplex', 300, () => false)))], [device], 1),
    opts(),
  );
  t.is(slow.outcome, 'failed');
  t.regex(slow.ends[0]?.reason ?? '', /"module 0 back to duplex" did not finish/);
});

test('the lab process exiting mid-scenario makes the testcase in progress, and the later ones, infra-errors naming it', async (t) => {
  const { fake, history, opts } = await setup(t);
  const lost = new AbortController();
  const r = await runTestcases(
    planTestcases(
      [
        scenario('waits-for-event', async (ctx) => {
          const fi = ctx.caps.FtLabFaultInjection;
          await ctx.fault('pull module 0', { module: 0 }, () => fi.pullModule(0), () => fi.insertModule(0));
          setImmediate(() => lost.abort(new InfraError('the embedded lab\'s emulator process exited during the run (pid 4242, killed by SIGKILL)')));
          await ctx.waitForEvent('module 0 re-inserted', 60_000, (e) => e.messageId === 'Never');
        }),
        scenario('next', async () => undefined),
      ],
      [fake.bound()],
      1,
    ),
    opts({ lost: lost.signal }),
  );
  t.deepEqual(r.ends.map((e) => e.outcome), ['infra-error', 'infra-error']);
  for (const e of r.ends) t.regex(e.reason ?? '', /emulator process exited during the run \(pid 4242, killed by SIGKILL\)/);
  t.deepEqual(undos(history.records), ['pull module 0 ok']);
});

/** Pull module 0; its undo (re-inserting it) takes 1 s of real time, like a resync. */
function slowUndo(id: string) {
  return scenario(id, async (ctx) => {
    const fi = ctx.caps.FtLabFaultInjection;
    await ctx.fault('pull module 0', { module: 0 }, () => fi.pullModule(0), async () => {
      await systemClock.sleep(1000);
      await fi.insertModule(0);
    });
  });
}

test('an undo gets the device\'s largest time budget (SUT ms, time scale), not only the fixed floor', async (t) => {
  // The floor is 200 ms; re-inserting the module takes 1 s (a resync), within the 10 s budget.
  const budgets = new BudgetBook([{ id: 'resync', limit: 10_000, params: [], unit: 'ms', marginalBand: 0.2, source: 'test', requirements: ['FT-02'], definedAt: 'test' }]);
  const { fake, history, opts } = await setup(t, budgets);
  const r = await runTestcases(
    planTestcases(
      [
        slowUndo('slow-undo'),
      ],
      [fake.bound()],
      1,
    ),
    opts(),
  );
  t.is(r.outcome, 'passed', r.ends[0]?.reason);
  t.deepEqual(undos(history.records), ['pull module 0 ok']);
  t.deepEqual(fake.modules, ['Duplex', 'Duplex']);
});

test('an interrupted run whose undo failed says so: the testcase is an infra-error and so is the run', async (t) => {
  const { fake, history, ctrl, opts } = await setup(t);
  fake.failInsert = true;
  const r = await runTestcases(
    planTestcases(
      [
        scenario('interrupted', async (ctx) => {
          const fi = ctx.caps.FtLabFaultInjection;
          await ctx.fault('pull module 0', { module: 0 }, () => fi.pullModule(0), () => fi.insertModule(0));
          setImmediate(() => ctrl.abort());
          await ctx.waitForState('FtState', 'wait forever', 60_000, () => false);
        }),
      ],
      [fake.bound()],
      1,
    ),
    opts(),
  );
  t.true(r.aborted);
  t.true(r.undoFailed);
  t.is(r.outcome, 'infra-error');
  t.is(r.ends[0]?.outcome, 'infra-error');
  t.regex(r.ends[0]?.reason ?? '', /^aborted, and could not undo fault "pull module 0" on fake0: module 0 did not seat/);
  t.deepEqual(undos(history.records), ['pull module 0 FAILED']);
});

test('a budget that depends on the system (memoryGiB) sizes the undo even when the scenario never sampled the device', async (t) => {
  // 64 GiB on the fake device: 6.4 s of SUT time; the undo takes 1 s; the floor is 200 ms.
  const budgets = new BudgetBook([
    {
      id: 'resync',
      limitFormula: 'memoryGiB * 100',
      formula: { op: '*', left: { op: 'param', name: 'memoryGiB' }, right: { op: 'num', value: 100 } },
      params: ['memoryGiB'],
      unit: 'ms',
      marginalBand: 0.2,
      source: 'test',
      requirements: ['FT-02'],
      definedAt: 'test',
    },
  ]);
  const { fake, history, opts } = await setup(t, budgets);
  const r = await runTestcases(
    planTestcases(
      [
        slowUndo('slow-undo-unsampled'),
      ],
      [fake.bound()],
      1,
    ),
    opts(),
  );
  t.is(r.outcome, 'passed', r.ends[0]?.reason);
  t.deepEqual(undos(history.records), ['pull module 0 ok']);
  t.true(history.records.some((x) => x.type === 'sample'), 'the runner sampled the device to size the undo');
});
