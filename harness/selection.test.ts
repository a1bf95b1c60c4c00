import test from 'ava';
import { ConfigError } from '../lib/errors.ts';
import type { DiscoveredScenario } from './discovery.ts';
import { allowedBy, globToRegExp } from './glob.ts';
import { closestIds, parseShard, selectForRun, selectScenarios } from './selection.ts';

const sc = (id: string, suites: string[], title = id): DiscoveredScenario => ({
  file: 'x.ts',
  def: { id, title, suites, requirements: [], tags: [], roles: { ft: { kind: 'ft', needs: [] } }, timeoutMs: 1, run: async () => undefined },
});
const all = [sc('ft-a', ['nightly']), sc('ft-b', ['nightly', 'ft'], 'Bravo blackout'), sc('ft-hypervisor-c', ['ft']), sc('fo-d', ['nightly'])];
const ids = (xs: DiscoveredScenario[]) => xs.map((x) => x.def.id);

test('no ids: the nightly suite; ids and globs select regardless of suite unless --suite is given', (t) => {
  t.deepEqual(ids(selectScenarios(all, { patterns: [] })), ['fo-d', 'ft-a', 'ft-b']);
  t.deepEqual(ids(selectScenarios(all, { patterns: ['ft-*'] })), ['ft-a', 'ft-b', 'ft-hypervisor-c']);
  t.deepEqual(ids(selectScenarios(all, { patterns: ['ft-*'], suite: 'nightly' })), ['ft-a', 'ft-b']);
  t.deepEqual(ids(selectScenarios(all, { patterns: [], grep: /blackout/ })), ['ft-b']);
  t.throws(() => selectScenarios(all, { patterns: ['ft-a', 'zz'] }), { instanceOf: ConfigError, message: /scenario "zz": no scenario has this id/ });
});

test('shards split the selection without overlap', (t) => {
  const shards = [1, 2, 3].map((i) => ids(selectScenarios(all, { patterns: ['*'], shard: { index: i, total: 3 } })));
  t.deepEqual(shards.flat().sort(), ids(selectScenarios(all, { patterns: ['*'] })).sort());
  t.deepEqual(parseShard('2/4'), { index: 2, total: 4 });
  for (const bad of ['0/2', '3/2', 'x', '1/0']) t.throws(() => parseShard(bad), { message: /--shard: expected I\/N/ });
});

test('globs: * and ?, negation, last match wins', (t) => {
  t.true(globToRegExp('ft-*').test('ft-a.b'));
  t.false(globToRegExp('ft-?').test('ft-ab'));
  t.false(globToRegExp('a.b').test('axb'));
  t.true(allowedBy('ft-x', undefined));
  t.true(allowedBy('ft-x', ['*', '!ft-hypervisor*']));
  t.false(allowedBy('ft-hypervisor-1', ['*', '!ft-hypervisor*']));
  t.true(allowedBy('ft-hypervisor-1', ['ft-hypervisor*']));
  t.false(allowedBy('ft-x', ['ft-hypervisor*']));
  t.true(allowedBy('ft-x', ['!ft-hypervisor*']), 'only exclusions: everything else is allowed');
});

test('a run of nothing is a usage error naming the filter that emptied it, the suites and the closest ids', (t) => {
  t.deepEqual(ids(selectForRun(all, { patterns: [] })), ['fo-d', 'ft-a', 'ft-b']);
  t.throws(() => selectForRun(all, { patterns: [], suite: 'nosuch' }), { instanceOf: ConfigError, message: /^--suite nosuch: no scenario is in suite "nosuch" \(known suites: ft, nightly\)$/ });
  t.throws(() => selectForRun(all, { patterns: ['ft-hyp*'], suite: 'nightly' }), { message: /^--suite nightly: of the 1 scenario\(s\) matching ft-hyp\*, none is in suite "nightly"/ });
  t.throws(() => selectForRun(all, { patterns: [], grep: /zzzz/ }), { instanceOf: ConfigError, message: /^--grep zzzz: expected a regular expression matching the id or title of a scenario in suite "nightly"/ });
  t.throws(() => selectForRun(all, { patterns: [], grep: /ft-bb/ }), { message: /closest ids: ft-b,/ });
  t.throws(() => selectForRun(all, { patterns: ['*'], shard: { index: 5, total: 5 } }), { message: /^--shard 5\/5: expected a shard that takes at least one scenario; the selection has 4 scenario\(s\)/ });
  t.throws(() => selectForRun(all, { patterns: ['ft-hypervisr-c'] }), { message: /scenario "ft-hypervisr-c": no scenario has this id \(closest ids: ft-hypervisor-c\)/ });
  t.throws(() => selectForRun([], { patterns: [] }), { message: /expected at least one scenario module/ });
});

test('closest ids: by edit distance to the id or to a part of it', (t) => {
  t.deepEqual(closestIds(['ft-isolation-cpu-m0', 'ft-io-nic-failover', 'ft-replacement-flow'], 'isolaton', 1), ['ft-isolation-cpu-m0']);
  t.deepEqual(closestIds(['ft-isolation-cpu-m0', 'ft-io-nic-failover', 'ft-replacement-flow'], 'ft-io-nic-failovr*', 1), ['ft-io-nic-failover']);
  t.deepEqual(closestIds(['ft-isolation-cpu-m0', 'ft-io-nic-failover'], 'zzzz'), [], 'nothing near: no suggestions');
});
