import test from 'ava';
import type { HistoryRecord } from '../../lib/history/records.ts';
import { serverOfWwpn } from '../../lib/domains/failover/series.ts';
import { businessLanes, faultLane, stepsLane } from './lanes-events.ts';
import { managerClaimLanes } from './lanes-manager.ts';
import { loginLanes, maskingLanes, zoningLanes, type LaneContext } from './lanes-san.ts';
import { powerLane, vlanLanes } from './lanes-servers.ts';
import { pairsOf } from './summarize.ts';
import { claimed, claims, clockOffsets, event, inventory, logins, masking, power, scenario, step, vlans, zoning } from './testing.ts';
import type { FoLane } from './types.ts';

function ctx(records: readonly HistoryRecord[]): LaneContext {
  return { records, all: records, t0: 0, endMs: 100, pair: { failed: 'srv01', standby: 'srv08', owner: serverOfWwpn(records) } };
}

const seg = (l: FoLane | undefined): Array<[number, number, string, string, string]> => (l?.segments ?? []).map((s) => [s.start, s.end, s.label, s.tone, s.source]);

test('power: intervals from the samples, a change drawn over the window between the two readings that show it', (t) => {
  const records = [power(10, 'srv01', 'On'), power(20, 'srv01', 'On'), power(30, 'srv01', 'Off'), power(40, 'srv01', 'Off')];
  t.deepEqual(seg(powerLane(ctx(records), 'srv01', 'failed')), [
    [8, 20, 'On', 'on', 'sample'],
    [20, 28, '', 'between', 'window'],
    [28, 100, 'Off', 'off', 'sample'],
  ], "On until the last On reading answered (20), Off from the first Off reading's request (28), the change between");
});

