import test from 'ava';
import { applyEdit, StaleSiteError } from './patch.ts';

const TEXT = 'if (a < b) emit(x);\n';

test('the span is replaced and nothing else changes', (t) => {
  t.is(applyEdit(TEXT, { start: 6, end: 7, original: '<', replacement: '<=' }, 'f.ts#s'), 'if (a <= b) emit(x);\n');
  t.is(applyEdit(TEXT, { start: 11, end: 19, original: 'emit(x);', replacement: ';' }, 'f.ts#s'), 'if (a < b) ;\n');
});

test('a span that no longer reads the original is refused, naming the site and both texts', (t) => {
  const e = t.throws(() => applyEdit(TEXT, { start: 6, end: 7, original: '>', replacement: '>=' }, 'f.ts#x:boundary:0'), { instanceOf: StaleSiteError });
  t.is(e?.message, 'f.ts#x:boundary:0: expected ">" at 6..7, found "<" (the file changed since the sites were enumerated)');
  t.throws(() => applyEdit(TEXT, { start: 18, end: 30, original: ';\n', replacement: '' }, 'f.ts#y'), { instanceOf: StaleSiteError });
});
