import test from 'ava';
import type { ManagementTable } from '../../../lib/domains/failover/manager.ts';
import type { HistoryRecord } from '../../../lib/history/records.ts';
import { expectedStandby, judgeChoice } from './search-expect.ts';
import { logicalStandbyMatches } from './search-invariants.ts';
import { labAt, unitOf } from './search-lab.ts';
import { pickNoStandby, pickPreempt, pickSameHardware } from './search-pick.ts';
import { hardwareDiffers, policyDiffers } from './search-rules.ts';
import { tableMismatches } from './search-table.ts';
import { inventory, masking, power, sample, vlans, W1, W2, W8, zoning } from './testing/history.ts';

const OTHER = { hardwareKind: 'px4', chipset: 'c2', cpu: { model: 'Platinum', stepping: 'A1', frequencyMHz: 2900, count: 4, cores: 28 }, memoryGiB: 512 };
const KNOWN: Record<string, string> = { srv01: W1, srv02: W2, srv08: W8 };
/** Servers beyond the three the history helpers know get their own name as WWPN (as `masking` names them). */
const inv = (server: string, other = false): HistoryRecord =>
  inventory(server, { ...(other ? OTHER : {}), hbas: [{ adapter: 'hba0', wwpn: KNOWN[server] ?? server, wwnn: null, fabric: 'A', loggedIn: true, bootTargets: [] }] });
/** srv01 runs boot-crm; `unused` are off and see nothing; `busy` run boot-<name>. */
function lab(unused: Record<string, boolean>, busy: Record<string, boolean> = {}): HistoryRecord[] {
  const all = { srv01: false, ...busy, ...unused };
  return [
    ...Object.entries(all).map(([s, other]) => inv(s, other)),
    ...Object.keys(all).map((s) => power(10, s, s in unused ? 'Off' : 'On')),
    masking(10, Object.fromEntries(['srv01', ...Object.keys(busy)].map((s) => [`boot-${s}`, [[s, 0]] as Array<[string, number]>]))),
  ];
}

test('FO-05 rules: exact compares CPU, memory, chipset and connectivity; a policy relaxes only what it names', (t) => {
  const a = labAt([inv('srv01'), inv('srv02', true)]);
  const [x, y] = [a.servers.get('srv01')?.inventory, a.servers.get('srv02')?.inventory];
  if (!x || !y) return t.fail();
  t.is(labAt([inv('srv01'), power(10, 'srv01', 'On'), sample(30, 'fm-cluster1', 'FailoverManagerView', { decisions: [] })]).at, 10, "the lab's time is its latest sample of the lab, not the manager's account");
  t.deepEqual(hardwareDiffers(x, y), ['CPU model: "Xeon" vs "Platinum"', 'CPU stepping: "E5" vs "A1"', 'CPU MHz: 2400 vs 2900', 'memory GiB: 256 vs 512', 'chipset: "c1" vs "c2"']);
  t.deepEqual(policyDiffers(x, y, { cpuModels: ['Xeon', 'Platinum'], minCpuFrequencyMHz: 2000, minMemoryGiB: 256, allowChipsetMismatch: true }), []);
  t.deepEqual(policyDiffers(y, x, { cpuModels: ['Platinum'], minCpuFrequencyMHz: 2500, minMemoryGiB: 300 }), ['CPU model Xeon not in policy [Platinum]', 'CPU 2400 MHz < policy 2500', 'memory 256 GiB < policy 300', 'chipset: "c2" vs "c1"']);
});

test('fo-05-same-hardware: one spare of the hardware stays free, the others are occupied, a spare of other hardware ahead of it stays free', (t) => {
  t.like(pickSameHardware(labAt(lab({ srv02: true, srv08: false }))), { failed: { id: 'srv01' }, standby: { id: 'srv08' }, decoy: { id: 'srv02' }, occupy: [] });
  t.like(pickSameHardware(labAt(lab({ srv02: true, srv07: false, srv08: false }))), { standby: { id: 'srv08' }, occupy: ['srv07'] });
  t.is(pickSameHardware(labAt(lab({ srv08: false, srv09: true }))), null, 'the other hardware sorts after the spare: a search by id would not meet it');
});

test('fo-05-no-standby / fo-10-preempt: the lowest priority with a higher one of its hardware; the one lowest below a higher one', (t) => {
  const l = labAt(lab({ srv08: false, srv09: true }, { srv02: false, srv05: true }));
  const p = new Map([['srv01', 'high'], ['srv02', 'low'], ['srv05', 'low']] as const);
  t.like(pickNoStandby(l, p), { failed: { id: 'srv02' }, higher: { id: 'srv01' }, occupy: ['srv08', 'srv09'] });
  t.is(pickPreempt(l, p), null, 'two servers share the lowest priority on the same switches: no single right answer');
  t.like(pickPreempt(l, new Map([['srv01', 'high'], ['srv02', 'low'], ['srv05', 'medium']] as const)), { failed: { id: 'srv01' }, victim: { id: 'srv02' } });
});

test('FO-05/FO-12 expectations: an exact unused unit, else one the policy allows, else none; a choice outside is named', (t) => {
  const l = labAt(lab({ srv02: true, srv08: false }));
  const srv01 = unitOf(l, 'srv01');
  t.is(judgeChoice(expectedStandby(l, srv01, null), ['srv08']), true);
  t.is(judgeChoice(expectedStandby(l, srv01, null), ['srv02']), 'chose srv02; expected one of srv08 (exact)');
  const noExact = labAt(lab({ srv02: true }));
  t.is(judgeChoice(expectedStandby(noExact, unitOf(noExact, 'srv01'), null), ['srv02']), 'chose srv02; expected none');
  t.is(judgeChoice(expectedStandby(noExact, unitOf(noExact, 'srv01'), { cpuModels: ['Platinum'], minCpuFrequencyMHz: 2000, minMemoryGiB: 256, allowChipsetMismatch: true }), ['srv02']), true);
});

