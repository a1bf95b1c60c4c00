/**
 * The manager's API over real HTTP (curl), on a real cluster at 10x: the service root is open,
 * everything else needs the lab's account; every mutating method is 405 but the scale-out action;
 * the event log streams as SSE. On the same cluster: the fence waits while the failed server
 * writes a dump (its BMC's DumpStarted), then shuts it down gracefully; a BMC that stops answering
 * is a failure of type BmcNotAnswering, and answering again is an event; a step that fails stops
 * the decision there, with a Critical notification.
 */
import test from 'ava';
import { spawn } from 'node:child_process';
import { ScaledClock } from '../../../lib/clock.ts';
import { waitFor } from '../../../lib/deadline.ts';
import { createLogger } from '../../../lib/log.ts';
import { curlJson } from '../../../simulators/cluster/testing/http.ts';
import type { DecisionRecord, ManagerEvent } from '../process/journal.ts';
import { readLabFile } from '../process/lab-file.ts';
import { startManager } from '../process/start.ts';
import { ACCOUNT, startClusterLab } from '../testing/cluster-lab.ts';
import { handCore } from '../testing/hand-core.ts';
import { FM } from './resources.ts';

// 10x: a 90 s dump lasts 9 s, longer than the table rebuild before the fence on a loaded machine.
const SCALE = 10;
/** The manager's shutdown deadline, 5 s of lab time more than the cluster's 20 s shutdown. */
const SHUTDOWN_MS = 25_000;

