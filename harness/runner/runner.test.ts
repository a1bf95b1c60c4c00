import test, { type ExecutionContext } from 'ava';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { systemClock } from '../../lib/clock.ts';
import type { FaultRecord, HistoryRecord, MeasurementRecord, ScenarioEnd } from '../../lib/history/records.ts';
import { silentLogger } from '../../lib/log.ts';
import { BudgetBook } from '../budgets/load.ts';
import { HistoryWriter } from '../history/writer.ts';
import { defineScenario, optionalCap, type ScenarioDef, type SoloContext } from '../scenario.ts';
import { soloContext } from '../solo-context.ts';
import { ftStateOf } from '../../lib/domains/ft/state.ts';
import { FakeFtDevice } from '../testing/fake-ft.ts';
import type { CapabilityName } from '../../drivers/capabilities/index.ts';
import { planTestcases } from './plan.ts';
import { runTestcases } from './runner.ts';

const budgets = new BudgetBook([
  { id: 'blackout', limit: 100, params: [], unit: 'ms', marginalBand: 0.2, source: 'test', requirements: ['FT-08'], definedAt: 'test' },
  {
    id: 'hv-blackout',
    limitFormula: 'memoryGiB * 1000 / 8 + 500',
    formula: { op: '+', left: { op: '/', left: { op: '*', left: { op: 'param', name: 'memoryGiB' }, right: { op: 'num', value: 1000 } }, right: { op: 'num', value: 8 } }, right: { op: 'num', value: 500 } },
    params: ['memoryGiB'],
    unit: 'ms',
    marginalBand: 0.1,
    source: 'test',
    requirements: ['FT-09'],
    definedAt: 'test',
  },
]);

