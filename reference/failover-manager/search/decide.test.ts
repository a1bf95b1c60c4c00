import test from 'ava';
import { NO_DEFECTS } from '../defects.ts';
import type { Decision, Step } from '../plan/types.ts';
import type { TableReads } from '../table/reads.ts';
import { decide } from './decide.ts';
import { DEFAULT_CONFIG, fail, hardwareOf, labTable, powerOn, serverRead, withBusiness } from './testing/lab.ts';
import { UnknownServerError } from './units.ts';

const W = (srv: string, port: '00' | '01'): string => `21:00:00:24:ff:00:${srv}:${port}`;

function standbyOf(d: Decision): string[] | null {
  return d.kind === 'failover' ? d.standby : null;
}

/** The steps of a failover srvXX → srvYY on the default cluster, for a single server with one boot volume at LUN 0. */
function simpleFailover(failed: string, standby: string, hg: string, volume: string, failedPort: string, standbyPort: string, vlan: number, message: string): Step[] {
  const [f, s] = [failed.slice(3), standby.slice(3)].map((n) => Number(n).toString(16).padStart(2, '0')) as [string, string];
  return [
    { op: 'fence', server: failed, waitForDump: true },
    { op: 'unmap', array: 'array1', hostGroup: hg, volume },
    { op: 'map', array: 'array1', hostGroup: `hg-${standby}`, wwpn: W(s, '00'), initiators: [W(s, '00'), W(s, '01')], volume, lun: 0 },
    { op: 'zone-remove', fabric: 'A', zone: `z-${failed}`, wwpn: W(f, '00') },
    { op: 'zone-add', fabric: 'A', zone: `z-${failed}`, wwpn: W(s, '00') },
    { op: 'zone-remove', fabric: 'B', zone: `z-${failed}`, wwpn: W(f, '01') },
    { op: 'zone-add', fabric: 'B', zone: `z-${failed}`, wwpn: W(s, '01') },
    { op: 'zone-activate', fabric: 'A', zoneSet: 'cfg-A' },
    { op: 'zone-activate', fabric: 'B', zoneSet: 'cfg-B' },
    { op: 'vlan', switch: 'sw1', port: standbyPort, untagged: vlan, tagged: [] },
    { op: 'boot', server: standby },
    { op: 'notify', severity: 'OK', message },
  ].filter((x) => x.op !== 'vlan' || failedPort !== standbyPort) as Step[];
}

test('FO-05: srv01 fails → the exact-match spare srv08, with every step derived from the table', (t) => {
  const d = decide(labTable(), DEFAULT_CONFIG, fail('srv01'), NO_DEFECTS);
  t.deepEqual(d, {
    kind: 'failover',
    failure: fail('srv01'),
    standby: ['srv08'],
    reason: 'exact hardware match (FO-05)',
    steps: simpleFailover('srv01', 'srv08', 'hg-srv01', 'boot-crm', '1', '29', 10, 'crm failed over from srv01 to srv08: exact hardware match (FO-05)'),
  });
});

test('FO-02: a fault typed "none" and an unlisted fault type change nothing; a listed one fails over', (t) => {
  const table = labTable();
  for (const type of ['Fan', 'PowerSupply', 'Thermal']) {
    const d = decide(table, DEFAULT_CONFIG, fail('srv01', type), NO_DEFECTS);
    t.is(d.kind, 'no-action', type);
    t.false('steps' in d, type);
  }
  const failoverByDefault = { ...DEFAULT_CONFIG, faultActions: { default: 'failover' as const, byType: new Map() } };
  t.deepEqual(standbyOf(decide(table, failoverByDefault, fail('srv01', 'Thermal'), NO_DEFECTS)), ['srv08']);
  t.deepEqual(['Cpu', 'Memory', 'Pcie', 'OsHang'].map((f) => standbyOf(decide(table, DEFAULT_CONFIG, fail('srv01', f), NO_DEFECTS))), Array(4).fill(['srv08']));
});

test('a server without a business needs no failover; an unknown server is the caller\'s error', (t) => {
  t.like(decide(labTable(), DEFAULT_CONFIG, fail('srv08'), NO_DEFECTS), { kind: 'no-action', reason: 'srv08 runs no business' });
  t.throws(() => decide(labTable(), DEFAULT_CONFIG, fail('srv99'), NO_DEFECTS), { instanceOf: UnknownServerError, message: 'no server "srv99" in the management table' });
});

