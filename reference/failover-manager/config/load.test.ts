import test from 'ava';
import { readFileSync } from 'node:fs';
import { ConfigError } from '../../../lib/errors.ts';
import { loadClusterConfig } from '../../../simulators/cluster/config/load.ts';
import { HARDWARE_FAULTS } from '../../../simulators/cluster/model/events.ts';
import { DEFAULT_FAILOVER_CONFIG, loadFailoverConfig, parseFailoverConfigText } from './load.ts';
import { CLUSTER_FAULT_TYPES } from './types.ts';

const DEFAULT_TEXT = readFileSync(DEFAULT_FAILOVER_CONFIG, 'utf8');

test('the shipped default covers every fault type the cluster BMCs report (FO-02)', (t) => {
  const c = loadFailoverConfig();
  t.deepEqual([...CLUSTER_FAULT_TYPES].sort(), [...HARDWARE_FAULTS].sort());
  t.deepEqual([...c.faultActions.byType.keys()].sort(), [...HARDWARE_FAULTS].sort());
  t.deepEqual([...c.faultActions.byType].filter(([, a]) => a === 'failover').map(([f]) => f).sort(), ['Cpu', 'Memory', 'OsHang', 'Pcie']);
  t.is(c.faultActions.default, 'none');
});

test('the shipped default matches the default cluster: businesses, volumes, priorities, partition kinds', (t) => {
  const c = loadFailoverConfig();
  const cluster = loadClusterConfig();
  t.deepEqual(
    c.businesses.map((b) => [b.name, b.type, b.priority, b.volume]).sort(),
    cluster.businesses.map((b) => [b.id, b.type, b.priority, b.volume]).sort(),
  );
  for (const r of c.partitionTable) {
    const kind = cluster.hardwareKinds.find((k) => k.id === r.hardwareKind);
    t.truthy(kind, r.hardwareKind);
    t.true(r.serverCounts.every((n) => n <= (kind?.maxPartitionServers ?? 0)), r.hardwareKind);
  }
  t.is(c.manager.partitionManager, 'pm1');
  t.true(c.manager.dumpWaitDeadlineMs > cluster.timing.dumpMs, 'the dump wait outlasts the cluster dump');
  t.true(c.manager.shutdownDeadlineMs > cluster.timing.shutdownMs);
  t.deepEqual(c.businesses.find((b) => b.name === 'crm')?.policy, { cpuModels: ['Xeon Gold 6338', 'Xeon Platinum 8380H'], minCpuFrequencyMHz: 2000, minMemoryGiB: 256, allowChipsetMismatch: true, allowPartitionMismatch: false });
});

/** Each bad variant of the default: the text replaced, and the exact message expected. */
const BAD: Array<{ title: string; from: string | RegExp; to: string; message: string }> = [
  { title: 'unknown top-level key', from: 'moveLowerPriorityFirst: true', to: 'moveLowerPriorityFirst: true\nmoveFirst: true', message: 'f.yaml:26: moveFirst: unknown key; expected one of: manager, faultActions, moveLowerPriorityFirst, businesses, partitionTable' },
  { title: 'fault action not failover/none', from: 'Fan: none', to: 'Fan: maybe', message: 'f.yaml:20: faultActions.byType.Fan: expected one of: failover, none (found "maybe")' },
  { title: 'missing default action', from: '  default: none\n', to: '', message: 'f.yaml:14: faultActions: missing required key "default"' },
  { title: 'priority not high/medium/low', from: 'priority: low, volume: boot-web', to: 'priority: urgent, volume: boot-web', message: 'f.yaml:34: businesses.web.priority: expected one of: high, medium, low (found "urgent")' },
  { title: 'deadline of zero', from: 'shutdownDeadlineMs: 25000', to: 'shutdownDeadlineMs: 0', message: 'f.yaml:9: manager.shutdownDeadlineMs: expected a number >= 1 (graceful shutdown → off, before ForceOff (milliseconds)) (found 0)' },
  { title: 'deadline not a number', from: 'dumpWaitDeadlineMs: 180000', to: 'dumpWaitDeadlineMs: long', message: 'f.yaml:10: manager.dumpWaitDeadlineMs: expected an integer (longest wait while a failed server writes its dump (milliseconds)) (found "long")' },
  { title: 'misspelt policy rule', from: 'minMemoryGiB: 256', to: 'minMemoryGB: 256', message: 'f.yaml:33: businesses.crm.policy.minMemoryGB: unknown key; expected one of: minCpuFrequencyMHz, minMemoryGiB, cpuModels, allowChipsetMismatch, allowPartitionMismatch' },
  { title: 'partition of one server', from: 'px4: { serverCounts: [2] }', to: 'px4: { serverCounts: [1] }', message: 'f.yaml:42: partitionTable.px4.serverCounts[0]: expected a number >= 2 (a server count) (found 1)' },
  { title: 'two businesses on one boot volume', from: 'volume: boot-report', to: 'volume: boot-db', message: 'f.yaml:38: businesses.report.volume: expected a boot volume of its own (business db boots from it too) (found "boot-db")' },
  { title: 'a business id with a space', from: '  web: {', to: '  "we b": {', message: 'f.yaml:34: businesses.we b: expected an id of letters, digits, - and _ (found "we b")' },
  { title: 'a partition table with no partition manager', from: 'partitionManager: pm1', to: 'partitionManager: null', message: "f.yaml:8: manager.partitionManager: expected the partition manager device that composes the partition table's logical servers (px4, px8) (found null)" },
  { title: 'YAML syntax', from: 'faultActions:', to: 'faultActions: [', message: /^f\.yaml:14:\d+: expected valid YAML/.source },
];

for (const b of BAD) {
  test(`refused with file, line, path and expectation: ${b.title}`, (t) => {
    const text = DEFAULT_TEXT.replace(b.from, b.to);
    t.not(text, DEFAULT_TEXT, 'the variant changes the default');
    const e = t.throws(() => parseFailoverConfigText(text, 'f.yaml'), { instanceOf: ConfigError });
    if (b.message.startsWith('^')) t.regex(e.message, new RegExp(b.message));
    else t.is(e.message, b.message);
  });
}

test('an unreadable file is a ConfigError naming it', (t) => {
  const e = t.throws(() => loadFailoverConfig('/nonexistent/fm.yaml'), { instanceOf: ConfigError });
  t.is(e.message, '/nonexistent/fm.yaml: expected a readable failover manager config file');
});

test('an alias bomb is refused by the YAML bounds', (t) => {
  const bomb = `a: &a [x, x, x, x, x, x, x, x, x, x]\n${Array.from({ length: 8 }, (_, i) => `b${i}: &b${i} [${Array(10).fill(i === 0 ? '*a' : `*b${i - 1}`).join(', ')}]`).join('\n')}\n`;
  t.throws(() => parseFailoverConfigText(bomb, 'bomb.yaml'), { instanceOf: ConfigError, message: /^bomb\.yaml:\d+:\d+: expected a document of at most/ });
});