test('API: auth, read-only, SSE, scale-out; the fence waits for a dump; a silent BMC is a failure', async (t) => {
  const lab = await startClusterLab(t, SCALE);
  await lab.until('web answers from srv02', (x) => x.Businesses.find((b) => b.Id === 'web')?.AnsweredBy === 'srv02', 60_000);
  const core = handCore({ standby: 'srv08', failoverOn: ['Cpu'], fenceOnlyOn: ['PowerSupply'], brokenOn: ['Fan'], shutdownMs: SHUTDOWN_MS, dumpMs: 120_000, array: 'array1', ethernetSwitch: 'sw1' });
  const m = await startManager({
    name: 'fm1', lab: readLabFile(lab.labFile), core, config: core.loadConfig(undefined), defects: core.parseDefects([]), defectNames: [],
    clock: new ScaledClock(SCALE), timeScale: SCALE, logger: createLogger({ silent: true }), bind: '127.0.0.1', port: 0, account: ACCOUNT,
  });
  t.teardown(() => m.close());
  const base = m.announcement.redfish;
  t.like(m.announcement, { name: 'fm1', kind: 'failover-manager', cluster: 'default', defects: [] });
  t.regex(base, /^http:\/\/127\.0\.0\.1:\d+$/);

  t.like(await curlJson(base, 'GET', '/redfish/v1', { user: 'nobody', password: 'x' }), { status: 200, body: { Oem: { FailoverManager: { '@odata.id': FM } } } });
  t.like(await curlJson(base, 'GET', FM, { user: ACCOUNT.user, password: 'wrong' }), { status: 401 });
  t.like(await curlJson(base, 'GET', FM, ACCOUNT), { status: 200, body: { TimeScale: SCALE, Decisions: { '@odata.id': `${FM}/Decisions` } } });
  for (const [method, path] of [['POST', '/Decisions'], ['PATCH', '/ManagementTable'], ['DELETE', '/Config'], ['PUT', '/Events'], ['GET', '/Actions/FailoverManager.SelectScaleOut']] as const) {
    t.like(await curlJson(base, method, `${FM}${path}`, ACCOUNT, method === 'GET' ? undefined : {}), { status: 405 }, `${method} ${path}`);
  }
  t.like(await curlJson(base, 'GET', `${FM}/Nothing`, ACCOUNT), { status: 404 });
  t.like(await curlJson(base, 'GET', `${FM}/Config`, ACCOUNT), { status: 200, body: { Config: { standby: 'srv08', shutdownMs: SHUTDOWN_MS } } });
  t.like(await curlJson(base, 'POST', `${FM}/Actions/FailoverManager.SelectScaleOut`, ACCOUNT, { like: 'srv01' }), { status: 200, body: { Selection: { request: { like: 'srv01' }, server: 'srv08' } } });

  const sse = spawn('curl', ['-sN', '-u', `${ACCOUNT.user}:${ACCOUNT.password}`, `${base}${FM}/Events/SSE`]);
  t.teardown(() => sse.kill());
  let stream = '';
  sse.stdout.on('data', (d: Buffer) => (stream += d.toString()));

  // A dump in progress on srv02, then a fault that fences it: the shutdown waits for the dump.
  t.true([200, 204].includes(await lab.inject('srv02', 'StartDump')));
  await lab.until('srv02 writes a dump', (x) => x.Systems.find((s) => s.Id === 'srv02')?.Dumping === true);
  t.true([200, 204].includes(await lab.inject('srv02', 'InjectFault', { Fault: 'PowerSupply' })));
  await lab.until('srv02 is off', (x) => x.Systems.find((s) => s.Id === 'srv02')?.PowerState === 'Off', 30_000);
  await m.manager.idle();
  const fenced = ((await curlJson(base, 'GET', `${FM}/Decisions`, ACCOUNT)).body?.Members as DecisionRecord[])[0];
  t.like(fenced, { state: 'no-standby', decision: { failure: { server: 'srv02', faultType: 'PowerSupply' } } });
  const waited = /^shut down gracefully, waited (\d+) lab ms for a dump$/.exec(fenced?.steps[0]?.detail ?? '');
  t.truthy(waited, fenced?.steps[0]?.detail ?? 'no fence step');
  // Graceful although dump wait + the cluster's 20 s shutdown exceed the deadline: the dump time did not count.
  t.true(Number(waited?.[1]) + 20_000 > SHUTDOWN_MS, `waited ${waited?.[1] ?? '?'} lab ms`);

  // srv06's BMC stops answering: after the silence, a BmcNotAnswering failure; repaired, an event.
  t.true([200, 204].includes(await lab.inject('srv06', 'StopAnswering')));
  await waitFor('the silent BMC is decided on', 30_000, async () => ((await curlJson(base, 'GET', `${FM}/Decisions`, ACCOUNT)).body?.Members as DecisionRecord[]).find((d) => d.decision.failure.faultType === 'BmcNotAnswering'), { intervalMs: 100 });
  t.is(await lab.repairBmc('srv06'), 200);
  await waitFor('the BMC answers again', 30_000, async () => ((await curlJson(base, 'GET', `${FM}/Events`, ACCOUNT)).body?.Members as ManagerEvent[]).find((e) => e.messageId === 'FailoverManager.BmcAnswering' && e.server === 'srv06'), { intervalMs: 100 });

  // A plan whose first step fails: the rest is not run (srv09 stays off), Critical notification.
  t.true([200, 204].includes(await lab.inject('srv05', 'InjectFault', { Fault: 'Fan' })));
  const broken = await waitFor('the broken plan ends', 30_000, async () => ((await curlJson(base, 'GET', `${FM}/Decisions`, ACCOUNT)).body?.Members as DecisionRecord[]).find((d) => d.decision.failure.faultType === 'Fan' && d.state !== 'running'), { intervalMs: 100 });
  t.like(broken, { state: 'failed', steps: [{ result: 'failed', detail: 'vlan sw1/no-such-port: the switch has no such port' }, { result: 'not-run', startedAt: null }] });
  const critical = ((await curlJson(base, 'GET', `${FM}/Events`, ACCOUNT)).body?.Members as ManagerEvent[]).filter((e) => e.severity === 'Critical' && e.messageId === 'FailoverManager.Notification');
  t.deepEqual(critical.map((e) => e.message), ['failover of srv05 to srv09 stopped at step 1 (vlan): vlan sw1/no-such-port: the switch has no such port']);
  t.is((await lab.truth()).Systems.find((s) => s.Id === 'srv09')?.PowerState, 'Off');

  await waitFor('the SSE stream carries the events', 5000, async () => (/stopped at step 1/.test(stream) ? true : undefined), { intervalMs: 50 });
  const streamed = stream.split('\n').filter((l) => l.startsWith('data: ')).map((l) => (JSON.parse(l.slice(6)) as ManagerEvent).messageId);
  const logged = ((await curlJson(base, 'GET', `${FM}/Events`, ACCOUNT)).body?.Members as ManagerEvent[]).map((e) => e.messageId);
  t.deepEqual(streamed, logged, 'the stream replays the log, then every later event, once each');
});
