import test from 'ava';
import type { CapabilityName } from '../../drivers/capabilities/index.ts';
import type { BoundDevice } from '../devices/device.ts';
import type { Roles, ScenarioDef } from '../scenario.ts';
import type { ClusterConfig } from '../inventory/types.ts';
import { labelOf, missingNeeds, planTestcases, selectionNeedsCluster } from './plan.ts';

function device(name: string, kind: string, opts: { tags?: string[]; caps?: CapabilityName[]; scenarios?: string[] } = {}): BoundDevice {
  const caps = Object.fromEntries((opts.caps ?? ['PowerControl', 'SystemHealth']).map((c) => [c, { kind: c }]));
  return { name, kind, caps, protocols: {}, endpoints: {}, tags: opts.tags ?? [], timeScale: 1, close: async () => undefined, ...(opts.scenarios ? { scenarios: opts.scenarios } : {}) };
}

function scenario(id: string, roles: Roles): ScenarioDef {
  return { id, title: id, requirements: [], tags: [], suites: [], roles, timeoutMs: 1000, run: async () => undefined };
}

const plan = (def: ScenarioDef, devices: BoundDevice[], repeat = 1) =>
  planTestcases([def], devices, repeat).map((tc) => (tc.binding ? `${tc.binding.label}#${tc.iteration}` : `none: ${tc.noBindingReason}`));

test('a single one-device role runs on every device of its kind that allows the scenario, once per iteration', (t) => {
  const devices = [device('ft0', 'ft'), device('ft1', 'ft', { scenarios: ['!x'] }), device('ft2', 'ft'), device('sw0', 'switch')];
  t.deepEqual(plan(scenario('x', { ft: { kind: 'ft', needs: [] } }), devices, 2), ['ft0#0', 'ft2#0', 'ft0#1', 'ft2#1']);
});

test('several roles get one binding of distinct devices, in role order, devices offering the needs first', (t) => {
  const devices = [
    device('s0', 'server', { caps: ['PowerControl'] }),
    device('s1', 'server', { caps: ['PowerControl', 'FtState'] }),
    device('s2', 'server', { caps: ['PowerControl', 'FtState'], tags: ['spare'] }),
    device('s3', 'server'),
    device('fc0', 'fc-switch'),
  ];
  const def = scenario('fo', {
    active: { kind: 'server', needs: ['FtState'] },
    standby: { kind: 'server', tags: ['spare'], needs: [] },
    others: { kind: 'server', min: 1, needs: [] },
    fabric: { kind: 'fc-switch', needs: [] },
  });
  const [tc] = planTestcases([def], devices, 1);
  t.deepEqual(
    Object.fromEntries(Object.entries(tc?.binding?.roles ?? {}).map(([r, ds]) => [r, ds.map((d) => d.name)])),
    { active: ['s1'], standby: ['s2'], others: ['s0', 's3'], fabric: ['fc0'] },
  );
  t.is(tc?.binding?.label, 'active=s1 standby=s2 others=s0,s3 fabric=fc0');
});

test('count and max bound a role; a role the lab cannot fill plans a skip with the reason', (t) => {
  const devices = [device('s0', 'server'), device('s1', 'server'), device('s2', 'server')];
  t.deepEqual(plan(scenario('a', { pair: { kind: 'server', count: 2, needs: [] }, rest: { kind: 'server', max: 5, min: 1, needs: [] } }), devices), [
    'pair=s0,s1 rest=s2#0',
  ]);
  t.deepEqual(plan(scenario('b', { many: { kind: 'server', count: 4, needs: [] } }), devices), [
    'none: role "many" needs 4 device(s) of kind "server"; the lab has 3 free for it',
  ]);
  t.deepEqual(plan(scenario('c', { a: { kind: 'server', needs: [] }, b: { kind: 'array', needs: [] } }), devices), [
    'none: the lab has no device of kind "array" for role "b"',
  ]);
  t.deepEqual(plan(scenario('d', { ft: { kind: 'ft', needs: [] } }), devices), ['none: the lab has no device of kind "ft"']);
  t.deepEqual(plan(scenario('e', { s: { kind: 'server', tags: ['gpu'], needs: [] } }), devices), [
    'none: no device of kind "server" tagged gpu runs it (kind, tags and scenarios filters of s0, s1, s2)',
  ]);
});

test('missing needs name the device and, with several roles, the role', (t) => {
  const devices = [device('s0', 'server', { caps: ['PowerControl'] }), device('a0', 'array', { caps: [] })];
  const def = scenario('m', { srv: { kind: 'server', needs: ['PowerControl'] }, san: { kind: 'array', needs: ['LogReader'] } });
  const [tc] = planTestcases([def], devices, 1);
  t.truthy(tc?.binding);
  if (tc?.binding) t.deepEqual(missingNeeds(def, tc.binding), ['LogReader on device "a0" (role san) (it has: none)']);
});

test('a binding label is the device name for one device, else role=devices in order', (t) => {
  t.is(labelOf({ ft: [device('ft0', 'ft')] }), 'ft0');
  t.is(labelOf({ ft: [device('ft0', 'ft'), device('ft1', 'ft')] }), 'ft=ft0,ft1');
});

