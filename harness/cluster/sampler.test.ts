/**
 * The sampler's loop on in-memory devices (the drivers against a real cluster are the e2e test's,
 * scenarios/failover/lib/manual-failover.e2e.test.ts): readings on events name the event, never
 * overlap, fresh() waits for a reading asked for after it, a failed read is counted and left out;
 * the failover manager's decisions of the testcase only.
 * The period is long, so every reading here is one the test asked for.
 */
import test from 'ava';
import type { BmcEvent, CapabilityMap, LunMappingView } from '../../drivers/capabilities/index.ts';
import type { DecisionRecord, Step, StepResult } from '../../lib/domains/failover/manager.ts';
import { stateOf } from '../../lib/domains/failover/samples.ts';
import { systemClock } from '../../lib/clock.ts';
import { waitFor } from '../../lib/deadline.ts';
import { silentLogger } from '../../lib/log.ts';
import { ClusterSampler, type SampledDevice } from './sampler.ts';

interface Recorded {
  device: string;
  capability: string;
  state: unknown;
  readStart: number;
  trigger?: { eventTimestamp: string; messageId: string };
}

function arrayDevice(view: { current: LunMappingView }, gate: { wait: Promise<void> | null; reads: number; inFlight: number; most: number }) {
  const listeners = new Set<(e: BmcEvent) => void>();
  const LunMapping = {
    kind: 'LunMapping',
    async read(): Promise<LunMappingView> {
      gate.reads++;
      gate.most = Math.max(gate.most, ++gate.inFlight);
      await gate.wait;
      gate.inFlight--;
      return structuredClone(view.current);
    },
  } as unknown as CapabilityMap['LunMapping'];
  const device: SampledDevice = { device: 'array1', kind: 'array', caps: { LunMapping }, onEachEvent: (fn) => (listeners.add(fn), () => listeners.delete(fn)) };
  const send = (id: string): void => {
    const e: BmcEvent = { id, messageId: 'ResourceEvent.1.4.ResourceCreated', messageArgs: [], message: '', severity: 'OK', originOfCondition: '/c/1', eventTimestamp: `2026-12-06T00:00:0${id}.000Z`, receivedAt: systemClock.now(), extra: {} };
    for (const l of listeners) l(e);
  };
  return { device, send };
}

const view = (groups: string[]): LunMappingView => ({
  array: 'array1',
  volumes: [{ id: 'boot', uri: '/v/boot', naa: null, capacityBytes: null, bootCapable: true, reachableFrom: null }],
  hostGroups: groups.map((g) => ({ id: g, uri: `/g/${g}`, initiators: [`w-${g}`], etag: null })),
  connections: groups.map((g) => ({ id: g, uri: `/c/${g}`, hostGroup: g, luns: [{ volume: 'boot', lun: 0 }], etag: null })),
});

function sampler(records: Recorded[]): ClusterSampler {
  return new ClusterSampler({ clock: systemClock, log: silentLogger, periodMs: 600_000, readWithinMs: 5000, record: (r) => records.push(r) });
}

test('an event asks for a reading that names it; events during a reading ask for exactly one more; readings never overlap', async (t) => {
  const records: Recorded[] = [];
  const v = { current: view(['hg1']) };
  let release: () => void = () => undefined;
  const gate = { wait: null as Promise<void> | null, reads: 0, inFlight: 0, most: 0 };
  const { device, send } = arrayDevice(v, gate);
  const s = sampler(records);
  await s.start([device]);
  t.is(records.length, 1, 'the first reading is taken at start');
  gate.wait = new Promise((r) => (release = r));
  v.current = view(['hg2']);
  send('1');
  await waitFor('the reading asked for by event 1 started', 5000, async () => (gate.inFlight === 1 ? true : undefined), { clock: systemClock, intervalMs: 5 });
  send('2');
  send('3');
  gate.wait = null;
  release();
  await waitFor('two more readings', 5000, async () => (records.length === 3 ? true : undefined), { clock: systemClock, intervalMs: 5 });
  const [summary] = await s.stop();
  t.is(gate.most, 1);
  t.deepEqual(records.map((r) => r.trigger?.eventTimestamp ?? null), [null, '2026-12-06T00:00:01.000Z', '2026-12-06T00:00:03.000Z']);
  t.deepEqual(records.map((r) => (r.state as { volumes: Array<{ paths: Array<{ hostGroup: string }> }> }).volumes[0]?.paths[0]?.hostGroup), ['hg1', 'hg2', 'hg2']);
  t.true(records.every((r) => r.device === 'array1' && r.capability === 'LunMapping'));
  t.like(summary, { device: 'array1', readings: 3, failed: 0, missing: [] });
});

test('fresh() resolves after a reading asked for after it; a failed read is counted, not recorded; what a kind needs and lacks is named', async (t) => {
  const records: Recorded[] = [];
  const v = { current: view(['hg1']) };
  const gate = { wait: null as Promise<void> | null, reads: 0, inFlight: 0, most: 0 };
  const { device } = arrayDevice(v, gate);
  const bare: SampledDevice = { device: 'srv01', kind: 'server', caps: {}, onEachEvent: () => () => undefined };
  const s = sampler(records);
  await s.start([device, bare]);
  v.current = view([]);
  await s.fresh();
  t.deepEqual((records.at(-1)?.state as { volumes: Array<{ paths: unknown[] }> }).volumes[0]?.paths, []);
  gate.wait = Promise.reject(new Error('HTTP 503'));
  gate.wait.catch(() => undefined);
  await s.fresh();
  const summaries = await s.stop();
  t.is(records.length, 2);
  t.deepEqual(summaries, [
    { device: 'array1', readings: 3, failed: 1, missing: [] },
    { device: 'srv01', readings: 3, failed: 0, missing: ['SystemHealth'] },
  ]);
  await s.fresh();
});