test('a spare recorded as failed (not repaired since) is never a standby', (t) => {
  t.deepEqual(standbyOf(decide(labTable((r) => (r.failed = ['srv08'])), DEFAULT_CONFIG, fail('srv01'), NO_DEFECTS)), ['srv09'], 'srv08 skipped; the policy finds srv09');
});

test('FO-08: a member of lp1 fails → srv09 + srv10 composed (partition table), remapped and booted from the boot member', (t) => {
  const d = decide(labTable(), DEFAULT_CONFIG, fail('srv04'), NO_DEFECTS);
  const reason = 'composed a 2-server logical server of unused same-hardware servers (FO-08, partition table: px4 forms 2)';
  t.deepEqual(d, {
    kind: 'failover',
    failure: fail('srv04'),
    standby: ['srv09', 'srv10'],
    reason,
    steps: [
      { op: 'fence', server: 'srv03', waitForDump: true },
      { op: 'compose', partitionManager: 'pm1', id: 'lp1-srv09', servers: ['srv09', 'srv10'] },
      { op: 'unmap', array: 'array1', hostGroup: 'hg-lp1', volume: 'boot-erp' },
      { op: 'map', array: 'array1', hostGroup: 'hg-lp1-srv09', wwpn: W('09', '00'), initiators: [W('09', '00'), W('09', '01')], volume: 'boot-erp', lun: 0 },
      { op: 'zone-remove', fabric: 'A', zone: 'z-srv03', wwpn: W('03', '00') },
      { op: 'zone-add', fabric: 'A', zone: 'z-srv03', wwpn: W('09', '00') },
      { op: 'zone-remove', fabric: 'B', zone: 'z-srv03', wwpn: W('03', '01') },
      { op: 'zone-add', fabric: 'B', zone: 'z-srv03', wwpn: W('09', '01') },
      { op: 'zone-activate', fabric: 'A', zoneSet: 'cfg-A' },
      { op: 'zone-activate', fabric: 'B', zoneSet: 'cfg-B' },
      { op: 'vlan', switch: 'sw1', port: '33', untagged: 30, tagged: [] },
      { op: 'vlan', switch: 'sw1', port: '37', untagged: 30, tagged: [] },
      { op: 'boot', server: 'srv09' },
      { op: 'notify', severity: 'OK', message: `erp failed over from lp1 to lp1-srv09: ${reason}` },
    ],
  });
});

test('FO-08: an unused logical server of the same count is taken as it is, before composing', (t) => {
  const table = labTable((r) => {
    for (const id of ['srv09', 'srv10']) Object.assign(serverRead(r, id), { partition: { id: 'lp2', members: ['srv09', 'srv10'], bootMember: 'srv09' }, memoryGiB: 1024 });
  });
  const d = decide(table, DEFAULT_CONFIG, fail('srv03'), NO_DEFECTS);
  t.like(d, { kind: 'failover', standby: ['srv09', 'srv10'], reason: 'unused 2-server logical server of the same hardware (FO-08)' });
  t.false(d.kind === 'failover' && d.steps.some((s) => s.op === 'compose'));
  t.true(d.kind === 'failover' && d.steps.some((s) => s.op === 'map' && s.hostGroup === 'hg-lp2'));
});

test('FO-08: with px4 not in the partition table no 2-server standby can exist → notify only', (t) => {
  const config = { ...DEFAULT_CONFIG, partitionTable: DEFAULT_CONFIG.partitionTable.filter((r) => r.hardwareKind !== 'px4') };
  const d = decide(labTable(undefined, config), config, fail('srv03'), NO_DEFECTS);
  t.is(d.kind, 'no-standby');
  t.deepEqual(d.kind === 'no-standby' ? d.steps.map((s) => s.op) : null, ['notify']);
});

