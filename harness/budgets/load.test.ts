import test from 'ava';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError } from '../../lib/errors.ts';
import { evaluateFormula, parseFormula, FormulaError } from './formula.ts';
import { loadBudgets } from './load.ts';
import { judge } from './verdict.ts';

function dirWith(t: import('ava').ExecutionContext, files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ftlab-budgets-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}

const GOOD = `budgets:
  - id: ft-blackout
    limit: 200
    unit: ms
    marginalBand: 0.2
    source: "white paper: blackout is extremely short (lab target)"
    requirements: [FT-08]
  - id: ft-hv-blackout
    limitFormula: "memoryGiB * 1000 / 8 + 500"
    params: [memoryGiB]
    unit: ms
    marginalBand: 0.1
    source: "FT-09: whole memory copied in blackout at 8 GiB/s"
    requirements: [FT-09]
availability:
  targetAvailability: 0.99999
  eventsPerYear:
    module-fault: { rate: 2, source: "MTBF estimate", measurement: blackout }
`;

test('loads fixed and formula budgets and resolves formula limits with parameters', (t) => {
  const book = loadBudgets(dirWith(t, { 'ft.yaml': GOOD }));
  t.deepEqual(book.ids(), ['ft-blackout', 'ft-hv-blackout']);
  t.like(book.resolve('ft-blackout'), { limit: 200, unit: 'ms', marginalBand: 0.2, requirement: ['FT-08'] });
  t.like(book.resolve('ft-hv-blackout', { memoryGiB: 64 }), { limit: 8500, limitFormula: 'memoryGiB * 1000 / 8 + 500', params: { memoryGiB: 64 } });
  t.is(book.availability?.targetAvailability, 0.99999);
  const e = t.throws(() => book.resolve('ft-hv-blackout', {}), { instanceOf: ConfigError });
  t.regex(e?.message ?? '', /ft\.yaml:8: budgets\[1\]: limitFormula: cannot evaluate "memoryGiB \* 1000 \/ 8 \+ 500": parameter "memoryGiB" is needed/);
  t.throws(() => book.resolve('nope'), { message: /budget "nope": no such budget in budgets\/\*\.yaml \(known: ft-blackout, ft-hv-blackout\)/ });
  t.deepEqual(book.records().map((r) => [r.id, r.limit, r.limitFormula]), [['ft-blackout', 200, undefined], ['ft-hv-blackout', 0, 'memoryGiB * 1000 / 8 + 500']]);
});

test('validation errors name the file, line and path', (t) => {
  const bad = (text: string, re: RegExp) => t.throws(() => loadBudgets(dirWith(t, { 'b.yaml': text })), { instanceOf: ConfigError, message: re });
  bad('budgets:\n  - id: x\n    unit: ms\n    marginalBand: 2\n    source: s\n    requirements: []\n    limit: 1\n', /b\.yaml:4: budgets\[0\]\.marginalBand: expected a number <= 1 \(found 2\)/);
  bad('budgets:\n  - id: x\n    unit: ms\n    marginalBand: 0.1\n    source: s\n    requirements: []\n', /b\.yaml:2: budgets\[0\]: expected exactly one of "limit" \(a number\) or "limitFormula"/);
  bad('budgets:\n  - id: x\n    unit: ms\n    marginalBand: 0.1\n    source: s\n    requirements: []\n    limitFormula: "memGiB * ("\n', /b\.yaml:7: budgets\[0\]\.limitFormula: invalid formula: unexpected end of formula/);
  bad('budgets:\n  - id: x\n    unit: ms\n    marginalBand: 0.1\n    requirements: [FT-1]\n    limit: 3\n', /budgets\[0\]: missing required property "source"/);
  bad('budgets:\n  - id: x\n    unit: ms\n    marginalBand: 0.1\n    source: s\n    requirements: [ft1]\n    limit: 3\n', /b\.yaml:6: budgets\[0\]\.requirements\[0\]: expected a requirement ID such as FT-08 \(found "ft1"\)/);
  const dup = dirWith(t, { 'a.yaml': GOOD, 'b.yaml': GOOD.replace(/availability:[\s\S]*/, '') });
  t.throws(() => loadBudgets(dup), { message: /b\.yaml:2: budgets\[0\]: budget id "ft-blackout" is already defined at .*a\.yaml:2: budgets\[0\]/ });
});

test('formulas: precedence, parentheses, unary minus, min/max; no eval', (t) => {
  const ev = (s: string, p: Record<string, number> = {}) => evaluateFormula(parseFormula(s), p);
  t.is(ev('1 + 2 * 3'), 7);
  t.is(ev('(1 + 2) * 3'), 9);
  t.is(ev('-2 * -3'), 6);
  t.is(ev('max(100, m / 2) + min(1, 2, 3)', { m: 500 }), 251);
  t.is(ev('1.5e3 / 3'), 500);
  t.throws(() => parseFormula('process.exit(1)'), { instanceOf: FormulaError, message: /bad number at column 8/ });
  t.throws(() => parseFormula('foo(1)'), { message: /unknown function "foo"/ });
  t.throws(() => parseFormula('1 2'), { message: /unexpected input at column 3/ });
  t.throws(() => ev('1 / (a - a)', { a: 2 }), { message: /division by zero/ });
});

test('verdicts: pass below the marginal band, marginal inside it, fail above the limit', (t) => {
  const b = { limit: 100, marginalBand: 0.2 };
  t.deepEqual(judge(80, b), { verdict: 'pass', margin: 0.2 });
  t.deepEqual(judge(80.5, b).verdict, 'marginal');
  t.deepEqual(judge(100, b).verdict, 'marginal');
  t.deepEqual(judge(100.01, b).verdict, 'fail');
  t.true(judge(120, b).margin < 0);
  t.is(judge(Number.NaN, b).verdict, 'fail');
});

test('a budgets directory that is missing, not a directory or without budget files is a ConfigError naming the option', (t) => {
  const dir = dirWith(t, {});
  t.throws(() => loadBudgets(path.join(dir, 'nope'), '--budgets'), { instanceOf: ConfigError, message: /^--budgets .*nope: expected a directory of budget files \(\*\.yaml\) \(it does not exist\)$/ });
  t.throws(() => loadBudgets(dir, '--budgets'), { instanceOf: ConfigError, message: /expected a directory of budget files \(\*\.yaml\); it holds none/ });
  const file = path.join(dirWith(t, { 'x.yaml': GOOD }), 'x.yaml');
  t.throws(() => loadBudgets(file), { instanceOf: ConfigError, message: /x\.yaml: expected a directory of budget files \(\*\.yaml\) \(it is not a directory\)/ });
});
