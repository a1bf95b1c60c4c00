import test, { type ExecutionContext } from 'ava';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { systemClock } from '../../lib/clock.ts';
import { ftStateOf } from '../../lib/domains/ft/state.ts';
import type { HistoryRecord, SampleRecord } from '../../lib/history/records.ts';
import { silentLogger } from '../../lib/log.ts';
import { BudgetBook } from '../budgets/load.ts';
import { HistoryWriter } from '../history/writer.ts';
import type { ObserveSpec, ScenarioDef, SoloContext, StateReading } from '../scenario.ts';
import { soloContext } from '../solo-context.ts';
import { FakeFtDevice } from '../testing/fake-ft.ts';
import type { CapabilityName } from '../../drivers/capabilities/index.ts';
import { LeftChangedDevices } from './left-changed.ts';
import { planTestcases } from './plan.ts';
import { runTestcases } from './runner.ts';

async function setup(t: ExecutionContext) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ftlab-observe-'));
  const fake = new FakeFtDevice();
  await fake.start();
  const history = new HistoryWriter(path.join(dir, 'history.jsonl'));
  t.teardown(async () => {
    history.close();
    await fake.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  const run = (def: ScenarioDef | ScenarioDef[], leftChanged?: LeftChangedDevices) =>
    runTestcases(planTestcases([def].flat(), [fake.bound()], 1), {
      history, budgets: new BudgetBook([]), clock: systemClock, log: silentLogger, signal: new AbortController().signal, undoDeadlineMs: 300, ...(leftChanged ? { leftChanged } : {}),
    });
  return { fake, history, run };
}

type Solo = SoloContext<CapabilityName>;

function observed(id: string, observe: ObserveSpec, run: (ctx: Solo) => Promise<void>): ScenarioDef {
  return {
    id, title: id, requirements: ['FT-01'], tags: [], suites: ['test'], timeoutMs: 20_000, observe,
    roles: { ft: { kind: 'ft', needs: ['FtLabFaultInjection', 'FtState', 'EventSource'] } },
    run: (ctx) => run(soloContext(ctx, 'ft')),
  };
}

const ftSamples = (records: readonly HistoryRecord[]) => records.filter((r): r is SampleRecord => r.type === 'sample' && ftStateOf(r) !== null);
const moduleStates = (r: SampleRecord) => ftStateOf(r)?.modules.map((m) => m.opState).join(',');

/** Resolves once the history holds a sample `pred` accepts (the scenario itself never samples). */
async function sampleSeen(history: HistoryWriter, pred: (r: SampleRecord) => boolean, signal: AbortSignal): Promise<void> {
  while (!ftSamples(history.records).some(pred)) await systemClock.sleep(2, signal);
}

const duplexAgain = (before: StateReading, after: StateReading): string[] => {
  const b = before.FtState?.modules.map((m) => m.opState).join(',');
  const a = after.FtState?.modules.map((m) => m.opState).join(',');
  return a === b ? [] : [`modules ${a ?? '?'} (was ${b ?? '?'})`];
};

test('on every event the device state is read into the history (no period needed); events of the undo are still received', async (t) => {
  const { history, run } = await setup(t);
  const r = await run(
    observed('on-event', { periodMs: 60_000, settleMs: 1000, restored: duplexAgain }, async (ctx) => {
      const fi = ctx.caps.FtLabFaultInjection;
      await ctx.fault('pull module 0', { module: 0 }, () => fi.pullModule(0), () => fi.insertModule(0));
      await sampleSeen(history, (s) => moduleStates(s) === 'Absent,Duplex', ctx.signal);
    }),
  );
  t.is(r.outcome, 'passed');
  const states = ftSamples(history.records).map(moduleStates);
  t.is(states[0], 'Duplex,Duplex', 'the first reading is taken before run()');
  t.true(states.includes('Absent,Duplex'), 'the pull event made a reading');
  // The module is inserted only by the undo, which runs after the probes and other fixtures are gone.
  const inserted = history.records.findIndex((x) => x.type === 'event' && x.event.messageId.endsWith('ModuleInserted'));
  t.true(inserted > 0, 'the event stream stays open through the undo and the settle period');
  t.true(history.records.slice(inserted).some((x) => x.type === 'sample' && moduleStates(x) === 'Duplex,Duplex'), 'and the state after it is read (restore verified)');
});

test('periodic readings need no event: a scenario that only waits is observed', async (t) => {
  const { history, run } = await setup(t);
  const r = await run(
    observed('periodic', { periodMs: 1, settleMs: 0 }, async (ctx) => {
      await sampleSeen(history, () => ftSamples(history.records).length >= 3, ctx.signal);
    }),
  );
  t.is(r.outcome, 'passed');
  t.true(ftSamples(history.records).length >= 3);
});

test('verified restore: a lab the undos did not bring back is an infra-error naming what differs; one they did passes', async (t) => {
  const { fake, run } = await setup(t);
  const broken = await run(
    observed('not-restored', { periodMs: 5, settleMs: 0, restored: duplexAgain }, async (ctx) => {
      const fi = ctx.caps.FtLabFaultInjection;
      await ctx.fault('pull module 1', { module: 1 }, () => fi.pullModule(1), async () => undefined);
    }),
  );
  const end = broken.ends[0];
  t.is(end?.outcome, 'infra-error');
  t.regex(end?.reason ?? '', /not restored to its state before the scenario: fake0: modules Duplex,Absent \(was Duplex,Duplex\)/);
  await fake.bound().caps.FtLabFaultInjection?.insertModule(1);
  const fine = await run(
    observed('restored', { periodMs: 5, settleMs: 0, restored: duplexAgain }, async (ctx) => {
      const fi = ctx.caps.FtLabFaultInjection;
      await ctx.fault('pull module 1', { module: 1 }, () => fi.pullModule(1), () => fi.insertModule(1));
    }),
  );
  t.is(fine.ends[0]?.outcome, 'passed');
});

test('a lab not restored after a SUT failure keeps the SUT verdict (the failure explains it) and says both', async (t) => {
  const { fake, run } = await setup(t);
  t.teardown(() => fake.bound().caps.FtLabFaultInjection?.insertModule(1));
  const r = await run(
    observed('failed-and-not-restored', { periodMs: 5, settleMs: 0, restored: duplexAgain }, async (ctx) => {
      const fi = ctx.caps.FtLabFaultInjection;
      await ctx.fault('pull module 1', { module: 1 }, () => fi.pullModule(1), async () => undefined);
      ctx.fail('module 1 never came back');
    }),
  );
  t.is(r.ends[0]?.outcome, 'failed');
  t.regex(r.ends[0]?.reason ?? '', /module 1 never came back; then the lab was not restored to its state before the scenario: fake0: modules Duplex,Absent/);
});

test('a device left changed blocks the testcases after it (infra-error naming the one that changed it, nothing run) until it reads as before again', async (t) => {
  const { fake, run } = await setup(t);
  const ran: string[] = [];
  const pullNoUndo = observed('leaves-changed', { periodMs: 5, settleMs: 0, restored: duplexAgain }, async (ctx) => {
    const fi = ctx.caps.FtLabFaultInjection;
    await ctx.fault('pull module 1', { module: 1 }, () => fi.pullModule(1), async () => undefined);
  });
  const next = (id: string) => observed(id, { periodMs: 5, settleMs: 0, restored: duplexAgain }, async () => {
    ran.push(id);
  });
  const left = new LeftChangedDevices();
  const r = await run([pullNoUndo, next('after-1'), next('after-2')], left);
  t.deepEqual(r.ends.map((e) => e.outcome), ['infra-error', 'infra-error', 'infra-error']);
  t.regex(r.ends[1]?.reason ?? '', /^not run: leaves-changed on fake0 left device "fake0" changed and it still differs from its state before that testcase: modules Duplex,Absent \(was Duplex,Duplex\)$/);
  t.deepEqual(ran, []);
  await fake.bound().caps.FtLabFaultInjection?.insertModule(1);
  const back = await run(next('once-back'), left);
  t.is(back.ends[0]?.outcome, 'passed');
  t.deepEqual(ran, ['once-back']);
});

test('a recovery (ObserveSpec.recover, with every capability of the device) runs when the restore fails; the testcase stays not restored, the next one runs', async (t) => {
  const { run } = await setup(t);
  const recover: ObserveSpec['recover'] = async (target) => {
    await target.caps.FtLabFaultInjection?.insertModule(1);
    return ['inserted module 1'];
  };
  const spec = { periodMs: 5, settleMs: 0, restored: duplexAgain, recover };
  let ranAfter = false;
  const r = await run([
    observed('leaves-changed', spec, async (ctx) => {
      const fi = ctx.caps.FtLabFaultInjection;
      await ctx.fault('pull module 1', { module: 1 }, () => fi.pullModule(1), async () => undefined);
    }),
    observed('after', spec, async () => {
      ranAfter = true;
    }),
  ]);
  t.deepEqual(r.ends.map((e) => e.outcome), ['infra-error', 'passed']);
  t.regex(r.ends[0]?.reason ?? '', /not restored to its state before the scenario: fake0: modules Duplex,Absent \(was Duplex,Duplex\); recovery: fake0: inserted module 1$/);
  t.true(ranAfter);
});

test('waitForEvent with failOn: an event after which the awaited one cannot mean success fails the wait at once as a SUT failure', async (t) => {
  const { run } = await setup(t);
  const r = await run(
    observed('fail-on', { periodMs: 5, settleMs: 0, restored: duplexAgain }, async (ctx) => {
      const fi = ctx.caps.FtLabFaultInjection;
      const since = ctx.clock.now();
      await ctx.fault('pull module 1', { module: 1 }, () => fi.pullModule(1), () => fi.insertModule(1));
      await ctx.waitForEvent('module 1 isolated', 15_000, (e) => e.messageId.endsWith('ModuleIsolated'), { since, failOn: { pred: (e) => e.messageId.endsWith('ModuleRemoved'), what: 'the module was removed' } });
    }),
  );
  t.is(r.ends[0]?.outcome, 'failed');
  t.regex(r.ends[0]?.reason ?? '', /^the module was removed: FtServer\.1\.0\.ModuleRemoved\(1\) at \S+$/);
});
