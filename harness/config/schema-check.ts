/**
 * JSON Schema validation (ajv) whose first error becomes a ConfigError naming the file, line,
 * path and the expectation in words.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import type { YamlSource, PathSegment } from './yaml-file.ts';

const ajv = new Ajv({ allErrors: true, strict: false, verbose: true });
const compiled = new WeakMap<object, ValidateFunction>();

function compile(schema: object): ValidateFunction {
  let v = compiled.get(schema);
  if (!v) {
    v = ajv.compile(schema);
    compiled.set(schema, v);
  }
  return v;
}

/** Throws a ConfigError for the most specific schema violation in `src.data`. */
export function checkSchema(src: YamlSource, schema: object): void {
  const validate = compile(schema);
  if (validate(src.data)) return;
  const all = validate.errors ?? [];
  const direct = all.filter((e) => !/\/(anyOf|oneOf)\//.test(e.schemaPath) && e.keyword !== 'anyOf' && e.keyword !== 'oneOf' && e.keyword !== 'if');
  const chosen = pickError(direct);
  if (chosen) {
    const { path, expectation, found } = describeError(chosen, src.data);
    throw src.error(path, expectation, found);
  }
  // Only alternatives failed (anyOf of required properties): say which ones would do.
  const alt = all.find((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf');
  if (!alt) return;
  const options = all.filter((e) => e.keyword === 'required' && e.instancePath === alt.instancePath).map((e) => String((e.params as { missingProperty?: unknown }).missingProperty));
  throw src.error(pointerToPath(alt.instancePath), options.length ? `expected at least one of: ${options.join(', ')}` : (alt.message ?? 'no alternative matches'));
}

const PRIORITY: Record<string, number> = { additionalProperties: 0, type: 1, enum: 2, const: 2, pattern: 3, required: 5 };

function pickError(errors: ErrorObject[]): ErrorObject | undefined {
  // The deepest error is the most specific one; at equal depth, a misspelt property explains more than a missing one.
  const depth = (e: ErrorObject): number => (e.instancePath ? e.instancePath.split('/').length : 0) + (e.keyword === 'additionalProperties' ? 1 : 0);
  return [...errors].sort((a, b) => depth(b) - depth(a) || (PRIORITY[a.keyword] ?? 4) - (PRIORITY[b.keyword] ?? 4))[0];
}

function pointerToPath(pointer: string): PathSegment[] {
  if (!pointer) return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

function valueAt(data: unknown, path: PathSegment[]): unknown {
  let v: unknown = data;
  for (const seg of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string | number, unknown>)[seg];
  }
  return v;
}

function describeError(e: ErrorObject, data: unknown): { path: PathSegment[]; expectation: string; found?: { value: unknown } } {
  const path = pointerToPath(e.instancePath);
  const value = valueAt(data, path);
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required':
      return { path, expectation: `missing required property "${String(p.missingProperty)}"` };
    case 'additionalProperties': {
      const allowed = Object.keys(((e.parentSchema as { properties?: object } | undefined)?.properties ?? {}) as object);
      return {
        path: [...path, String(p.additionalProperty)],
        expectation: `unknown property${allowed.length ? ` (expected one of: ${allowed.join(', ')})` : ''}`,
      };
    }
    case 'type':
      return { path, expectation: `expected ${article(String(p.type))}`, found: { value } };
    case 'enum':
      return { path, expectation: `expected one of: ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`, found: { value } };
    case 'const':
      return { path, expectation: `expected ${JSON.stringify(p.allowedValue)}`, found: { value } };
    case 'minimum':
    case 'exclusiveMinimum':
    case 'maximum':
    case 'exclusiveMaximum':
      return { path, expectation: `expected a number ${String(p.comparison)} ${String(p.limit)}`, found: { value } };
    case 'minItems':
      return { path, expectation: `expected at least ${String(p.limit)} item(s)`, found: { value } };
    case 'minProperties':
      return { path, expectation: `expected at least ${String(p.limit)} entr${p.limit === 1 ? 'y' : 'ies'}`, found: { value } };
    case 'minLength':
      return { path, expectation: 'expected a non-empty string', found: { value } };
    case 'pattern': {
      const desc = (e.parentSchema as { description?: string } | undefined)?.description;
      return { path, expectation: desc ? `expected ${desc}` : `expected a string matching ${String(p.pattern)}`, found: { value } };
    }
    case 'not':
      return { path, expectation: (e.parentSchema as { description?: string } | undefined)?.description ?? 'value not allowed here', found: { value } };
    default:
      return { path, expectation: e.message ?? `violates ${e.keyword}`, found: { value } };
  }
}

function article(type: string): string {
  if (type === 'object') return 'a mapping (object)';
  if (type === 'array') return 'a list';
  if (type === 'integer') return 'an integer';
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}