function rowOf(over: Record<string, unknown> = {}): ManagementTable['servers'][number] {
  return {
    id: 'srv01', cpuModel: 'Xeon', cpuStepping: 'E5', cpuFrequencyMHz: 2400, memoryGiB: 256, partition: null, status: 'in-use', powerState: 'On',
    business: { name: 'crm', type: 'crm', priority: 'high' }, hardwareKind: 'gx2', chipset: 'c1', nicPorts: 1, hbaPorts: 1,
    vlans: [{ switch: 'sw1', port: '1', untagged: 10, tagged: [] }], zones: [{ fabric: 'A', zone: 'z-srv01', wwpn: '21:00:00:24:ff:00:01:00' }],
    hbas: [{ wwpn: '21:00:00:24:ff:00:01:00', fabric: 'A' }], switches: ['sw1'], arrays: ['array1'],
    bootVolumes: [{ array: 'array1', volume: 'boot-crm', lun: 0, hostGroup: 'hg-srv01' }], ...over,
  } as ManagementTable['servers'][number];
}

test('FO-04: the table equals the lab column by column; each differing column is named with both values', (t) => {
  const records = [inv('srv01'), power(10, 'srv01', 'On'), masking(10, { 'boot-crm': [['srv01', 0]] }), zoning(10, { 'z-srv01': ['srv01'] }), vlans(10, { srv01: 10 })];
  const l = labAt(records);
  const table = (over: Record<string, unknown> = {}): ManagementTable => ({ servers: [rowOf(over)], builtAt: '', fabrics: [], hostGroups: [] });
  const crm = [{ name: 'crm', host: '127.0.0.1', udp: 1, tcp: 1, priority: 'high' as const }];
  t.deepEqual(tableMismatches(table(), l, records, crm), []);
  t.deepEqual(tableMismatches(table({ cpuFrequencyMHz: 2000, status: 'unused' }), l, records, crm), ['srv01 cpuFrequencyMHz: table 2000, lab 2400', 'srv01 status: table "unused", lab "in-use"']);
  t.deepEqual(tableMismatches(table({ vlans: [], business: { name: 'crm', type: 'crm', priority: 'low' } }), l, records, crm), [
    'srv01 vlans: table [], lab [{"switch":"sw1","port":"1","untagged":10,"tagged":[]}]',
    'srv01 business crm priority: table low, lab high',
  ]);
  const member = [...records, inv('srv02'), power(10, 'srv02', 'On'), sample(10, 'pm1', 'PartitionControl', { logicalServers: [{ id: 'lp1', servers: ['srv01', 'srv02'], powerState: 'On' }] })];
  const lp1 = { id: 'lp1', serverCount: 2, members: ['srv01', 'srv02'], bootMember: 'srv01' };
  const rows = [rowOf({ partition: lp1 }), rowOf({ id: 'srv02', partition: lp1, vlans: [{ switch: 'sw1', port: '5', untagged: null, tagged: [] }], zones: [], hbas: [{ wwpn: W2, fabric: 'A' }], bootVolumes: [] })];
  const vlan5 = member.map((r) => (r.type === 'sample' && r.capability === 'VlanControl' ? vlans(10, { srv01: 10, srv02: null as unknown as number }) : r));
  t.deepEqual(tableMismatches({ servers: rows, builtAt: '', fabrics: [], hostGroups: [] }, labAt(vlan5), vlan5, crm), [], "a partition member shares its logical server's business though it sees no volume itself");
});

test('FO-08: a logical server fails over to one of its size and hardware booted from its boot member; a lone server or a non-boot holder is named', (t) => {
  const parts = (t0: number, ls: Array<[string, string[]]>) => sample(t0, 'pm1', 'PartitionControl', { logicalServers: ls.map(([id, servers]) => ({ id, servers, powerState: 'On' })) });
  const base = [inv('srv01'), inv('srv02'), inv('srv08'), inv('srv09'), masking(10, { 'boot-erp': [['srv01', 0]] }), parts(10, [['lp1', ['srv01', 'srv02']]])];
  const good = [...base, masking(50, { 'boot-erp': [['srv08', 0]] }), parts(50, [['lp1', ['srv01', 'srv02']], ['lp2', ['srv08', 'srv09']]])];
  t.deepEqual(logicalStandbyMatches.evaluate(good), { holds: 'lp1 [srv01+srv02] → lp2 [srv08+srv09]' });
  const lone = [...base, masking(50, { 'boot-erp': [['srv08', 0]] }), parts(50, [['lp1', ['srv01', 'srv02']]])];
  t.is(logicalStandbyMatches.evaluate(lone), 'lp1 (2 servers) failed over to srv08 (1)');
  const nonBoot = [...base, masking(50, { 'boot-erp': [['srv09', 0]] }), parts(50, [['lp1', ['srv01', 'srv02']], ['lp2', ['srv08', 'srv09']]])];
  t.is(logicalStandbyMatches.evaluate(nonBoot), 'boot-erp is held by srv09, not by lp2\'s boot member srv08');
});
