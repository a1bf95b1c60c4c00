import test from 'ava';
import type { InvariantDef } from '../../../harness/scenario.ts';
import type { HistoryRecord } from '../../../lib/history/records.ts';
import { bootVolumeNeverShared, failedOffBeforeStandbyOn, sameLunNumbers } from './invariants.ts';
import { preemptsOnlyLower, standbyMatches, standbyTakesZoneAndVlan } from './placement.ts';
import { clockOffsets, event, fault, goodFailover, inOrder, inventory, masking, power, sample, vlans, W1, W8, zoning } from './testing/history.ts';
import { nothingChanges } from './unchanged.ts';

const judge = (inv: InvariantDef, records: HistoryRecord[]) => inv.evaluate(records);
const holds = (r: unknown): string => (typeof r === 'object' && r !== null && 'holds' in r ? String((r as { holds: string }).holds) : `NOT HELD: ${JSON.stringify(r)}`);
const base = goodFailover();
const without = (drop: (r: HistoryRecord) => boolean): HistoryRecord[] => base.filter((r) => !drop(r));
/** `base` without what `drop` accepts, with `add`, in time order. */
const edit = (drop: (r: HistoryRecord) => boolean, ...add: HistoryRecord[]): HistoryRecord[] => inOrder([...without(drop), ...add]);
const isPower = (server: string) => (r: HistoryRecord) => r.type === 'sample' && r.capability === 'SystemHealth' && r.device === server;

test('FO-03: off before on holds by samples; on before off, a failed server back on, or an unordered pair are violations', (t) => {
  t.regex(holds(judge(failedOffBeforeStandbyOn, base)), /srv01 → srv08: samples: srv01 off by t=20 ms, srv08 on after t=49 ms; over 14 samples/);
  const onFirst = edit(isPower('srv01'), ...[10, 20, 30, 40, 50, 60, 70].map((t) => power(t, 'srv01', 'On')), power(80, 'srv01', 'Off'));
  t.regex(String(judge(failedOffBeforeStandbyOn, onFirst)), /^srv08 powered on before srv01 was off \(samples: srv08 on by t=60 ms, srv01 off after t=69 ms\)$/);
  t.regex(String(judge(failedOffBeforeStandbyOn, [...base, power(90, 'srv01', 'On')])), /^srv01 is On again at t=90 ms while srv08 runs$/);
  t.regex(String(judge(failedOffBeforeStandbyOn, without(isPower('srv01')))), /srv01 \(failed; boot-crm moved to srv08\) is in no sample seen powering off/);
  t.deepEqual(judge(failedOffBeforeStandbyOn, [inventory('srv01'), masking(10, { 'boot-crm': [['srv01', 0]] })]), { notApplicable: 'no boot volume moved from one server to another' });
  const twice = inOrder([
    inventory('srv01'), inventory('srv02'), inventory('srv08'),
    ...['On', 'On', 'Off', 'Off', 'Off', 'Off'].map((p, i) => power(10 * (i + 1), 'srv01', p)),
    ...['On', 'Off', 'Off', 'Off', 'On', 'On'].map((p, i) => power(10 * (i + 1), 'srv02', p)),
    ...['Off', 'Off', 'Off', 'On', 'On', 'On'].map((p, i) => power(10 * (i + 1), 'srv08', p)),
    masking(10, { 'boot-crm': [['srv01', 0]], 'boot-web': [['srv02', 0]] }), masking(60, { 'boot-crm': [['srv02', 0]], 'boot-web': [['srv08', 0]] }),
  ]);
  t.regex(holds(judge(failedOffBeforeStandbyOn, twice)), /^srv01 → srv02: samples: .*; srv02 → srv08: samples: /, 'a preempted server moved away first and reused as the standby may power on again');
});

