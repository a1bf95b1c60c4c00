import test from 'ava';
import { ConfigError } from '../../../lib/errors.ts';
import { loadClusterConfig } from './load.ts';
import { relabelCluster } from './relabel.ts';

const addresses = (c: ReturnType<typeof loadClusterConfig>): string[] => [
  ...c.servers.flatMap((s) => [...s.nics.map((n) => n.mac), ...s.hbas.flatMap((h) => [h.wwpn, h.wwnn])]),
  ...c.arrays.flatMap((a) => [...a.ports.map((p) => p.wwpn), ...a.volumes.map((v) => v.naa)]),
];

test('a relabelled cluster: device names prefixed, references followed, every address its own, in-device ids kept', (t) => {
  const base = loadClusterConfig();
  const c = relabelCluster(base, 'c2-');
  t.deepEqual(c.servers.map((s) => s.id), base.servers.map((s) => `c2-${s.id}`));
  t.deepEqual(c.ethernetSwitches.map((s) => s.id), ['c2-sw1']);
  t.deepEqual(c.fabrics.map((f) => [f.id, f.switchName]), [['A', 'c2-fcA'], ['B', 'c2-fcB']]);
  t.deepEqual(c.arrays.map((a) => a.id), ['c2-array1']);
  t.is(c.partitionManager, 'c2-pm1');
  t.is(c.name, 'c2-default');
  t.deepEqual(c.servers[0]?.nics.map((n) => n.switch), ['c2-sw1', 'c2-sw1']);
  t.deepEqual(c.partitions.map((p) => [p.id, p.servers]), [['lp1', ['c2-srv03', 'c2-srv04']]]);
  t.deepEqual(c.businesses.map((b) => [b.id, b.volume]), base.businesses.map((b) => [b.id, b.volume]));
  t.deepEqual(c.fabrics[0]?.zones.map((z) => z.id), base.fabrics[0]?.zones.map((z) => z.id));
  const before = addresses(base);
  const after = addresses(c);
  t.is(after.length, before.length);
  t.true(after.every((a, i) => a !== before[i]), 'every MAC, WWPN, WWNN and NAA changed');
  t.is(new Set([...before, ...after]).size, before.length * 2, 'no address of the copy is one of the original');
  t.deepEqual(c.fabrics[0]?.zones[0]?.members, [c.servers[0]?.hbas[0]?.wwpn, c.arrays[0]?.ports[0]?.wwpn], 'zones follow the WWPNs they name');
  t.deepEqual(c.timing, base.timing);
  t.deepEqual(relabelCluster(base, 'c2-'), c, 'the same prefix gives the same copy');
});

test('a prefix that is not a name start is refused naming memberPrefix', (t) => {
  t.throws(() => relabelCluster(loadClusterConfig(), '2c-'), { instanceOf: ConfigError, message: /memberPrefix: expected a prefix matching/ });
});