async function setup(t: ExecutionContext, opts: ConstructorParameters<typeof FakeFtDevice>[0] = {}) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ftlab-runner-'));
  const fake = new FakeFtDevice(opts);
  await fake.start();
  const history = new HistoryWriter(path.join(dir, 'history.jsonl'));
  t.teardown(async () => {
    history.close();
    await fake.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  const ctrl = new AbortController();
  const run = async (defs: ScenarioDef[], repeat = 1) =>
    runTestcases(planTestcases(defs, [fake.bound()], repeat), { history, budgets, clock: systemClock, log: silentLogger, signal: ctrl.signal, undoDeadlineMs: 2000 });
  return { fake, history, ctrl, run, dir };
}

type Solo = SoloContext<CapabilityName>;

/** A one-role scenario on the fake ft device (role "ft"), its run given the solo context. */
function scenario(id: string, run: (ctx: Solo) => Promise<void>, extra: Partial<Omit<ScenarioDef, 'run' | 'roles'>> & { needs?: CapabilityName[] } = {}): ScenarioDef {
  const { needs = ['FtLabFaultInjection', 'FtState', 'EventSource'], ...rest } = extra;
  return {
    id,
    title: id,
    requirements: ['FT-01'],
    tags: [],
    suites: ['test'],
    roles: { ft: { kind: 'ft', needs } },
    timeoutMs: 20_000,
    run: (ctx) => run(soloContext(ctx, 'ft')),
    ...rest,
  };
}

const faults = (records: HistoryRecord[]) => records.filter((r): r is FaultRecord => r.type === 'fault').map((r) => `${r.action} ${r.fault}${r.ok ? '' : ' FAILED'}`);
const ends = (records: HistoryRecord[]) => records.filter((r): r is ScenarioEnd => r.type === 'scenario-end');

async function pullBoth(ctx: SoloContext<'FtLabFaultInjection'>) {
  const fi = ctx.caps.FtLabFaultInjection;
  await ctx.fault('pull module 0', { module: 0 }, () => fi.pullModule(0), () => fi.insertModule(0));
  await ctx.fault('isolate cpu 1', { module: 1 }, () => fi.injectError({ module: 1, subsystem: 'Cpu', kind: 'Transient' }), () => fi.insertModule(1));
}

test('on success the undos run in reverse order and the device is restored', async (t) => {
  const { fake, history, run } = await setup(t);
  const r = await run([
    scenario('ok', async (ctx) => {
      await pullBoth(ctx);
      ctx.check('both modules out', { kind: 'assertion' }, () => (fake.modules.every((m) => m !== 'Duplex') ? true : 'a module is still in duplex'));
    }),
  ]);
  t.is(r.outcome, 'passed');
  t.deepEqual(faults(history.records), ['register pull module 0', 'inject pull module 0', 'register isolate cpu 1', 'inject isolate cpu 1', 'undo isolate cpu 1', 'undo pull module 0']);
  t.deepEqual(fake.modules, ['Duplex', 'Duplex']);
  t.deepEqual(fake.calls.slice(-2), ['insertModule 1', 'insertModule 0']);
});

test('on failure the undos still run in reverse order; ctx.fail gives "failed" with the message', async (t) => {
  const { fake, history, run } = await setup(t);
  const r = await run([
    scenario('fails', async (ctx) => {
      await pullBoth(ctx);
      ctx.fail('the workload stopped');
    }),
  ]);
  t.is(r.outcome, 'failed');
  t.is(r.ends[0]?.reason, 'the workload stopped');
  t.deepEqual(faults(history.records).filter((f) => f.startsWith('undo')), ['undo isolate cpu 1', 'undo pull module 0']);
  t.deepEqual(fake.modules, ['Duplex', 'Duplex']);
});

test('an undo registered before a failing injection still runs', async (t) => {
  const { fake, history, run } = await setup(t);
  const r = await run([
    scenario('inject-throws', async (ctx) => {
      await ctx.fault('half-applied', {}, async () => {
        fake.modules[0] = 'Absent';
        throw new Error('injection rejected halfway');
      }, () => ctx.caps.FtLabFaultInjection.insertModule(0));
    }),
  ]);
  t.is(r.outcome, 'failed');
  t.deepEqual(faults(history.records), ['register half-applied', 'inject half-applied FAILED', 'undo half-applied']);
  t.deepEqual(fake.modules, ['Duplex', 'Duplex']);
});

test('SIGINT (run signal) aborts the scenario in progress, undoes its faults and starts no further scenario', async (t) => {
  const { fake, history, ctrl, run } = await setup(t);
  const r = await run([
    scenario('long', async (ctx) => {
      await pullBoth(ctx);
      setImmediate(() => ctrl.abort());
      await ctx.waitForState('FtState', 'wait forever', 60_000, () => false);
    }),
    scenario('never', async () => undefined),
  ]);
  t.is(r.outcome, 'aborted');
  t.true(r.aborted);
  t.deepEqual(ends(history.records).map((e) => `${e.scenario.id} ${e.outcome}`), ['long aborted']);
  t.deepEqual(faults(history.records).filter((f) => f.startsWith('undo')), ['undo isolate cpu 1', 'undo pull module 0']);
  t.deepEqual(fake.modules, ['Duplex', 'Duplex']);
});

test('a failed undo is an infrastructure error, and the other undos still run', async (t) => {
  const { fake, history, run } = await setup(t);
  fake.failInsert = true;
  const r = await run([scenario('undo-fails', async (ctx) => pullBoth(ctx))]);
  t.is(r.outcome, 'infra-error');
  t.regex(r.ends[0]?.reason ?? '', /could not undo fault "isolate cpu 1" on fake0: module 1 did not seat/);
  t.deepEqual(faults(history.records).filter((f) => f.startsWith('undo')), ['undo isolate cpu 1 FAILED', 'undo pull module 0 FAILED']);
});

test('after a SUT failure a failed undo is its consequence: the verdict stays failed and names the undo', async (t) => {
  const { fake, run } = await setup(t);
  fake.failInsert = true;
  const r = await run([
    scenario('fails-then-undo-fails', async (ctx) => {
      await pullBoth(ctx);
      ctx.fail('module 1 never came back');
    }),
  ]);
  t.is(r.outcome, 'failed');
  t.regex(r.ends[0]?.reason ?? '', /^module 1 never came back; then could not undo fault "isolate cpu 1" on fake0: module 1 did not seat/);
});

test('a required check that was never evaluated fails the scenario', async (t) => {
  const { history, run } = await setup(t);
  const r = await run([
    scenario('forgot', async (ctx) => void ctx.check('evaluated one', { kind: 'assertion' }, () => true), {
      checks: [
        { name: 'evaluated one', kind: 'assertion' },
        { name: 'no split brain', kind: 'invariant', requirements: ['FT-07'] },
        { name: 'optional one', kind: 'assertion', required: false },
      ],
    }),
  ]);
  t.is(r.outcome, 'failed');
  t.is(r.ends[0]?.reason, 'required check no split brain was not evaluated');
  const check = history.records.find((x) => x.type === 'check' && x.name === 'no split brain');
  t.like(check, { evaluated: false, ok: false, required: true, requirements: ['FT-07'] });
  t.falsy(history.records.find((x) => x.type === 'check' && x.name === 'optional one'));
});

test('budget verdicts: pass, marginal (a flag on passed) and fail (budget-violation); limits from formulas', async (t) => {
  const { history, run } = await setup(t);
  const r = await run([
    scenario('pass', async (ctx) => ctx.measure('blackout', 50, { unit: 'ms', source: 'probe', budget: 'blackout' })),
    scenario('marginal', async (ctx) => ctx.measure('blackout', 90, { unit: 'ms', source: 'probe', budget: 'blackout' })),
    scenario('over', async (ctx) => ctx.measure('blackout', 101, { unit: 'ms', source: 'probe', budget: 'blackout' })),
    scenario('formula', async (ctx) => ctx.measure('hv', 8400, { unit: 'ms', source: 'events', budget: 'hv-blackout', budgetParams: { memoryGiB: 64 } })),
  ]);
  t.deepEqual(r.ends.map((e) => [e.scenario.id, e.outcome, e.marginal]), [
    ['pass', 'passed', false],
    ['marginal', 'passed', true],
    ['over', 'budget-violation', false],
    ['formula', 'passed', true],
  ]);
  const m = history.records.filter((x): x is MeasurementRecord => x.type === 'measurement');
  t.deepEqual(m.map((x) => x.verdict), ['pass', 'marginal', 'fail', 'marginal']);
  t.is(m[3]?.budget?.limit, 8500);
  t.deepEqual(m[3]?.budget?.params, { memoryGiB: 64 });
  t.is(m[0]?.margin, 0.5);
  t.deepEqual(m[0]?.requirements, ['FT-08']);
});

test('a phase deadline fails the scenario and the reason names the phase; an infra phase deadline is an infra-error', async (t) => {
  const { run } = await setup(t);
  const r = await run([
    scenario('sut-slow', async (ctx) => void (await ctx.waitForState('FtState', 'module 0 back to duplex', 50, () => false))),
    scenario('infra-slow', async (ctx) => void (await ctx.phase('prepare the lab', 50, (s) => ctx.clock.sleep(60_000, s), { infra: true }))),
    scenario('event-never', async (ctx) => void (await ctx.waitForEvent('resync complete event', 50, (e) => e.messageId === 'Nope'))),
  ]);
  t.is(r.ends[0]?.outcome, 'failed');
  t.regex(r.ends[0]?.reason ?? '', /"module 0 back to duplex" did not finish within 50 ms: last state: power On/);
  t.is(r.ends[1]?.outcome, 'infra-error');
  t.regex(r.ends[1]?.reason ?? '', /"prepare the lab"/);
  t.is(r.ends[2]?.outcome, 'failed');
  t.regex(r.ends[2]?.reason ?? '', /"resync complete event" did not finish within 50 ms: no event received/);
});

test('the overall scenario deadline ends a scenario that ignores its signal', async (t) => {
  const { run } = await setup(t);
  const r = await run([scenario('hangs', () => new Promise(() => undefined), { timeoutMs: 100 })]);
  t.is(r.outcome, 'failed');
  t.regex(r.ends[0]?.reason ?? '', /"scenario "hangs"" did not finish within 100 ms/);
});

test('deadlines are SUT time: a phase of 500 SUT ms at time scale 10 gets 50 ms wall, and the message says so', async (t) => {
  const { run } = await setup(t, { timeScale: 10 });
  const r = await run([scenario('scaled', async (ctx) => void (await ctx.phase('slow step', 500, (s) => ctx.clock.sleep(60_000, s))))]);
  t.regex(r.ends[0]?.reason ?? '', /"slow step" did not finish within 500 ms: SUT ms \(50 ms wall at time scale 10\)/);
});

test('transport errors from a capability are infra-errors; unmet needs skip with the reason', async (t) => {
  const { fake, run } = await setup(t, { without: ['WorkloadLocator'] });
  const r = await run([
    scenario('needs-workload', async () => undefined, { needs: ['WorkloadLocator'] }),
    scenario('refused', async (ctx) => {
      fake.refuse = true;
      await ctx.caps.FtState.snapshot();
    }),
  ]);
  t.is(r.ends[0]?.outcome, 'skipped');
  t.regex(r.ends[0]?.reason ?? '', /cannot provide WorkloadLocator on device "fake0"/);
  t.is(r.ends[1]?.outcome, 'infra-error');
  t.regex(r.ends[1]?.reason ?? '', /connection refused/);
});

test('a capability a role uses is bound (calls recorded) when the device offers it, and absent without skipping when not', async (t) => {
  const seen: Array<string | null> = [];
  const usesSettings = (id: string) =>
    ({
      ...scenario(id, async (ctx) => {
        const settings = optionalCap(ctx, 'SystemSettings');
        seen.push(settings ? await settings.assetTag() : null);
      }, { needs: ['FtState'] }),
      roles: { ft: { kind: 'ft', needs: ['FtState'], uses: ['SystemSettings'] } },
    }) satisfies ScenarioDef;
  const offered = await setup(t);
  offered.fake.assetTag = 'rack 7';
  const r = await offered.run([usesSettings('offered')]);
  t.is(r.ends[0]?.outcome, 'passed');
  t.true(readFileSync(path.join(offered.dir, 'history.jsonl'), 'utf8').includes('"capability":"SystemSettings"'), 'the call is recorded');
  const without = await setup(t, { without: ['SystemSettings'] });
  t.is((await without.run([usesSettings('not offered')])).ends[0]?.outcome, 'passed');
  t.deepEqual(seen, ['rack 7', null]);
});

test('invariants are judged over the history; a violated one is an invariant-violation, an inapplicable required one fails', async (t) => {
  const { run } = await setup(t);
  const noSplitBrain = {
    name: 'never both modules out',
    requirements: ['FT-07'],
    evaluate: (records: readonly HistoryRecord[]) => {
      const samples = records.filter((r) => r.type === 'sample');
      if (samples.length === 0) return { notApplicable: 'no state samples' };
      const bad = samples.find((s) => s.type === 'sample' && ftStateOf(s)?.activeModules.length === 0);
      return bad ? `no module in lockstep at t=${bad.t}` : true;
    },
  };
  const r = await run([
    scenario('holds', async (ctx) => void (await ctx.sample('FtState')), { invariants: [noSplitBrain], checks: [{ name: 'never both modules out', kind: 'invariant' }] }),
    scenario('violated', async (ctx) => {
      await pullBoth(ctx);
      await ctx.sample('FtState');
    }, { invariants: [noSplitBrain] }),
    scenario('not-applicable', async () => undefined, { invariants: [noSplitBrain] }),
  ]);
  t.deepEqual(r.ends.map((e) => e.outcome), ['passed', 'invariant-violation', 'failed']);
  t.regex(r.ends[1]?.reason ?? '', /no module in lockstep/);
  t.regex(r.ends[2]?.reason ?? '', /required check never both modules out was not evaluated \(not applicable: no state samples\)/);
});

test('calls, events and probe results are recorded; ctx.skip skips with the reason', async (t) => {
  const { fake, history, run } = await setup(t);
  const r = await run([
    scenario('observe', async (ctx) => {
      const probe = await ctx.startProbe('heartbeat', { gapThresholdMs: 30 });
      const since = ctx.clock.now();
      await ctx.fault('pull', { module: 0 }, () => ctx.caps.FtLabFaultInjection.pullModule(0), () => ctx.caps.FtLabFaultInjection.insertModule(0));
      const e = await ctx.waitForEvent('module removed', 5000, (x) => x.messageId.endsWith('ModuleRemoved'), { since });
      ctx.check('event names module 0', { kind: 'assertion' }, () => (e.messageArgs[0] === '0' ? true : `args ${e.messageArgs.join(',')}`));
      fake.stall(true);
      await ctx.clock.sleep(100);
      fake.stall(false);
      await ctx.clock.sleep(50);
      const rec = await probe.stop();
      ctx.check('probe saw the stall', { kind: 'assertion' }, () => (rec.gaps.length > 0 ? true : 'no gap'));
    }, { needs: ['FtLabFaultInjection', 'WorkloadLocator', 'EventSource'] }),
    scenario('skips', async (ctx) => ctx.skip('not in hypervisor mode')),
  ]);
  t.is(r.ends[0]?.outcome, 'passed', r.ends[0]?.reason);
  t.deepEqual([r.ends[1]?.outcome, r.ends[1]?.reason], ['skipped', 'not in hypervisor mode']);
  const types = new Set(history.records.map((x) => x.type));
  for (const ty of ['call', 'event', 'probe', 'clock-offset', 'phase-begin', 'phase-end'] as const) t.true(types.has(ty), ty);
  const call = history.records.find((x) => x.type === 'call' && x.method === 'pullModule');
  t.like(call, { capability: 'FtLabFaultInjection', ok: true, args: [0], device: 'fake0' });
  const off = history.records.find((x) => x.type === 'clock-offset');
  t.true(off?.type === 'clock-offset' && off.offsetMs > 0, 'the fake BMC runs 1 s ahead');
});

test('history is written line by line as the run goes (readable while a scenario runs)', async (t) => {
  const { history, run } = await setup(t);
  let seenDuringRun: string[] = [];
  await run([
    scenario('peek', async (ctx) => {
      await ctx.fault('pull', { module: 0 }, () => ctx.caps.FtLabFaultInjection.pullModule(0), () => ctx.caps.FtLabFaultInjection.insertModule(0));
      seenDuringRun = readFileSync(history.file, 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as HistoryRecord).type);
    }),
  ]);
  t.deepEqual(seenDuringRun.filter((x) => x !== 'clock-offset' && x !== 'call'), ['scenario-begin', 'fault', 'fault']);
  const after = readFileSync(history.file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as HistoryRecord);
  t.is(after.at(-1)?.type, 'scenario-end');
});