test('FO-09: no exact match → the policy-satisfying px4, least capable first; a violating one never', (t) => {
  const noGx2Spare = powerOn('srv08');
  t.like(decide(labTable(noGx2Spare), DEFAULT_CONFIG, fail('srv01'), NO_DEFECTS), { kind: 'failover', standby: ['srv09'], reason: 'satisfies the search policy (FO-09)' });
  const srv09Faster = (r: TableReads): void => {
    noGx2Spare(r);
    const cpu = serverRead(r, 'srv09').cpu;
    cpu.frequencyMHz = 3100;
  };
  t.deepEqual(standbyOf(decide(labTable(srv09Faster), DEFAULT_CONFIG, fail('srv01'), NO_DEFECTS)), ['srv10'], 'the less capable srv10');
  const bigger = withBusiness(DEFAULT_CONFIG, 'crm', { policy: { minCpuFrequencyMHz: 2000, minMemoryGiB: 1024, cpuModels: null, allowChipsetMismatch: true, allowPartitionMismatch: false } });
  const d = decide(labTable(noGx2Spare), bigger, fail('srv01'), NO_DEFECTS);
  t.notDeepEqual(standbyOf(d)?.filter((s) => s === 'srv09' || s === 'srv10'), ['srv09']);
  t.like(d, { kind: 'failover', standby: ['srv02'] }, 'no px4 satisfies 1024 GiB: the low-priority web server is preempted instead');
});

test('FO-09 allowPartitionMismatch: with one px4 spare left, lp1 (2 servers) goes to srv09 alone; without it, nowhere', (t) => {
  const oneSpare = labTable(powerOn('srv10'));
  t.is(decide(oneSpare, DEFAULT_CONFIG, fail('srv03'), NO_DEFECTS).kind, 'no-standby');
  const mismatch = withBusiness(DEFAULT_CONFIG, 'erp', { policy: { minCpuFrequencyMHz: null, minMemoryGiB: null, cpuModels: null, allowChipsetMismatch: false, allowPartitionMismatch: true } });
  const d = decide(oneSpare, mismatch, fail('srv03'), NO_DEFECTS);
  t.like(d, { kind: 'failover', standby: ['srv09'], reason: 'satisfies the search policy (FO-09)' });
  t.deepEqual(d.kind === 'failover' ? d.steps.filter((s) => s.op === 'map' || s.op === 'vlan' || s.op === 'boot') : null, [
    { op: 'map', array: 'array1', hostGroup: 'hg-srv09', wwpn: W('09', '00'), initiators: [W('09', '00'), W('09', '01')], volume: 'boot-erp', lun: 0 },
    { op: 'vlan', switch: 'sw1', port: '33', untagged: 30, tagged: [] },
    { op: 'boot', server: 'srv09' },
  ]);
});

test('FO-09: a rule the policy does not name stays exact (chipset), and a px4 stepping change is no CPU model change', (t) => {
  const noChipset = withBusiness(DEFAULT_CONFIG, 'crm', { policy: { minCpuFrequencyMHz: 2000, minMemoryGiB: 256, cpuModels: ['Xeon Platinum 8380H'], allowChipsetMismatch: false, allowPartitionMismatch: false } });
  t.deepEqual(standbyOf(decide(labTable(powerOn('srv08')), noChipset, fail('srv01'), NO_DEFECTS)), ['srv02']);
});

test('FO-10: srv06 (db, high) with no px8 spare preempts srv07 (report, low): fence both, clear srv07, then take over', (t) => {
  const d = decide(labTable(), DEFAULT_CONFIG, fail('srv06'), NO_DEFECTS);
  const reason = 'preempted srv07 (report, low priority) and scaled report in (FO-10)';
  t.deepEqual(d, {
    kind: 'failover',
    failure: fail('srv06'),
    standby: ['srv07'],
    reason,
    preempted: { server: 'srv07', business: 'report', movedTo: null },
    steps: [
      { op: 'fence', server: 'srv06', waitForDump: true },
      { op: 'fence', server: 'srv07', waitForDump: false },
      { op: 'unmap', array: 'array1', hostGroup: 'hg-srv06', volume: 'boot-db' },
      { op: 'unmap', array: 'array1', hostGroup: 'hg-srv06', volume: 'data-db' },
      { op: 'unmap', array: 'array1', hostGroup: 'hg-srv07', volume: 'boot-report' },
      { op: 'map', array: 'array1', hostGroup: 'hg-srv07', wwpn: W('07', '00'), initiators: [W('07', '00'), W('07', '01')], volume: 'boot-db', lun: 0 },
      { op: 'map', array: 'array1', hostGroup: 'hg-srv07', wwpn: W('07', '00'), initiators: [W('07', '00'), W('07', '01')], volume: 'data-db', lun: 1 },
      { op: 'zone-remove', fabric: 'A', zone: 'z-srv07', wwpn: W('07', '00') },
      { op: 'zone-remove', fabric: 'B', zone: 'z-srv07', wwpn: W('07', '01') },
      { op: 'zone-remove', fabric: 'A', zone: 'z-srv06', wwpn: W('06', '00') },
      { op: 'zone-add', fabric: 'A', zone: 'z-srv06', wwpn: W('07', '00') },
      { op: 'zone-remove', fabric: 'B', zone: 'z-srv06', wwpn: W('06', '01') },
      { op: 'zone-add', fabric: 'B', zone: 'z-srv06', wwpn: W('07', '01') },
      { op: 'zone-activate', fabric: 'A', zoneSet: 'cfg-A' },
      { op: 'zone-activate', fabric: 'B', zoneSet: 'cfg-B' },
      { op: 'vlan', switch: 'sw1', port: '25', untagged: 50, tagged: [] },
      { op: 'vlan', switch: 'sw1', port: '26', untagged: 1, tagged: [50] },
      { op: 'boot', server: 'srv07' },
      { op: 'notify', severity: 'OK', message: `db failed over from srv06 to srv07: ${reason}` },
    ],
  });
});

