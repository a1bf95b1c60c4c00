import test from 'ava';
import { ConfigError } from '../../lib/errors.ts';
import { equivalentFor, parseEquivalents, staleEquivalents } from './equivalents.ts';
import type { Site } from './site.ts';

const site = (id: string, original = '<', replacement = '<='): Site => ({ file: 'a.ts', id, operator: 'boundary', start: 0, end: 1, line: 1, column: 1, original, replacement });

const LIST = parseEquivalents(
  'eq.yaml',
  `- file: a.ts
  site: "plan*"
  why: tests only
- file: a.ts
  site: f:boundary:0
  mutation: "< → <="
  why: the two are never equal
`,
);

test('an exact id with its mutation, or a glob over ids, names a site as equivalent', (t) => {
  t.is(equivalentFor(site('planResync:constant:3'), LIST)?.why, 'tests only');
  t.is(equivalentFor(site('f:boundary:0'), LIST)?.why, 'the two are never equal');
  t.is(equivalentFor(site('g:boundary:0'), LIST), undefined);
  t.is(equivalentFor({ ...site('planX:x:0'), file: 'b.ts' }, LIST), undefined);
});

test('an entry whose mutation no longer matches its site excludes nothing and is reported stale', (t) => {
  const changed = site('f:boundary:0', '>', '>=');
  t.is(equivalentFor(changed, LIST), undefined);
  t.deepEqual(
    staleEquivalents(LIST, [changed], ['a.ts']).map((e) => e.site),
    ['plan*', 'f:boundary:0'],
  );
  t.deepEqual(staleEquivalents(LIST, [site('plan:a:0'), site('f:boundary:0')], ['a.ts']), []);
});

test('a malformed entry is a ConfigError naming the file, line and key', (t) => {
  const missing = t.throws(() => parseEquivalents('eq.yaml', '- file: a.ts\n  site: x\n'), { instanceOf: ConfigError });
  t.is(missing?.message, 'eq.yaml:1: [0].why: expected a non-empty string (found nothing)');
  const extra = t.throws(() => parseEquivalents('eq.yaml', '- file: a.ts\n  site: x\n  why: y\n  reason: z\n'), { instanceOf: ConfigError });
  t.regex(extra?.message ?? '', /^eq\.yaml:4: \[0\]\.reason: unknown key; expected one of file, site, mutation, why/);
  t.throws(() => parseEquivalents('eq.yaml', 'file: a.ts\n'), { instanceOf: ConfigError, message: /expected a list/ });
});

test('the checked-in list parses', async (t) => {
  const { readEquivalents } = await import('./equivalents.ts');
  const { EQUIVALENTS_FILE } = await import('./main.ts');
  t.true(readEquivalents(EQUIVALENTS_FILE).length > 0);
});

test('kind: out-of-scope marks an entry apart; any other kind is a ConfigError naming the entry', (t) => {
  const list = parseEquivalents('eq.yaml', '- file: a.ts\n  site: w:*\n  why: self-protection\n  kind: out-of-scope\n');
  t.is(equivalentFor(site('w:constant:0'), list)?.kind, 'out-of-scope');
  t.is(equivalentFor(site('planResync:constant:3'), LIST)?.kind, undefined);
  t.throws(() => parseEquivalents('eq.yaml', '- file: a.ts\n  site: w:*\n  why: x\n  kind: whatever\n'), { instanceOf: ConfigError, message: /eq\.yaml.*kind.*expected out-of-scope/s });
});