test('--repeat runs each scenario N times, with the iteration in the scenario reference', async (t) => {
  const { run } = await setup(t);
  const r = await run([scenario('a', async () => undefined), scenario('b', async () => undefined)], 3);
  t.deepEqual(r.ends.map((e) => `${e.scenario.id}#${e.scenario.iteration}@${e.scenario.binding}`), ['a#0@fake0', 'a#1@fake0', 'a#2@fake0', 'b#0@fake0', 'b#1@fake0', 'b#2@fake0']);
});

test('defineScenario keeps needs and caps in sync', (t) => {
  const def = defineScenario({
    id: 'x',
    title: 'x',
    requirements: [],
    tags: [],
    suites: [],
    roles: { bmc: { kind: 'ft', needs: ['PowerControl'] } },
    timeoutMs: 1,
    run: async (ctx) => void ctx.role('bmc').caps.PowerControl,
  });
  t.deepEqual(def.roles.bmc.needs, ['PowerControl']);
});

test('onFailure steps run when the testcase failed, before teardown and before the faults are undone; not when it passed', async (t) => {
  const { fake, history, run } = await setup(t);
  const seen: string[] = [];
  const failing = scenario('fails-with-a-fault', async (ctx) => {
    ctx.onFailure('collect state', async () => void seen.push(`module 0 ${fake.modules[0]}, ${ctx.events().length} event(s) kept`));
    await ctx.fault('pull', { module: 0 }, () => ctx.caps.FtLabFaultInjection.pullModule(0), () => ctx.caps.FtLabFaultInjection.insertModule(0));
    await ctx.waitForEvent('removed', 2000, (e) => e.messageId.endsWith('ModuleRemoved'));
    ctx.fail('the SUT did something wrong');
  });
  const passing = scenario('passes', async (ctx) => {
    ctx.onFailure('collect state', async () => void seen.push('ran for a pass'));
  });
  const r = await run([failing, passing]);
  t.deepEqual(r.ends.map((e) => e.outcome), ['failed', 'passed']);
  t.deepEqual(seen, ['module 0 Absent, 1 event(s) kept']);
  t.deepEqual(fake.modules, ['Duplex', 'Duplex']);
  t.true(history.records.some((x) => x.type === 'fault' && x.action === 'undo'));
});

