import test from 'ava';
import { MissingValueError } from './checked.ts';
import { alignRow, columnWidths } from './columns.ts';

test('columnWidths takes the widest cell of each column, capped at maxWidth', (t) => {
  const rows = [
    ['ID', 'TITLE'],
    ['FT-01', 'x'],
    ['A', 'a longer title'],
  ];
  t.deepEqual(columnWidths(rows), [5, 14]);
  t.deepEqual(columnWidths(rows, 4), [4, 4]);
  t.deepEqual(columnWidths([]), []);
});

test('columnWidths counts a column that only some rows have', (t) => {
  t.deepEqual(columnWidths([['a'], ['bb', 'ccc']]), [2, 3]);
});

test('alignRow pads every cell but the last, two spaces apart, and cuts a long cell with an ellipsis', (t) => {
  t.is(alignRow(['ID', 'TITLE'], [5, 14]), 'ID     TITLE');
  t.is(alignRow(['abcdefgh', 'b', 'rest stays whole'], [4, 3, 2]), 'abc…  b    rest stays whole');
  t.is(alignRow([], [1]), '');
  t.is(alignRow(['a', 'b'], [3, 1], ' | '), 'a   | b');
});

test('alignRow throws a MissingValueError for a row wider than the widths it was given', (t) => {
  const err = t.throws(() => alignRow(['a', 'b', 'c'], [1]), { instanceOf: MissingValueError });
  t.regex(err?.message ?? '', /table: width of column: no element at index 1 \(of 1\)/);
});
