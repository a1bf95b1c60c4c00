/**
 * The sampler's loop on in-memory devices (the drivers against a real cluster are the e2e test's,
 * scenarios/failover/lib/manual-failover.e2e.test.ts): readings on events name the event, never
 * overlap, fresh() waits for a reading asked for after it, a failed read is counted and left out.
 * The period is long, so every reading here is one the test asked for.
 */
import test from 'ava';
import type { BmcEvent, CapabilityMap, LunMappingView } from '../../drivers/capabilities/index.ts';
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
