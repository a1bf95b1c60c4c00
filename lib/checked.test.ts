import test from 'ava';
import fc from 'fast-check';
import { MissingValueError, at, entry } from './checked.ts';
import { FtlabError } from './errors.ts';

test('at returns the element at an index, counting from the end for a negative one', (t) => {
  const xs = [10, 20, 30];
  t.is(at(xs, 0, 'first'), 10);
  t.is(at(xs, 2, 'last'), 30);
  t.is(at(xs, -1, 'last'), 30);
  t.is(at(xs, -3, 'first'), 10);
});

test('at reads strings, typed arrays and regexp matches', (t) => {
  t.is(at('abc', 1, 'char'), 'b');
  t.is(at(new Uint8Array([7, 8]), 1, 'byte'), 8);
  const m = /^(\w+)=(\d+)$/.exec('size=12');
  t.truthy(m);
  if (m) t.is(at(m, 2, 'value group'), '12');
});

test('at keeps falsy elements: 0, empty string, null, NaN', (t) => {
  t.is(at([0], 0, 'zero'), 0);
  t.is(at([''], 0, 'empty'), '');
  t.is(at([null], 0, 'null'), null);
  t.true(Number.isNaN(at([Number.NaN], 0, 'nan')));
});

test('at throws a MissingValueError naming what is missing, the index and the length', (t) => {
  const err = t.throws(() => at([1, 2], 2, 'send time of probe'), { instanceOf: MissingValueError });
  t.true(err instanceof FtlabError);
  t.is(err?.what, 'send time of probe');
  t.is(err?.key, 2);
  t.is(err?.size, 2);
  t.is(err?.message, 'send time of probe: no element at index 2 (of 2)');
  t.is(err?.name, 'MissingValueError');
});

test('at treats out-of-range, fractional and NaN indexes, holes and undefined elements as missing', (t) => {
  t.throws(() => at([], 0, 'x'), { instanceOf: MissingValueError });
  t.throws(() => at([1], -2, 'x'), { instanceOf: MissingValueError });
  t.throws(() => at([1, 2], 0.5, 'x'), { instanceOf: MissingValueError });
  t.throws(() => at([1], Number.NaN, 'x'), { instanceOf: MissingValueError });
  t.throws(() => at([1, , 3], 1, 'x'), { instanceOf: MissingValueError });
  t.throws(() => at([undefined], 0, 'x'), { instanceOf: MissingValueError });
});

test('at agrees with Array.prototype.at wherever that finds an element', (t) => {
  fc.assert(
    fc.property(fc.array(fc.integer()), fc.integer({ min: -20, max: 20 }), (xs, i) => {
      const expected = xs.at(i);
      if (expected !== undefined) return at(xs, i, 'x') === expected;
      try {
        at(xs, i, 'x');
        return false;
      } catch (e) {
        return e instanceof MissingValueError;
      }
    }),
  );
  t.pass();
});

test('entry returns an own entry and throws a MissingValueError naming the key otherwise', (t) => {
  const counts: Record<string, number> = { a: 0, b: 2 };
  t.is(entry(counts, 'a', 'count'), 0);
  t.is(entry(counts, 'b', 'count'), 2);
  const err = t.throws(() => entry(counts, 'c', 'count of power state'), { instanceOf: MissingValueError });
  t.is(err?.key, 'c');
  t.is(err?.message, 'count of power state: no entry "c" (of 2)');
});

test('entry does not take inherited names for entries', (t) => {
  const r: Record<string, string> = { a: 'x' };
  t.throws(() => entry(r, 'constructor', 'x'), { instanceOf: MissingValueError });
  t.throws(() => entry(r, 'toString', 'x'), { instanceOf: MissingValueError });
  t.throws(() => entry(r, '__proto__', 'x'), { instanceOf: MissingValueError });
  t.throws(() => entry({ a: undefined }, 'a', 'x'), { instanceOf: MissingValueError });
});

test('MissingValueError carries a cause', (t) => {
  const cause = new Error('low level');
  t.is(new MissingValueError('x', 0, 0, { cause }).cause, cause);
});
