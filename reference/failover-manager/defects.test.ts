import test from 'ava';
import { ConfigError } from '../../lib/errors.ts';
import { DEFECT_NAMES, type DefectName, listDefectsText, NO_DEFECTS, parseDefects } from './defects.ts';
import type { FailoverConfig } from './config/types.ts';
import type { Decision, ManagementTable, Step } from './plan/types.ts';
import { decide } from './search/decide.ts';
import { DEFAULT_CONFIG, fail, hardwareOf, labTable, powerOn, withBusiness } from './search/testing/lab.ts';

const stepsOf = (d: Decision): Step[] => (d.kind === 'no-action' ? [] : d.steps);
const run = (table: ManagementTable, config: FailoverConfig, server: string, defect?: DefectName): Decision => decide(table, config, fail(server), defect ? new Set([defect]) : NO_DEFECTS);
const withSteps = (d: Decision, steps: Step[]): Decision => ({ ...d, steps }) as Decision;
const isZoning = (s: Step): boolean => s.op === 'zone-remove' || s.op === 'zone-add' || s.op === 'zone-activate';

/** Plan defects: the healthy decision for the same failure, changed by hand exactly as the defect says. */
const PLAN_DEFECTS: Array<{ defect: DefectName; server: string; expect: (healthy: Step[]) => Step[] }> = [
  { defect: 'boot-before-fence', server: 'srv01', expect: (s) => [...s.slice(1, -1), s[0], s.at(-1)] as Step[] },
  { defect: 'map-before-unmap', server: 'srv06', expect: (s) => [...s.slice(0, 2), ...s.slice(5, 7), ...s.slice(2, 5), ...s.slice(7)] },
  { defect: 'skip-zoning', server: 'srv06', expect: (s) => s.filter((x) => !isZoning(x)) },
  { defect: 'skip-vlan', server: 'srv04', expect: (s) => s.filter((x) => x.op !== 'vlan') },
  { defect: 'same-lun-renumbered', server: 'srv06', expect: (s) => s.map((x) => (x.op === 'map' ? { ...x, lun: x.lun + 1 } : x)) },
  { defect: 'no-dump-wait', server: 'srv04', expect: (s) => s.map((x, i) => (i === 0 && x.op === 'fence' ? { ...x, waitForDump: false } : x)) },
];

for (const c of PLAN_DEFECTS) {
  test(`${c.defect} changes exactly its part of the plan (failure of ${c.server})`, (t) => {
    const table = labTable();
    const healthy = run(table, DEFAULT_CONFIG, c.server);
    const expected = withSteps(healthy, c.expect(stepsOf(healthy)));
    t.notDeepEqual(expected, healthy, 'the case exercises the defect');
    t.deepEqual(run(table, DEFAULT_CONFIG, c.server, c.defect), expected);
  });
}

test('boot-before-fence: the standby boots while the failed server is still on; a preempted standby is still fenced first', (t) => {
  const steps = stepsOf(run(labTable(), DEFAULT_CONFIG, 'srv06', 'boot-before-fence')).map((s) => `${s.op}${'server' in s ? ` ${s.server}` : ''}`);
  t.true(steps.indexOf('fence srv07') < steps.indexOf('boot srv07'));
  t.is(steps.indexOf('fence srv06'), steps.indexOf('boot srv07') + 1);
});

test('partial-on-no-standby: with no standby it fences and unmaps before notifying', (t) => {
  const healthy = run(labTable(), DEFAULT_CONFIG, 'srv07');
  const expected = withSteps(healthy, [{ op: 'fence', server: 'srv07', waitForDump: true }, { op: 'unmap', array: 'array1', hostGroup: 'hg-srv07', volume: 'boot-report' }, ...stepsOf(healthy)]);
  t.deepEqual(run(labTable(), DEFAULT_CONFIG, 'srv07', 'partial-on-no-standby'), expected);
});

