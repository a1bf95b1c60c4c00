/**
 * Scenarios over several roles: three fake devices bound to three roles, sampled, faulted and
 * judged by an invariant that spans them; and testcases with disjoint bindings run concurrently.
 */
import test, { type ExecutionContext } from 'ava';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { systemClock } from '../../lib/clock.ts';
import { ftStateOf } from '../../lib/domains/ft/state.ts';
import { healthStateOf } from '../../lib/domains/system.ts';
import type { HistoryRecord, ScenarioBegin, ScenarioEnd } from '../../lib/history/records.ts';
import { silentLogger } from '../../lib/log.ts';
import { BudgetBook } from '../budgets/load.ts';
import type { BoundDevice } from '../devices/device.ts';
import { HistoryWriter } from '../history/writer.ts';
import { defineScenario, type InvariantDef } from '../scenario.ts';
import { FakeFtDevice, type FakeFtOptions } from '../testing/fake-ft.ts';
import { planTestcases } from './plan.ts';
import { runTestcases } from './schedule.ts';

async function lab(t: ExecutionContext, specs: FakeFtOptions[]) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ftlab-roles-'));
  const fakes = specs.map((s) => new FakeFtDevice(s));
  for (const f of fakes) await f.start();
  const history = new HistoryWriter(path.join(dir, 'history.jsonl'));
  t.teardown(async () => {
    history.close();
    for (const f of fakes) await f.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  return { fakes, history, devices: fakes.map((f) => f.bound()) };
}

const run = (history: HistoryWriter, defs: Parameters<typeof planTestcases>[0], devices: BoundDevice[], workers = 1) =>
  runTestcases(planTestcases(defs, devices, 1), { history, budgets: new BudgetBook([]), clock: systemClock, log: silentLogger, signal: new AbortController().signal, undoDeadlineMs: 2000, workers });

/**
 * N+1 in miniature: at every sampled instant at least one of the two ft servers is duplex, and
 * the monitor's system is on. Judged by replaying every device's samples in time order.
 */
const oneServerAlwaysDuplex: InvariantDef = {
  name: 'at every instant one ft server is duplex and the monitor is on',
  evaluate(records: readonly HistoryRecord[]) {
    const begin = records.find((r): r is ScenarioBegin => r.type === 'scenario-begin');
    const servers = [...(begin?.roles.primary ?? []), ...(begin?.roles.partner ?? [])];
    const monitor = begin?.roles.monitor?.[0];
    const duplex = new Map<string, boolean>();
    let monitorOn: boolean | undefined;
    const seen = new Set<string>();
    for (const r of records) {
      if (r.type !== 'sample') continue;
      seen.add(r.device);
      const ft = ftStateOf(r);
      if (ft) duplex.set(r.device, ft.activeModules.length === 2);
      const health = healthStateOf(r);
      if (health && r.device === monitor) monitorOn = health.powerState === 'On';
      if (servers.every((s) => duplex.has(s)) && servers.every((s) => duplex.get(s) === false)) return `no ft server was duplex at t=${Math.round(r.t)} ms (${servers.join(', ')})`;
      if (monitorOn === false) return `the monitor ${monitor} was off at t=${Math.round(r.t)} ms`;
    }
    const unsampled = [...servers, monitor].filter((d): d is string => d !== undefined && !seen.has(d));
    return unsampled.length ? { notApplicable: `never sampled: ${unsampled.join(', ')}` } : true;
  },
};

function threeRoles(id: string, breakPartnerToo: boolean) {
  return defineScenario({
    id,
    title: id,
    requirements: ['FO-01'],
    tags: [],
    suites: ['test'],
    roles: {
      primary: { kind: 'ft', needs: ['FtState', 'FtLabFaultInjection', 'EventSource'] },
      partner: { kind: 'ft', tags: ['partner'], needs: ['FtState', 'FtLabFaultInjection'] },
      monitor: { kind: 'server', needs: ['SystemHealth'] },
    },
    timeoutMs: 20_000,
    invariants: [oneServerAlwaysDuplex],
    async run(ctx) {
      const primary = ctx.role('primary');
      const partner = ctx.role('partner');
      const monitor = ctx.role('monitor');
      const sampleAll = () => Promise.all([primary.sample('FtState'), partner.sample('FtState'), monitor.sample('SystemHealth')]);
      await sampleAll();
      const fi = primary.caps.FtLabFaultInjection;
      await primary.fault('pull module 0', { module: 0 }, () => fi.pullModule(0), () => fi.insertModule(0));
      await primary.waitForEvent('removal announced', 5000, (e) => e.messageId.endsWith('ModuleRemoved'));
      if (breakPartnerToo) {
        const pfi = partner.caps.FtLabFaultInjection;
        await partner.fault('pull module 1', { module: 1 }, () => pfi.pullModule(1), () => pfi.insertModule(1));
      }
      await sampleAll();
    },
  });
}

const devicesFor = [{ name: 'ftA' }, { name: 'ftB', tags: ['partner'] }, { name: 'srv', kind: 'server' }];

test('three roles on three devices: bound by kind and tags, all sampled, judged by an invariant across them', async (t) => {
  const { history, devices, fakes } = await lab(t, devicesFor);
  const r = await run(history, [threeRoles('three-roles', false)], devices);
  t.is(r.outcome, 'passed', r.ends[0]?.reason);
  const begin = history.records.find((x): x is ScenarioBegin => x.type === 'scenario-begin');
  t.deepEqual(begin?.roles, { primary: ['ftA'], partner: ['ftB'], monitor: ['srv'] });
  t.is(begin?.scenario.binding, 'primary=ftA partner=ftB monitor=srv');
  const sampled = history.records.filter((x) => x.type === 'sample').map((x) => (x.type === 'sample' ? `${x.device}:${x.capability}` : ''));
  t.deepEqual([...new Set(sampled)].sort(), ['ftA:FtState', 'ftB:FtState', 'srv:SystemHealth']);
  const faults = history.records.filter((x) => x.type === 'fault').map((x) => (x.type === 'fault' ? `${x.action} ${x.device}` : ''));
  t.deepEqual(faults, ['register ftA', 'inject ftA', 'undo ftA']);
  t.deepEqual(fakes[0]?.modules, ['Duplex', 'Duplex'], 'the primary was restored by the ledger');
  t.like(history.records.find((x) => x.type === 'check'), { name: oneServerAlwaysDuplex.name, evaluated: true, ok: true });
});

test('the invariant across devices catches both servers degraded at once; undos run per device, newest first', async (t) => {
  const { history, devices } = await lab(t, devicesFor);
  const r = await run(history, [threeRoles('both-down', true)], devices);
  t.is(r.outcome, 'invariant-violation');
  t.regex(r.ends[0]?.reason ?? '', /no ft server was duplex at t=\d+ ms \(ftA, ftB\)/);
  const undos = history.records.filter((x) => x.type === 'fault' && x.action === 'undo').map((x) => (x.type === 'fault' ? x.device : ''));
  t.deepEqual(undos, ['ftB', 'ftA']);
});

test('a role the lab cannot fill is skipped with the reason', async (t) => {
  const { history, devices } = await lab(t, [{ name: 'ftA' }, { name: 'srv', kind: 'server' }]);
  const r = await run(history, [threeRoles('no-partner', false)], devices);
  t.is(r.ends[0]?.outcome, 'skipped');
  t.is(r.ends[0]?.reason, 'no device of kind "ft" tagged partner runs it for role "partner" (kind, tags and scenarios filters of ftA)');
});

function holdScenario(id: string) {
  return defineScenario({
    id,
    title: id,
    requirements: [],
    tags: [],
    suites: ['test'],
    roles: { ft: { kind: 'ft', needs: ['FtState'] } },
    timeoutMs: 20_000,
    invariants: [
      {
        name: 'sees only its own device',
        evaluate: (records) => {
          const devices = new Set(records.flatMap((x) => (x.type === 'sample' ? [x.device] : [])));
          return devices.size === 1 ? true : `samples of ${[...devices].join(', ')}`;
        },
      },
    ],
    async run(ctx) {
      const ft = ctx.role('ft');
      for (let i = 0; i < 5; i++) {
        await ft.sample('FtState');
        await ctx.clock.sleep(20, ctx.signal);
      }
    },
  });
}

test('--workers: testcases on disjoint devices overlap, on one device they never do; each is judged on its own records', async (t) => {
  const overlaps = (records: readonly HistoryRecord[]) => {
    let open = 0;
    let most = 0;
    for (const x of records) {
      if (x.type === 'scenario-begin') most = Math.max(most, ++open);
      if (x.type === 'scenario-end') open--;
    }
    return most;
  };
  const two = await lab(t, [{ name: 'ft0' }, { name: 'ft1' }]);
  const r2 = await run(two.history, [holdScenario('a'), holdScenario('b')], two.devices, 2);
  t.is(r2.outcome, 'passed', r2.ends.map((e) => e.reason).join('; '));
  t.is(overlaps(two.history.records), 2);
  t.deepEqual(r2.ends.map((e: ScenarioEnd) => `${e.scenario.id}@${e.scenario.binding}`).sort(), ['a@ft0', 'a@ft1', 'b@ft0', 'b@ft1']);

  const one = await lab(t, [{ name: 'ft0' }]);
  const r1 = await run(one.history, [holdScenario('a'), holdScenario('b')], one.devices, 2);
  t.is(r1.outcome, 'passed');
  t.is(overlaps(one.history.records), 1);
});
