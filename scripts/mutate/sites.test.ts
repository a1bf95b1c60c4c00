import test from 'ava';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { constantTweaks } from './operators.ts';
import { describeSite } from './site.ts';
import { enumerateSites } from './sites.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const FIXTURE = 'fixtures/sample-source.ts';

test('every operator finds its sites in the fixture, in source order, with stable ids', (t) => {
  const e = enumerateSites(HERE, [FIXTURE]);
  const lines = e.sites.map((s) => `${s.id} | ${describeSite(s).replace(`${FIXTURE}:`, '')}`);
  t.deepEqual(lines, [
    'Machine.count:constant:0 | 6:11 constant 0 → 1',
    // `label + '!'` is a string concatenation: no arithmetic site.
    'Machine.step:if-condition:0 | 10:9 if-condition this.count < limit && !this.defects.has(\'slow\') → false',
    'Machine.step:if-condition:1 | 10:9 if-condition this.count < limit && !this.defects.has(\'slow\') → true',
    'Machine.step:boundary:0 | 10:20 boundary < → <=',
    'Machine.step:relational:0 | 10:20 relational < → >',
    'Machine.step:logical:0 | 10:28 logical && → ||',
    'Machine.step:negation-removed:0 | 10:31 negation-removed !this.defects.has(\'slow\') → this.defects.has(\'slow\')',
    'Machine.step:arithmetic:0 | 10:69 arithmetic += → -=',
    'Machine.step:constant:0 | 10:72 constant 2 → 0',
    'Machine.step:constant:1 | 10:72 constant 2 → 1',
    'Machine.step:constant:2 | 10:72 constant 2 → 20',
    'Machine.step:constant:3 | 10:72 constant 2 → 3',
    'Machine.step:call-removed:0 | 11:5 call-removed this.notify(name); → ;',
    'Machine.step:ternary-condition:0 | 12:12 ternary-condition this.count === limit → false',
    'Machine.step:ternary-condition:1 | 12:12 ternary-condition this.count === limit → true',
    'Machine.step:equality:0 | 12:23 equality === → !==',
    "Machine.step:enum-literal:0 | 12:35 enum-literal 'Done' → 'Idle'",
    "Machine.step:enum-literal:1 | 12:44 enum-literal 'Busy' → 'Done'",
    'Machine.notify.on:boolean:0 | 16:16 boolean true → false',
    // The `stuck` defect guard: → true stays (it turns the defect on); → false and its branch are gated.
    'Machine.notify:if-condition:0 | 17:9 if-condition this.defects.has(\'stuck\') → true',
  ]);
  t.is(e.defectGated, 5, 'the guard → false, and the four tweaks of 7 in its branch');
});

test('the same source gives the same sites twice', (t) => {
  t.deepEqual(enumerateSites(HERE, [FIXTURE]), enumerateSites(HERE, [FIXTURE]));
});

test('constant tweaks: ×10, zero (or one), ±1 for small integers, never negative or unchanged', (t) => {
  t.deepEqual(constantTweaks(0), [1]);
  t.deepEqual(constantTweaks(1), [10, 0, 2]);
  t.deepEqual(constantTweaks(3), [30, 0, 4, 2]);
  t.deepEqual(constantTweaks(1000), [10000, 0]);
  t.deepEqual(constantTweaks(0.5), [5, 0]);
});
