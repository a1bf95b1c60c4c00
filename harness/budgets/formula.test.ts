import test from 'ava';
import { evaluateFormula, FormulaError, formulaParams, parseFormula } from './formula.ts';

const value = (src: string, params: Record<string, number> = {}): number => evaluateFormula(parseFormula(src), params);

test('operators associate to the left, * and / bind tighter than + and -', (t) => {
  t.is(value('1 - 2 - 3'), -4);
  t.is(value('8 / 4 / 2'), 1);
  t.is(value('2 + 3 * 4 - 6 / 2'), 11);
  t.is(value('-(1 + 2) * +3'), -9);
});

test('parameters, min and max', (t) => {
  t.is(value('memoryGiB * 1000 / 8 + 500', { memoryGiB: 16 }), 2500);
  t.is(value('min(a, max(b, 3)) * 2', { a: 10, b: 1 }), 6);
  t.deepEqual([...formulaParams(parseFormula('min(a, max(b, 3)) * a'))].sort(), ['a', 'b']);
});

test('syntax errors are FormulaErrors naming the column', (t) => {
  t.throws(() => parseFormula(''), { instanceOf: FormulaError, message: 'empty formula' });
  t.throws(() => parseFormula('1 +'), { instanceOf: FormulaError, message: 'unexpected end of formula' });
  t.throws(() => parseFormula('(1'), { instanceOf: FormulaError, message: 'expected ")" at the end' });
  t.throws(() => parseFormula('1 2'), { instanceOf: FormulaError, message: 'unexpected input at column 3' });
  t.throws(() => parseFormula('1 $ 2'), { instanceOf: FormulaError, message: 'unexpected character "$" at column 3' });
  t.throws(() => parseFormula('foo(1)'), { instanceOf: FormulaError, message: 'unknown function "foo" (known: min, max)' });
});

test('formulas are bounded: length and nesting depth give a FormulaError, never a stack overflow', (t) => {
  t.throws(() => parseFormula(`${'('.repeat(400)}1${')'.repeat(400)}`), { instanceOf: FormulaError, message: /nested deeper than 32 levels at column 33/ });
  t.throws(() => parseFormula(`${'-'.repeat(100)}1`), { instanceOf: FormulaError, message: /nested deeper than 32 levels/ });
  t.throws(() => parseFormula(`${'max('.repeat(100)}1${')'.repeat(100)}`), { instanceOf: FormulaError, message: /nested deeper than 32 levels/ });
  t.throws(() => parseFormula('1+'.repeat(600) + '1'), { instanceOf: FormulaError, message: /expected at most 1000 characters \(it has 1201\)/ });
  t.is(evaluateFormula(parseFormula(`${'('.repeat(30)}2${')'.repeat(30)} * ${'1 + '.repeat(100)}1`), {}), 102);
});