test('FO-03: both changes between the same two samples are ordered by the BMCs\' event timestamps, and the verdict says so', (t) => {
  const racy = edit((r) => isPower('srv01')(r) || isPower('srv08')(r), power(10, 'srv01', 'On'), power(10, 'srv08', 'Off'), power(60, 'srv01', 'Off', 11), power(60, 'srv08', 'On', 11));
  t.regex(String(judge(failedOffBeforeStandbyOn, racy)), /cannot|sent no event to order them/);
  const lab = clockOffsets(['srv01', 'srv08'], 10);
  const offFirst = [...lab, ...racy, event(30, 'srv01', 'ResourcePoweredOff', '/redfish/v1/Systems/srv01', 1000), event(40, 'srv08', 'ResourcePoweredOn', '/redfish/v1/Systems/srv08', 1500)];
  t.regex(holds(judge(failedOffBeforeStandbyOn, offFirst)), /event timestamps: srv01 ResourceEvent\.1\.4\.ResourcePoweredOff at 2026-12-06T00:00:01\.000Z, srv08 ResourceEvent\.1\.4\.ResourcePoweredOn at 2026-12-06T00:00:01\.500Z/);
  const onFirst = [...lab, ...racy, event(30, 'srv01', 'ResourcePoweredOff', null, 2000), event(40, 'srv08', 'ResourcePoweredOn', null, 1500)];
  t.regex(String(judge(failedOffBeforeStandbyOn, onFirst)), /^srv08 powered on before srv01 was off \(event timestamps/);
});

test('FO-06: a volume held by two servers in one sample is a violation; none-then-one holds', (t) => {
  t.regex(holds(judge(bootVolumeNeverShared, base)), /over 3 samples/);
  const two = [...base, masking(45, { 'boot-crm': [['srv01', 0], ['srv08', 0]] })];
  t.is(judge(bootVolumeNeverShared, two), 'boot-crm on array1 is mapped to srv01 and srv08 at t=45 ms (WWPNs 21:00:00:24:ff:00:01:00, 21:00:00:24:ff:00:08:00)');
  const stale = masking(45, { 'boot-crm': [['srv08', 0]] });
  const vol = (stale.state as { volumes: Array<{ reachableFrom: string[] | null }> }).volumes[0];
  if (vol) vol.reachableFrom = [W1, W8];
  t.is(judge(bootVolumeNeverShared, [...base, stale]), "boot-crm on array1 is reachable from srv01 and srv08 at t=45 ms by the array's own account (masking: srv08)");
});

test('FO-06: a hand-over between two samples is judged by the array\'s own event timestamps: unmap first holds, map first is a violation', (t) => {
  const direct = edit((r) => r.type === 'sample' && r.capability === 'LunMapping', masking(10, { 'boot-crm': [['srv01', 0]] }), masking(40, { 'boot-crm': [['srv08', 0]] }, 11));
  t.regex(String(judge(bootVolumeNeverShared, direct)), /boot-crm moved from srv01 to srv08 between two samples of array1 .* cannot be shown/);
  const conn = (s: string) => `/redfish/v1/Fabrics/SAN/Connections/hg-${s}`;
  const right = [...direct, event(20, 'array1', 'ResourceRemoved', conn('srv01'), 100), event(30, 'array1', 'ResourceCreated', conn('srv08'), 200)];
  t.regex(holds(judge(bootVolumeNeverShared, right)), /boot-crm srv01 → srv08: event timestamps: array1 ResourceEvent\.1\.4\.ResourceRemoved at .*00\.100Z, array1 ResourceEvent\.1\.4\.ResourceCreated at .*00\.200Z/);
  const wrong = [...direct, event(20, 'array1', 'ResourceCreated', conn('srv08'), 100), event(30, 'array1', 'ResourceRemoved', conn('srv01'), 200)];
  t.regex(String(judge(bootVolumeNeverShared, wrong)), /^boot-crm was mapped to srv08 before it was unmapped from srv01 \(event timestamps/);
});

test('FO-06: one host group rewritten from the failed server\'s WWPNs to the standby\'s holds in one change; in several it cannot be shown', (t) => {
  const rewrite = edit((r) => r.type === 'sample' && r.capability === 'LunMapping', masking(10, { 'boot-crm': [['srv01', 0]] }, 9, 'hg-crm'), masking(40, { 'boot-crm': [['srv08', 0]] }, 11, 'hg-crm'));
  const changed = (t: number) => event(t, 'array1', 'ResourceChanged', '/redfish/v1/Fabrics/SAN/EndpointGroups/hg-crm', t);
  t.regex(holds(judge(bootVolumeNeverShared, [...rewrite, changed(20)])), /^boot-crm: host group hg-crm rewritten from srv01 to srv08 in one change \(array1's event\); over/);
  t.regex(String(judge(bootVolumeNeverShared, rewrite)), /in unreported changes between two samples of array1/);
  t.is(judge(bootVolumeNeverShared, [...rewrite, changed(20), changed(30)]), 'boot-crm: host group hg-crm went from srv01 to srv08 in 2 changes between two samples of array1; that it never held both cannot be shown');
});

test('FO-06: the moved volume keeps its LUN numbers', (t) => {
  t.is(holds(judge(sameLunNumbers, base)), 'boot-crm LUN 0 for srv01 and srv08');
  const renumbered = edit((r) => r.type === 'sample' && r.capability === 'LunMapping' && r.t === 40, masking(40, { 'boot-crm': [['srv08', 3]] }));
  t.is(judge(sameLunNumbers, renumbered), 'boot-crm was LUN 0 for srv01 and is LUN 3 for srv08');
});

test('FO-05/FO-09: the standby matches the BMC inventory, or satisfies the policy where it relaxes a rule', (t) => {
  t.is(holds(judge(standbyMatches(), base)), 'srv08 for srv01');
  const slower = edit((r) => r.type === 'sample' && r.capability === 'ServerInventory' && r.device === 'srv08', inventory('srv08', { cpu: { model: 'Xeon', stepping: 'E5', frequencyMHz: 2000, count: 2, cores: 16 } }));
  t.is(judge(standbyMatches(), slower), 'standby srv08 for srv01 breaks CPU frequency MHz: 2400 vs 2000');
  t.is(holds(judge(standbyMatches({ minCpuFrequencyMHz: 2000 }), slower)), 'srv08 for srv01');
  t.is(judge(standbyMatches({ minCpuFrequencyMHz: 2200 }), slower), 'standby srv08 for srv01 breaks CPU frequency 2000 MHz < policy 2200');
});

test('FO-10: preempting a lower-priority server holds; an equal or higher one is a violation; an unused standby is not a preemption', (t) => {
  t.is(holds(judge(preemptsOnlyLower({ srv01: 'high' }), base)), 'srv08 was unused');
  const preempt = edit((r) => r.type === 'sample' && r.capability === 'LunMapping' && r.t === 10, masking(10, { 'boot-crm': [['srv01', 0]], 'boot-web': [['srv08', 0]] }));
  t.is(holds(judge(preemptsOnlyLower({ srv01: 'high', srv08: 'low' }), preempt)), 'srv08 (low) preempted for srv01 (high)');
  t.is(judge(preemptsOnlyLower({ srv01: 'high', srv08: 'high' }), preempt), 'srv08 (high, volume boot-web) was preempted for srv01 (high)');
});

test('FO-11: the standby takes the zone and VLAN; a failed WWPN still zoned, a zone not taken or a VLAN not moved are violations', (t) => {
  t.is(holds(judge(standbyTakesZoneAndVlan, base)), 'srv08 for srv01: zone z-srv01 on fcA, untagged 10 tagged [] on sw1/29 (first samples against the last)');
  const lastOf = (cap: string) => (r: HistoryRecord) => r.type === 'sample' && r.capability === cap && r.t === 50;
  t.is(judge(standbyTakesZoneAndVlan, edit(lastOf('ZoneControl'), zoning(50, { 'z-srv01': ['srv01', 'srv08', 'array'] }))), "fcA: srv01's WWPN is still in active zone z-srv01");
  t.is(judge(standbyTakesZoneAndVlan, edit(lastOf('ZoneControl'), zoning(50, { 'z-srv01': ['array'] }))), 'fcA: srv08 is not in active zone z-srv01 of srv01');
  t.is(judge(standbyTakesZoneAndVlan, edit(lastOf('VlanControl'), vlans(50, { srv01: 10, srv08: 99 }))), "srv08 nic0 has untagged 99 tagged []; srv01's had untagged 10 tagged []");
});

test('FO-05: with no standby nothing but the failed server\'s power changes; any other change is named', (t) => {
  const quiet = [inventory('srv01'), inventory('srv02'), fault('srv01'), power(10, 'srv01', 'On'), power(10, 'srv02', 'On'), masking(10, { 'boot-crm': [['srv01', 0]] }), power(20, 'srv01', 'Off'), power(20, 'srv02', 'On'), masking(20, { 'boot-crm': [['srv01', 0]] })];
  t.regex(holds(judge(nothingChanges(), quiet)), /^2 states unchanged \(failed: srv01\) over 6 samples/);
  t.is(judge(nothingChanges(), [...quiet, masking(30, { 'boot-crm': [] })]), 'LunMapping of array1 changed at t=30 ms: {"array":"array1","volumes":[{"volume":"boot-crm","naa":null,"bootCapable":true,"reachableFrom":null,"paths":[]}]} (was {"array":"array1","volumes":[{"volume":"boot-crm","naa":null,"bootCapable":true,"reachableFrom":null,"paths":[{"initiator":"21:00:00:24:ff:00:01:00","lun":0,"hostGroup":"hg-srv01","connection":"hg-srv01"}]}]})');
  t.regex(String(judge(nothingChanges(), [...quiet, power(30, 'srv02', 'Off')])), /^SystemHealth of srv02 changed at t=30 ms/);
  const linkDown = vlans(30, { srv01: 10, srv02: 20 });
  const port = (linkDown.state as { ports: Array<{ linkUp: boolean }> }).ports[0];
  if (port) port.linkUp = false;
  t.regex(holds(judge(nothingChanges(), [...quiet, vlans(20, { srv01: 10, srv02: 20 }), linkDown])), /^3 states unchanged/, "the failed server's link going down is no change");
  t.regex(String(judge(nothingChanges(), [...quiet, vlans(20, { srv01: 10, srv02: 20 }), vlans(30, { srv01: 10, srv02: 99 })])), /^VlanControl of sw1 changed at t=30 ms/);
});

test("FO-05: the manager's decision and notification are its own account, not a change of the lab", (t) => {
  const quiet = [inventory('srv01'), inventory('srv02'), fault('srv01'), power(10, 'srv01', 'On'), power(10, 'srv02', 'On'), power(20, 'srv01', 'Off'), power(20, 'srv02', 'On')];
  const notify = (result: string) => ({ op: 'notify', target: 'Warning: no standby for srv01', startedAt: '2026-12-06T00:00:01.000Z', endedAt: result === 'ok' ? '2026-12-06T00:00:01.010Z' : null, result, detail: null });
  const claim = (t0: number, steps: unknown[]) => sample(t0, 'fm-cluster1', 'FailoverManagerView', {
    decisions: steps.length ? [{ id: 7, kind: 'no-standby', state: 'no-standby', decidedAt: '2026-12-06T00:00:01.000Z', endedAt: null, server: 'srv01', faultType: 'PowerLoss', standby: [], reason: 'no unused server', steps }] : [],
  });
  const told = inOrder([...quiet, claim(10, []), claim(20, [notify('running')]), claim(30, [notify('ok')])]);
  t.regex(holds(judge(nothingChanges(), told)), /^1 states unchanged \(failed: srv01\) over 4 samples/, 'three manager samples with three different decisions lists are not compared, nor counted as samples');
});