test('ignore-policy: the decision a correct manager would make were the policy met by the violating server', (t) => {
  // The default cluster's srv11 (gx1: Xeon Silver, 1800 MHz, 128 GiB) is wired like srv01 but breaks crm's policy.
  const table = labTable(powerOn('srv08'));
  t.like(run(table, DEFAULT_CONFIG, 'srv01'), { standby: ['srv09'] }, 'healthy: srv11 is too slow and too small for the policy');
  const crm = DEFAULT_CONFIG.businesses.find((b) => b.name === 'crm')?.policy ?? null;
  const lenient = withBusiness(DEFAULT_CONFIG, 'crm', { policy: crm && { ...crm, cpuModels: [...(crm.cpuModels ?? []), 'Xeon Silver 4314'], minCpuFrequencyMHz: 1800, minMemoryGiB: 128 } });
  t.like(run(table, lenient, 'srv01'), { standby: ['srv11'] });
  t.deepEqual(run(table, DEFAULT_CONFIG, 'srv01', 'ignore-policy'), run(table, lenient, 'srv01'));
});

test('wrong-hardware: the decision a correct manager would make were the gx2 spare a px4', (t) => {
  const healthy = run(labTable(), DEFAULT_CONFIG, 'srv05');
  t.like(healthy, { standby: ['srv09'] });
  const disguised = labTable((r) => hardwareOf(r, 'srv08', 'srv05'));
  t.deepEqual(run(labTable(), DEFAULT_CONFIG, 'srv05', 'wrong-hardware'), run(disguised, DEFAULT_CONFIG, 'srv05'));
});

test('ignore-priority: report (low) preempts db (high) — the decision were their priorities swapped, but for the stated priority', (t) => {
  t.is(run(labTable(), DEFAULT_CONFIG, 'srv07').kind, 'no-standby');
  const swapped = withBusiness(withBusiness(DEFAULT_CONFIG, 'report', { priority: 'high' }), 'db', { priority: 'low' });
  const expected = run(labTable(undefined, swapped), swapped, 'srv07');
  const actual = run(labTable(), DEFAULT_CONFIG, 'srv07', 'ignore-priority');
  const relabel = (d: Decision): string => JSON.stringify(d).replaceAll('(db, low priority)', '(db, high priority)');
  t.like(actual, { kind: 'failover', standby: ['srv06'], preempted: { server: 'srv06', business: 'db', movedTo: null } });
  t.is(JSON.stringify(actual), relabel(expected));
});

test('each defect leaves decisions it has no part in unchanged', (t) => {
  const table = labTable();
  const where: Record<DefectName, string[]> = {
    'boot-before-fence': ['srv07'], 'map-before-unmap': ['srv07'], 'ignore-policy': ['srv01', 'srv04', 'srv06', 'srv07'], 'ignore-priority': ['srv01', 'srv04', 'srv06'],
    'skip-zoning': ['srv07'], 'skip-vlan': ['srv07'], 'wrong-hardware': ['srv01', 'srv06', 'srv07'], 'partial-on-no-standby': ['srv01', 'srv04', 'srv06'],
    'same-lun-renumbered': ['srv07'], 'no-dump-wait': ['srv07'],
  };
  for (const d of DEFECT_NAMES) for (const s of where[d]) t.deepEqual(run(table, DEFAULT_CONFIG, s, d), run(table, DEFAULT_CONFIG, s), `${d} on ${s}`);
});

test('--defect names are checked; --list-defects lists the ten, one a line', (t) => {
  t.deepEqual([...parseDefects(['skip-vlan', 'no-dump-wait'])], ['skip-vlan', 'no-dump-wait']);
  const e = t.throws(() => parseDefects(['skip-vlans']), { instanceOf: ConfigError });
  t.is(e.message, `--defect: expected a defect profile, one of: ${DEFECT_NAMES.join(', ')} (found "skip-vlans")`);
  const lines = listDefectsText().trimEnd().split('\n');
  t.is(lines.length, 10);
  t.deepEqual(lines.map((l) => l.split(/\s+/)[0]), DEFECT_NAMES);
});