const NO_CRM_POLICY = withBusiness(DEFAULT_CONFIG, 'crm', { policy: null });
const WEB_ON_PX4 = withBusiness(NO_CRM_POLICY, 'web', { policy: { minCpuFrequencyMHz: 2000, minMemoryGiB: 256, cpuModels: ['Xeon Platinum 8380H'], allowChipsetMismatch: true, allowPartitionMismatch: false } });

test('FO-10 moveLowerPriorityFirst: web moves srv02 → srv09 first (its policy), then crm takes srv02; the move comes first', (t) => {
  const d = decide(labTable(powerOn('srv08')), WEB_ON_PX4, fail('srv01'), NO_DEFECTS);
  const moveReason = 'moved web from srv02 to srv09 to free it for crm (FO-10)';
  const reason = 'preempted srv02 (web, low priority) after moving web to srv09 (FO-10)';
  t.like(d, { kind: 'failover', standby: ['srv02'], reason, preempted: { server: 'srv02', business: 'web', movedTo: ['srv09'] } });
  const move = simpleFailover('srv02', 'srv09', 'hg-srv02', 'boot-web', '5', '33', 20, moveReason).map((s) => (s.op === 'fence' ? { ...s, waitForDump: false } : s));
  const main = simpleFailover('srv01', 'srv02', 'hg-srv01', 'boot-crm', '1', '5', 10, `crm failed over from srv01 to srv02: ${reason}`);
  t.deepEqual(d.kind === 'failover' ? d.steps : null, [...move, ...main]);
});

test('FO-10 without moveLowerPriorityFirst: web is scaled in, srv02 is cleared inside the one failover', (t) => {
  const config = { ...WEB_ON_PX4, moveLowerPriorityFirst: false };
  const d = decide(labTable(powerOn('srv08')), config, fail('srv01'), NO_DEFECTS);
  t.like(d, { kind: 'failover', standby: ['srv02'], preempted: { server: 'srv02', business: 'web', movedTo: null } });
  t.deepEqual(d.kind === 'failover' ? d.steps.slice(0, 4) : null, [
    { op: 'fence', server: 'srv01', waitForDump: true },
    { op: 'fence', server: 'srv02', waitForDump: false },
    { op: 'unmap', array: 'array1', hostGroup: 'hg-srv01', volume: 'boot-crm' },
    { op: 'unmap', array: 'array1', hostGroup: 'hg-srv02', volume: 'boot-web' },
  ]);
});

test('FO-10: the LOWEST lower priority is preempted, not the first by id nor the exact match', (t) => {
  const noSpare = labTable(powerOn('srv08', 'srv09', 'srv10'));
  t.like(decide(noSpare, DEFAULT_CONFIG, fail('srv01'), NO_DEFECTS), { standby: ['srv02'], preempted: { server: 'srv02', business: 'web' } }, 'web (low, exact) before batch (medium, by policy)');
  const swapped = withBusiness(withBusiness(DEFAULT_CONFIG, 'web', { priority: 'medium' }), 'batch', { priority: 'low' });
  const d = decide(labTable(powerOn('srv08', 'srv09', 'srv10'), swapped), swapped, fail('srv01'), NO_DEFECTS);
  t.like(d, { kind: 'failover', standby: ['srv05'], preempted: { server: 'srv05', business: 'batch', movedTo: null } }, 'batch (low, by policy) before web (medium, exact)');
});