test("power: the BMC's own event timestamp places the change when it falls between the readings; its ticks are the server's events", (t) => {
  const records = [...clockOffsets(['srv01']), power(10, 'srv01', 'On'), power(20, 'srv01', 'On'), power(30, 'srv01', 'Off'), event(33, 'srv01', 'ResourceEvent.1.4.ResourcePoweredOff', '/redfish/v1/Systems/srv01', 24)];
  const lane = powerLane(ctx(records), 'srv01', 'failed');
  t.deepEqual(seg(lane), [
    [8, 24, 'On', 'on', 'sample'],
    [24, 100, 'Off', 'off', 'event'],
  ]);
  t.regex(lane.segments[0]?.detail ?? '', /changed at 24 ms by srv01's event ResourcePoweredOff at 2026-12-06T00:00:00\.024Z$/);
  t.deepEqual(lane.ticks.map((k) => [k.at, k.label]), [[33, 'ResourcePoweredOff']]);
});

test('an event stamped outside the window is not believed: the window is drawn', (t) => {
  const records = [...clockOffsets(['srv01']), power(10, 'srv01', 'On'), power(30, 'srv01', 'Off'), event(33, 'srv01', 'ResourceEvent.1.4.ResourcePoweredOff', null, 31)];
  t.deepEqual(seg(powerLane(ctx(records), 'srv01', 'failed')).map((s) => s[4]), ['sample', 'window', 'sample']);
});

test('masking: which server holds the boot volume at which LUN, unmapped between, both at once in red', (t) => {
  const records = [inventory('srv01'), inventory('srv08'), masking(10, ['srv01']), masking(20, []), masking(30, ['srv08'])];
  t.deepEqual(seg(maskingLanes(ctx(records), [{ array: 'array1', volume: 'boot-crm' }])[0]).filter((s) => s[4] !== 'window'), [
    [8, 10, 'srv01 LUN 0 (hg-srv01)', 'failed', 'sample'],
    [18, 20, 'unmapped', 'none', 'sample'],
    [28, 100, 'srv08 LUN 0 (hg-srv08)', 'standby', 'sample'],
  ]);
  const wrong = [inventory('srv01'), inventory('srv08'), masking(10, ['srv01']), masking(20, ['srv01', 'srv08']), masking(30, ['srv08'])];
  const lane = maskingLanes(ctx(wrong), [{ array: 'array1', volume: 'boot-crm' }])[0];
  t.deepEqual(lane?.segments.filter((s) => s.tone === 'both').map((s) => [s.label, s.detail]), [
    ['srv01 + srv08 LUN 0 (hg-srv01, hg-srv08)', 'boot-crm: 21:00:00:24:ff:00:01:00 (srv01) LUN 0 host group hg-srv01 connection hg-srv01; 21:00:00:24:ff:00:08:00 (srv08) LUN 0 host group hg-srv08 connection hg-srv08 (1 reading 18 ms…20 ms)'],
  ], 'a state seen in one reading still shows');
  t.deepEqual(pairsOf(records).map((p) => [p.failed, p.standby, p.volumes]), [['srv01', 'srv08', [{ array: 'array1', volume: 'boot-crm' }]]]);
});

test('zoning, logins and VLANs: per fabric and per port of the two servers, other members left out', (t) => {
  const records = [inventory('srv01'), inventory('srv08'), zoning(10, ['srv01']), zoning(40, ['srv08']), logins(10, ['srv01']), logins(40, []), logins(60, ['srv08']), vlans(10, 10, 99), vlans(50, 10, 10)];
  const c = ctx(records);
  t.deepEqual(seg(zoningLanes(c)[0]).filter((s) => s[4] !== 'window').map((s) => [s[2], s[3]]), [['z-srv01: srv01', 'failed'], ['z-srv01: srv08', 'standby']]);
  t.deepEqual(seg(loginLanes(c)[0]).filter((s) => s[4] !== 'window').map((s) => [s[2], s[3]]), [['srv01', 'failed'], ['neither logged in', 'none'], ['srv08', 'standby']]);
  const v = vlanLanes(c);
  t.deepEqual(v.map((l) => l.label), ['VLAN sw1/1 (srv01)', 'VLAN sw1/29 (srv08)']);
  t.deepEqual(seg(v[1]), [[8, 10, 'untagged 99', 'standby', 'sample'], [10, 48, '', 'between', 'window'], [48, 100, 'untagged 10', 'standby', 'sample']]);
});

test('faults from inject to undo, the business from the probe with its reply gaps, the steps the lab showed', (t) => {
  const records: HistoryRecord[] = [
    { type: 'fault', t: 5, wall: 5, scenario, device: 'srv01', fault: 'power-loss', params: {}, action: 'inject', ledgerId: 1, ok: true },
    { type: 'fault', t: 90, wall: 90, scenario, device: 'srv01', fault: 'power-loss', params: {}, action: 'undo', ledgerId: 1, ok: true },
    { type: 'probe', t: 95, wall: 95, scenario, probe: 'crm', target: '127.0.0.1:7001', intervalMs: 5, resolutionMs: 6, sent: 18, received: 10, gaps: [{ start: 6, end: 70, durationMs: 64 }], repliedFrom: ['127.0.0.1'], startedAt: 2, stoppedAt: 92 },
    power(10, 'srv01', 'On'), power(20, 'srv01', 'Off'), power(10, 'srv08', 'Off'), power(80, 'srv08', 'On'),
  ];
  const c = ctx(records);
  t.deepEqual(seg(faultLane(c)).map((s) => s.slice(0, 3)), [[5, 90, 'power-loss @ srv01']]);
  t.deepEqual(seg(businessLanes(c)[0]).map((s) => s.slice(0, 4)), [[2, 6, 'answering', 'up'], [6, 70, 'no answer', 'down'], [70, 92, 'answering', 'up']]);
  t.deepEqual(stepsLane(c, { failed: 'srv01', standby: 'srv08', volume: 'boot-crm' }).ticks.map((k) => [k.at, k.label]), [[20, 'failed-off'], [80, 'standby-on']]);
});

test("the manager's claim: its decisions as markers, each decision's steps as intervals at the times it stamped, a failed step apart, a running one up to the reading", (t) => {
  const noAction = claimed(4, 'no-action', 6, []);
  const running = claimed(5, 'failover', 12, [step('fence', 'srv01', 'ok', 14, 30), step('unmap', 'boot-crm from hg-srv01 on array1', 'running', 30, null), step('boot', 'srv08', 'not-run', null, null)], 'running');
  const failed = claimed(5, 'failover', 12, [step('fence', 'srv01', 'ok', 14, 30), step('unmap', 'boot-crm from hg-srv01 on array1', 'failed', 30, 41, 'array1 refused: 409'), step('boot', 'srv08', 'not-run', null, null)], 'failed');
  const lanes = managerClaimLanes(ctx([claims(10, [noAction]), claims(35, [noAction, running]), claims(50, [noAction, failed])]));
  t.deepEqual(lanes.map((l) => [l.kind, l.label]), [['claim', 'fm-cluster1 decisions (claim)'], ['claim', 'fm-cluster1 #4 steps (claim)'], ['claim', 'fm-cluster1 #5 steps (claim)']]);
  t.deepEqual(lanes[0]?.ticks.map((k) => [k.at, k.label]), [[6, '#4 no-action srv01'], [12, '#5 failover srv01 → srv08']]);
  t.regex(lanes[0]?.ticks[0]?.detail ?? '', /^fm-cluster1 claims: decision 4 at 2026-12-06T00:00:00\.006Z: no-action for srv01 \(fault PowerLoss\)/);
  t.deepEqual(lanes[1]?.segments, [], 'a no-action decision has no step: its marker only');
  t.deepEqual(seg(lanes[2]), [[14, 30, 'fence srv01', 'claim', 'claim'], [30, 41, 'unmap boot-crm from hg-srv01 on array1', 'claim-failed', 'claim']], 'the last reading holds the decision; the step not run is not drawn');
  t.regex(lanes[2]?.segments[1]?.detail ?? '', /step 2\/3 unmap .*: failed after 11 ms .*: array1 refused: 409; not run after it: boot$/);
  const early = managerClaimLanes(ctx([claims(35, [running])]));
  t.deepEqual(seg(early[1]), [[14, 30, 'fence srv01', 'claim', 'claim'], [30, 35, 'unmap boot-crm from hg-srv01 on array1', 'claim-running', 'claim']], 'a step still running is drawn up to the reading that says so');
});

test("a no-standby decision: its decision and its notification are markers on the scenario's time (the stamps through the reading's own t and wall)", (t) => {
  const c = { ...ctx([claims(100, [claimed(1, 'no-standby', 80, [step('notify', 'Warning: no standby for srv01', 'ok', 81, 82)])])]), t0: 20 };
  const [decisions, steps] = managerClaimLanes(c);
  t.deepEqual(decisions?.ticks.map((k) => [k.at, k.label]), [[60, '#1 no-standby srv01'], [61, 'notify']], 'the notification is a marker, not an interval');
  t.deepEqual(steps?.segments, []);
});
