import test from 'ava';
import { ConfigError } from '../../../lib/errors.ts';
import { loadClusterConfig, parseClusterConfigText } from './load.ts';
import { logicalServers } from './roles.ts';
import { BAD_CONFIGS, variant } from '../testing/bad-configs.ts';

test('the shipped default follows the rule of issue 11', (t) => {
  const c = loadClusterConfig();
  t.true(c.servers.length >= 8);
  t.true(c.hardwareKinds.length >= 3);
  t.is(c.hardwareKinds.filter((k) => k.maxPartitionServers >= 2).length, 2, 'two partition-capable kinds');
  const units = logicalServers(c);
  const active = units.filter((u) => u.business !== null);
  const unused = units.filter((u) => u.business === null);
  t.is(new Set(active.map((u) => u.business)).size, active.length, 'one business per active server');
  t.deepEqual(active.map((u) => u.business ?? '').sort(), c.businesses.map((b) => b.id).sort(), 'every business has its active server');
  t.deepEqual([...new Set(c.businesses.map((b) => b.priority))].sort(), ['high', 'low', 'medium']);
  t.true(unused.length >= 2);
  t.true(active.some((u) => u.servers.length === 2), 'a 2-server logical server is active');
  const activeKinds = [...new Set(active.map((u) => u.kind))];
  const withoutSpare = activeKinds.filter((k) => !unused.some((u) => u.kind === k));
  t.deepEqual(withoutSpare, ['px8'], 'exactly one active kind has no spare');
  t.true(unused.filter((u) => u.kind === 'px4').length >= 2, 'two px4 spares can compose a 2-server standby');
});


for (const b of BAD_CONFIGS) {
  test(`refused: ${b.title}`, (t) => {
    const text = variant(b.from, b.to);
    const e = t.throws(() => parseClusterConfigText(text, 'cluster.yaml'), { instanceOf: ConfigError });
    t.is(e?.message, b.message(text));
  });
}

test('a YAML syntax error names the file, line and column', (t) => {
  const e = t.throws(() => parseClusterConfigText('name: x\ntiming: [\n', 'c.yaml'), { instanceOf: ConfigError });
  t.regex(e?.message ?? '', /^c\.yaml:\d+:\d+: expected valid YAML/);
});

test('a missing file is a ConfigError naming it', (t) => {
  t.throws(() => loadClusterConfig('/nonexistent/cluster.yaml'), { instanceOf: ConfigError, message: /^\/nonexistent\/cluster\.yaml: expected a readable cluster config file/ });
});