test('FO-10: never a higher or equal priority — for every failure with no spare, the preempted one ranks strictly lower', (t) => {
  const rank = { high: 3, medium: 2, low: 1 };
  const table = labTable(powerOn('srv08', 'srv09', 'srv10'));
  const priorityOf = (id: string): number => rank[table.servers.find((s) => s.id === id)?.business?.priority ?? 'low'];
  let preemptions = 0;
  for (const s of table.servers) {
    const d = decide(table, NO_CRM_POLICY, fail(s.id), NO_DEFECTS);
    if (d.kind !== 'failover') continue;
    t.truthy(d.preempted, `${s.id}: no spare, so only a preemption`);
    t.true(priorityOf(d.preempted?.server ?? s.id) < priorityOf(s.id), `${s.id} → ${d.preempted?.server ?? ''}`);
    preemptions++;
  }
  t.is(preemptions, 2, 'srv01 takes srv02, srv06 takes srv07; the others have nothing lower of their hardware');
});

test('FO-05 none found: srv07 (report, low) with no px8 spare and nothing lower → a notification only', (t) => {
  t.deepEqual(decide(labTable(), DEFAULT_CONFIG, fail('srv07'), NO_DEFECTS), {
    kind: 'no-standby',
    failure: fail('srv07'),
    reason: 'no unused server matches srv07 (report) and no lower-priority server can be taken over (FO-05, FO-10)',
    steps: [{ op: 'notify', severity: 'Critical', message: 'failover of report from srv07 impossible: no unused server matches srv07 (report) and no lower-priority server can be taken over (FO-05, FO-10)' }],
  });
});

test('FO-05/FO-11: a spare on another switch or array, with other port counts or other or unknown hardware is never chosen', (t) => {
  const cases: Array<[string, (r: TableReads) => void]> = [
    ['another switch', (r) => serverRead(r, 'srv08').nics.forEach((n) => n.switchPort && (n.switchPort.chassisId = 'sw2'))],
    ['another array', (r) => (serverRead(r, 'srv08').arrayTargets = ['50:06:01:60:3e:a0:00:99'])],
    ['one NIC fewer', (r) => serverRead(r, 'srv08').nics.pop()],
    ['one HBA fewer', (r) => serverRead(r, 'srv08').hbas.pop()],
    ['another stepping', (r) => (serverRead(r, 'srv08').cpu.stepping = 'M0')],
    ['another chipset', (r) => (serverRead(r, 'srv08').chipset = 'C622')],
    ['less memory', (r) => (serverRead(r, 'srv08').memoryGiB = 128)],
    ['memory unknown on both', (r) => ['srv01', 'srv08'].forEach((id) => (serverRead(r, id).memoryGiB = null))],
    ['stepping unknown on both', (r) => ['srv01', 'srv08'].forEach((id) => (serverRead(r, id).cpu.stepping = null))],
  ];
  for (const [title, edit] of cases) {
    t.not(standbyOf(decide(labTable(edit), NO_CRM_POLICY, fail('srv01'), NO_DEFECTS))?.[0], 'srv08', title);
  }
});

test('tie-breaks: among equal exact spares the lowest id; among equal victims the lowest id', (t) => {
  const twoGx2Spares = (r: TableReads): void => hardwareOf(r, 'srv09', 'srv01');
  t.deepEqual(standbyOf(decide(labTable(twoGx2Spares), NO_CRM_POLICY, fail('srv01'), NO_DEFECTS)), ['srv08']);
  const srv08Failed = (r: TableReads): void => {
    twoGx2Spares(r);
    r.failed = ['srv08'];
  };
  t.deepEqual(standbyOf(decide(labTable(srv08Failed), NO_CRM_POLICY, fail('srv01'), NO_DEFECTS)), ['srv09']);
  const lowBatch = withBusiness(NO_CRM_POLICY, 'batch', { priority: 'low' });
  const twoLowGx2 = (r: TableReads): void => {
    powerOn('srv08')(r);
    hardwareOf(r, 'srv05', 'srv01');
  };
  t.like(decide(labTable(twoLowGx2, lowBatch), lowBatch, fail('srv01'), NO_DEFECTS), { preempted: { server: 'srv02', business: 'web' } });
  const lowBatchFirst = (r: TableReads): void => {
    twoLowGx2(r);
    r.failed = ['srv02'];
  };
  t.like(decide(labTable(lowBatchFirst, lowBatch), lowBatch, fail('srv01'), NO_DEFECTS), { preempted: { server: 'srv05', business: 'batch' } }, 'srv02 failed earlier: srv05 is next');
});