const cluster = (name: string, servers: string[], extra: Partial<ClusterConfig> = {}): ClusterConfig => ({
  name,
  servers,
  ethernetSwitches: [],
  fabrics: {},
  arrays: [],
  businesses: [],
  tags: [],
  ...extra,
});

test('a cluster role binds each cluster the filters allow: the role holds all its devices, other roles are filled from that cluster only', (t) => {
  const devices = [device('s0', 'server'), device('s1', 'server', { tags: ['spare'] }), device('fcA', 'fc-switch'), device('a0', 'array'), device('s9', 'server', { tags: ['spare'] }), device('ft0', 'ft')];
  const clusters = [cluster('c1', ['s0', 's1'], { fabrics: { A: 'fcA' }, arrays: ['a0'] }), cluster('c2', ['s9'])];
  const def = scenario('fo-spare', { cl: { kind: 'cluster', needs: [] }, spare: { kind: 'server', tags: ['spare'], needs: [] } });
  const cases = planTestcases([def], devices, 1, clusters);
  t.deepEqual(cases.map((tc) => tc.binding?.label), ['c1 spare=s1', 'c2 spare=s9']);
  t.deepEqual(cases[0]?.binding?.roles.cl?.map((d) => d.name), ['s0', 's1', 'fcA', 'a0']);
  t.is(cases[0]?.binding?.cluster?.role, 'cl');
  t.deepEqual(cases[0]?.binding?.cluster?.config.fabrics, { A: 'fcA' });
  t.deepEqual(plan(scenario('whole', { cl: { kind: 'cluster', needs: [] } }), devices), ['none: the lab has no cluster'], 'no clusters given');
  t.deepEqual(
    planTestcases([scenario('whole', { cl: { kind: 'cluster', needs: [] } })], devices, 2, clusters).map((tc) => `${tc.binding?.label}#${tc.iteration}`),
    ['c1#0', 'c2#0', 'c1#1', 'c2#1'],
  );
});

test('a cluster role skips with the reason: no cluster, filters, a role its cluster cannot fill, devices not in the lab', (t) => {
  const devices = [device('s0', 'server'), device('s1', 'server')];
  const planC = (def: ScenarioDef, clusters: ClusterConfig[]) => planTestcases([def], devices, 1, clusters).map((tc) => tc.binding?.label ?? `none: ${tc.noBindingReason}`);
  const both = scenario('fo', { cl: { kind: 'cluster', needs: [] }, arr: { kind: 'array', needs: [] } });
  t.deepEqual(planC(both, []), ['none: the lab has no cluster for role "cl"']);
  t.deepEqual(planC(both, [cluster('c1', ['s0'])]), ['none: cluster c1 has no device of kind "array" for role "arr"']);
  t.deepEqual(planC(scenario('fo', { cl: { kind: 'cluster', tags: ['gpu'], needs: [] } }), [cluster('c1', ['s0'])]), ['none: no cluster tagged gpu runs it (tags and scenarios filters of c1)']);
  t.deepEqual(planC(scenario('fo-x', { cl: { kind: 'cluster', needs: [] } }), [cluster('c1', ['s0'], { scenarios: ['!fo-*'] }), cluster('c2', ['s1'])]), ['c2']);
  t.deepEqual(planC(scenario('fo', { cl: { kind: 'cluster', needs: [] } }), [cluster('c1', ['s0', 'gone'])]), ['none: cluster c1: device(s) gone are not in the lab']);
  t.deepEqual(planC(scenario('fo', { a: { kind: 'cluster', needs: [] }, b: { kind: 'cluster', needs: [] } }), [cluster('c1', ['s0'])]), ['none: roles "a", "b" are all of kind cluster; a scenario targets one cluster']);
  const srvOnly = scenario('fo', { cl: { kind: 'cluster', needs: [] }, two: { kind: 'server', count: 2, needs: [] } });
  t.deepEqual(planC(srvOnly, [cluster('c1', ['s0']), cluster('c2', ['s1'])]), [
    'none: role "two" needs 2 device(s) of kind "server"; cluster c1 has 1 free for it; role "two" needs 2 device(s) of kind "server"; cluster c2 has 1 free for it',
  ]);
});

test('a cluster role needs are asked of every device of the cluster; the selection needs a cluster when a role names one of its kinds', (t) => {
  const devices = [device('s0', 'server', { caps: ['PowerControl'] }), device('a0', 'array', { caps: [] })];
  const def = scenario('fo', { cl: { kind: 'cluster', needs: ['PowerControl'] } });
  const [tc] = planTestcases([def], devices, 1, [cluster('c1', ['s0'], { arrays: ['a0'] })]);
  t.deepEqual(tc?.binding ? missingNeeds(def, tc.binding) : null, ['PowerControl on device "a0" (it has: none)']);
  t.false(selectionNeedsCluster([scenario('ft', { ft: { kind: 'ft', needs: [] } })]));
  t.true(selectionNeedsCluster([scenario('ft', { ft: { kind: 'ft', needs: [] } }), scenario('fo', { cl: { kind: 'cluster', needs: [] } })]));
  t.true(selectionNeedsCluster([scenario('sw', { sw: { kind: 'fc-switch', needs: [] } })]));
});
