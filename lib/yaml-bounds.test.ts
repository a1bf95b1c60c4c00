import test from 'ava';
import { LineCounter } from 'yaml';
import { ConfigError } from './errors.ts';
import { boundedToJS, parseBoundedYaml, YAML_MAX_BYTES } from './yaml-bounds.ts';

const parse = (text: string): unknown => boundedToJS('f.yaml', parseBoundedYaml('f.yaml', text, new LineCounter()));

test('ordinary YAML with anchors and aliases parses', (t) => {
  t.deepEqual(parse('base: &b { kind: ft }\ndevices:\n  ft0: *b\n  ft1: [*b, *b]\n'), { base: { kind: 'ft' }, devices: { ft0: { kind: 'ft' }, ft1: [{ kind: 'ft' }, { kind: 'ft' }] } });
});

test('an alias bomb is a ConfigError at the alias that makes it too big', (t) => {
  const keys = 'abcdefghi';
  const lines = ['a: &a [x, x, x, x, x, x, x, x, x]'];
  for (let i = 1; i < keys.length; i++) lines.push(`${keys[i]}: &${keys[i]} [${Array(9).fill(`*${keys[i - 1]}`).join(', ')}]`);
  const e = t.throws(() => parse(lines.join('\n')), { instanceOf: ConfigError });
  t.regex(e?.message ?? '', /^f\.yaml:\d+:\d+: expected a document of at most 100000 values with its aliases expanded \(the alias \*[a-h] takes it past that\)/);
});

test('nesting beyond the bound, flow or block, is a ConfigError with line and column; so is an oversized file', (t) => {
  t.throws(() => parse(`a: ${'['.repeat(100)}${']'.repeat(100)}`), { instanceOf: ConfigError, message: /^f\.yaml:1:\d+: expected at most 64 levels of nesting/ });
  let block = 'a:\n';
  for (let i = 1; i < 100; i++) block += `${' '.repeat(i)}k${i}:\n`;
  t.throws(() => parse(block), { instanceOf: ConfigError, message: /^f\.yaml:65:\d+: expected at most 64 levels of nesting/ });
  t.throws(() => parse(`a: "${'x'.repeat(YAML_MAX_BYTES)}"`), { instanceOf: ConfigError, message: /^f\.yaml: expected a configuration file of at most/ });
  t.throws(() => parse(`a:\n${'[\n'.repeat(100)}${']\n'.repeat(100)}`), { instanceOf: ConfigError, message: /^f\.yaml:\d+:1: expected at most 64 levels of nesting/ });
  // Brackets inside quotes and comments do not count.
  t.deepEqual(parse(`a: "${'['.repeat(100)}\\"" # ${'{'.repeat(100)}\nb: [[1], {c: 2}]\n`), { a: `${'['.repeat(100)}"`, b: [[1], { c: 2 }] });
});