test("the inventory's probe settings for a device reach its probes; a scenario's own interval wins", async (t) => {
  const { fake, history } = await setup(t);
  const bound = (probe: { intervalMs?: number; sourceAddress?: string }) => ({ ...fake.bound(), probe });
  const runOn = (device: ReturnType<typeof bound>, defs: ScenarioDef[]) =>
    runTestcases(planTestcases(defs, [device], 1), { history, budgets, clock: systemClock, log: silentLogger, signal: new AbortController().signal, undoDeadlineMs: 2000 });
  const probeFor = (opts: { intervalMs?: number }) => async (ctx: Solo) => void (await (await ctx.startProbe('heartbeat', opts)).stop());
  const needs: CapabilityName[] = ['WorkloadLocator'];
  const r = await runOn(bound({ intervalMs: 0.5, sourceAddress: '127.0.0.1' }), [scenario('device', probeFor({}), { needs }), scenario('own', probeFor({ intervalMs: 2 }), { needs })]);
  t.deepEqual(r.ends.map((e) => e.outcome), ['passed', 'passed']);
  t.deepEqual(history.records.filter((x) => x.type === 'probe').map((x) => x.type === 'probe' && x.intervalMs), [0.5, 2]);
  const wrong = await runOn(bound({ sourceAddress: '::1' }), [scenario('wrong-source', probeFor({}), { needs })]);
  t.is(wrong.ends[0]?.outcome, 'infra-error');
  t.regex(wrong.ends[0]?.reason ?? '', /source address "::1"/);
});