/** A decision as the manager's API serves it: `steps` as [op, result, startedAt second, endedAt second]. */
function decision(id: number, state: DecisionRecord['state'], steps: Array<[Step, StepResult, number | null, number | null]>): DecisionRecord {
  const at = (s: number | null): string | null => (s === null ? null : `2026-12-06T00:00:${String(s).padStart(2, '0')}.000Z`);
  const failure = { server: 'srv01', faultType: 'PowerLoss', evidence: { messageId: 'ResourceEvent.1.4.ResourcePoweredOff', at: '2026-12-06T00:00:00.000Z' } };
  return {
    id,
    decidedAt: at(id) ?? '',
    decision: { kind: 'failover', failure, standby: ['srv08'], reason: 'exact', steps: steps.map(([s]) => s) },
    state,
    endedAt: state === 'running' ? null : at(20),
    steps: steps.map(([step, result, from, to], index) => ({ index, step, startedAt: at(from), endedAt: at(to), durationMs: from !== null && to !== null ? (to - from) * 1000 : null, result, detail: result === 'failed' ? 'array1 refused: 409' : null })),
  };
}

test("the failover manager's decisions: those it had finished before the first reading are left out, the rest recorded compactly", async (t) => {
  const records: Recorded[] = [];
  const done = decision(1, 'completed', [[{ op: 'boot', server: 'srv03' }, 'ok', 1, 2]]);
  const notify: Step = { op: 'notify', severity: 'Warning', message: 'no standby for srv02' };
  const pending: DecisionRecord = { ...decision(2, 'no-standby', [[notify, 'not-run', null, null]]), endedAt: null };
  pending.decision = { kind: 'no-standby', failure: { ...done.decision.failure, server: 'srv02' }, reason: 'none qualifies', steps: [notify] };
  const served: { current: DecisionRecord[] } = { current: [done, pending] };
  const FailoverManagerView = { kind: 'FailoverManagerView', decisions: async () => structuredClone(served.current) } as unknown as CapabilityMap['FailoverManagerView'];
  const fm: SampledDevice = { device: 'fm-cluster1', kind: 'failover-manager', caps: { FailoverManagerView }, onEachEvent: () => () => undefined };
  const s = sampler(records);
  await s.start([fm]);
  const fence: Step = { op: 'fence', server: 'srv01', waitForDump: false };
  const unmap: Step = { op: 'unmap', array: 'array1', hostGroup: 'hg-srv01', volume: 'boot-crm' };
  const boot: Step = { op: 'boot', server: 'srv08' };
  served.current = [done, pending, decision(3, 'running', [[fence, 'ok', 4, 9], [unmap, 'running', 9, null], [boot, 'not-run', null, null]])];
  await s.fresh();
  served.current = [done, pending, decision(3, 'failed', [[fence, 'ok', 4, 9], [unmap, 'failed', 9, 10], [boot, 'not-run', null, null]])];
  await s.fresh();
  const [summary] = await s.stop();
  t.like(summary, { device: 'fm-cluster1', failed: 0, missing: [] });
  t.true(records.every((r) => r.capability === 'FailoverManagerView'));
  const states = records.map((r) => stateOf({ capability: r.capability, state: r.state }, 'FailoverManagerView'));
  t.deepEqual(states[0]?.decisions.map((d) => [d.id, d.kind, d.steps.map((x) => [x.op, x.target, x.result])]), [[2, 'no-standby', [['notify', 'Warning: no standby for srv02', 'not-run']]]], 'decision 1 was done before the testcase; 2 had not notified yet');
  t.deepEqual(states.at(-1)?.decisions.filter((d) => d.id === 3), [
    {
      id: 3, kind: 'failover', state: 'failed', decidedAt: '2026-12-06T00:00:03.000Z', endedAt: '2026-12-06T00:00:20.000Z', server: 'srv01', faultType: 'PowerLoss', standby: ['srv08'], reason: 'exact',
      steps: [
        { op: 'fence', target: 'srv01', startedAt: '2026-12-06T00:00:04.000Z', endedAt: '2026-12-06T00:00:09.000Z', result: 'ok', detail: null },
        { op: 'unmap', target: 'boot-crm from hg-srv01 on array1', startedAt: '2026-12-06T00:00:09.000Z', endedAt: '2026-12-06T00:00:10.000Z', result: 'failed', detail: 'array1 refused: 409' },
        { op: 'boot', target: 'srv08', startedAt: null, endedAt: null, result: 'not-run', detail: null },
      ],
    },
  ]);
  t.deepEqual(states.map((x) => x?.decisions.map((d) => d.id)), [[2], [2, 3], [2, 3]]);
  t.is(states[1]?.decisions[1]?.steps[1]?.result, 'running', 'a reading while a step runs says so');
});
