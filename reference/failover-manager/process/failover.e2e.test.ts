/**
 * The manager process's parts on a real cluster (`ftlab emulate cluster --tls` at 50x): it reads
 * the lab file (HTTPS, verified against the run's CA), builds its table from the devices, detects
 * a CPU fault on srv01 from srv01's own BMC event stream, fences srv01, moves its boot volume,
 * zoning and VLAN to srv08 and boots it — and the cluster's ground truth says crm answers from
 * srv08. The decision core here is the hand-made one of testing/ (main.e2e.test.ts runs the real
 * one); the plan it returns is read off the lab.
 */
import test from 'ava';
import { FM } from '../api/resources.ts';
import { ScaledClock } from '../../../lib/clock.ts';
import { waitFor } from '../../../lib/deadline.ts';
import { createLogger } from '../../../lib/log.ts';
import { curlJson } from '../../../simulators/cluster/testing/http.ts';
import type { DecisionRecord, ManagerEvent } from './journal.ts';
import { readLabFile } from './lab-file.ts';
import { startManager } from './start.ts';
import { ACCOUNT, answeredBy, startClusterLab, type Truth } from '../testing/cluster-lab.ts';
import { handCore } from '../testing/hand-core.ts';

const SCALE = 50;
const power = (t: Truth, system: string): string | undefined => t.Systems.find((s) => s.Id === system)?.PowerState;

test('a CPU fault on srv01: detected, fenced, remapped, zoned, VLAN moved, srv08 booted; crm answers from srv08', async (t) => {
  const lab = await startClusterLab(t, SCALE, { tls: true });
  const before = await lab.until('crm answers from srv01', (x) => answeredBy(x, 'crm') === 'srv01', 60_000);
  const core = handCore({ standby: 'srv08', failoverOn: ['Cpu'], shutdownMs: 30_000, dumpMs: 120_000, array: 'array1', ethernetSwitch: 'sw1' });
  const m = await startManager({
    name: 'fm1', lab: readLabFile(lab.labFile), core, config: core.loadConfig(undefined), defects: core.parseDefects([]), defectNames: [],
    clock: new ScaledClock(SCALE), timeScale: SCALE, logger: createLogger({ level: 'warn' }), bind: '127.0.0.1', port: 0, account: ACCOUNT,
  });
  t.teardown(() => m.close());
  const api = (path: string) => curlJson(m.announcement.redfish, 'GET', `${FM}${path}`, ACCOUNT);

  // The table is built from the BMCs: every server, with the power the ground truth has.
  const table = (await api('/ManagementTable')).body as { Table: { servers: Array<{ id: string; powerState: string }> } };
  t.deepEqual(table.Table.servers.map((s) => [s.id, s.powerState]), before.Servers.map((s) => [s.Id, power(before, before.Systems.find((x) => x.Members.includes(s.Id))?.Id ?? '')]));

  t.true([200, 204].includes(await lab.inject('srv01', 'InjectFault', { Fault: 'Cpu' })));
  const after = await lab.until('crm answers from srv08', (x) => answeredBy(x, 'crm') === 'srv08', 60_000);
  t.is(power(after, 'srv01'), 'Off');
  t.deepEqual(after.Corruptions, [], 'no two systems ran the boot volume at once');

  const decisions = (await api('/Decisions')).body?.Members as DecisionRecord[];
  t.is(decisions.length, 1);
  const d = decisions[0];
  t.like(d, { state: 'completed', decision: { kind: 'failover', standby: ['srv08'], failure: { server: 'srv01', faultType: 'Cpu' } } });
  t.deepEqual(d?.steps.map((s) => s.step.op), ['fence', 'unmap', 'map', 'zone-remove', 'zone-add', 'zone-activate', 'zone-remove', 'zone-add', 'zone-activate', 'vlan', 'vlan', 'boot', 'notify']);
  t.true(d?.steps.every((s) => s.result === 'ok' && s.startedAt !== null && s.endedAt !== null && s.startedAt <= s.endedAt));
  // A crashed OS ignores the graceful request: ForceOff after the shutdown deadline.
  t.regex(d?.steps[0]?.detail ?? '', /^ForceOff after 30000 lab ms without shutting down$/);
  t.regex(d?.steps[2]?.detail ?? '', /created host group hg-srv08 with 21:00:00:24:ff:00:08:00, 21:00:00:24:ff:00:08:01; boot-crm is LUN 0 of hg-srv08/);
  const events = (await api('/Events')).body?.Members as ManagerEvent[];
  t.true(events.some((e) => e.messageId === 'FailoverManager.FailureDetected' && e.server === 'srv01' && /Cpu/.test(e.message)));
  t.true(events.some((e) => e.messageId === 'FailoverManager.FailoverCompleted'));
  t.is(power(after, 'srv02'), power(before, 'srv02'), 'the other servers are left alone');

  // A fan fault is typed "no failover": a no-action decision and nothing changes.
  t.true([200, 204].includes(await lab.inject('srv05', 'InjectFault', { Fault: 'Fan' })));
  await waitFor('the fan fault is decided on', 10_000, async () => (((await api('/Decisions')).body?.Members as unknown[]).length === 2 ? true : undefined), { intervalMs: 50 });
  const last = ((await api('/Decisions')).body?.Members as DecisionRecord[])[1];
  t.like(last, { state: 'no-action', steps: [], decision: { kind: 'no-action', failure: { server: 'srv05', faultType: 'Fan' } } });
  t.deepEqual((await lab.truth()).Systems.map((s) => [s.Id, s.PowerState]), after.Systems.map((s) => [s.Id, s.PowerState]));
});
