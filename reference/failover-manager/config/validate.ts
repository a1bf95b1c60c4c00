/**
 * JSON Schema validation of a parsed config document: the most specific violation becomes a
 * ConfigError naming the file, the line, the key path and the expectation in words.
 */
import { Ajv, type ErrorObject } from 'ajv';
import type { Document, LineCounter } from 'yaml';
import { ConfigError } from '../../../lib/errors.ts';
import { dottedPath, yamlPathLine, type YamlPathSegment } from '../../../lib/yaml-locate.ts';
import { buildFailoverSchema } from './schema.ts';

export type Seg = YamlPathSegment;

/** Where a value sits: the file, and the document with its lines when it came from YAML. */
export class Locator {
  constructor(
    readonly file: string,
    private readonly doc: Document | null = null,
    private readonly lines: LineCounter | null = null,
  ) {}

  error(path: readonly Seg[], expectation: string, found?: { value: unknown }): ConfigError {
    const line = this.doc && this.lines ? yamlPathLine(this.doc, this.lines, path) : undefined;
    return new ConfigError(`${this.file}${line === undefined ? '' : `:${line}`}: ${dottedPath(path)}`, expectation, found ? { found: found.value } : undefined);
  }
}

const validate = new Ajv({ allErrors: true, strict: true, strictTypes: false, verbose: true }).compile(buildFailoverSchema());

export function checkFailoverSchema(data: unknown, where: Locator): void {
  if (validate(data)) return;
  const errors = (validate.errors ?? []).filter((e) => e.keyword !== 'oneOf');
  const depth = (e: ErrorObject): number => (e.instancePath ? e.instancePath.split('/').length : 0) + (e.keyword === 'additionalProperties' ? 1 : 0);
  const chosen = [...errors].sort((a, b) => depth(b) - depth(a))[0] ?? validate.errors?.[0];
  if (!chosen) throw where.error([], 'expected a valid failover manager config');
  const at = segments(chosen.instancePath, data);
  const path = chosen.propertyName === undefined ? at : [...at, chosen.propertyName];
  const p = chosen.params as Record<string, unknown>;
  const parent = chosen.parentSchema as { description?: string; properties?: object } | undefined;
  const about = parent?.description ? ` (${parent.description})` : '';
  const found = { value: chosen.propertyName ?? chosen.data };
  switch (chosen.keyword) {
    case 'required':
      throw where.error(path, `missing required key "${String(p.missingProperty)}"`);
    case 'additionalProperties':
      throw where.error([...path, String(p.additionalProperty)], `unknown key; expected one of: ${Object.keys(parent?.properties ?? {}).join(', ')}`);
    case 'enum':
      throw where.error(path, `expected one of: ${(p.allowedValues as unknown[]).join(', ')}`, found);
    case 'pattern':
      throw where.error(path, `expected ${parent?.description ?? `a string matching ${String(p.pattern)}`}`, found);
    case 'minimum':
    case 'maximum':
      throw where.error(path, `expected a number ${String(p.comparison)} ${String(p.limit)}${about}`, found);
    case 'type':
      throw where.error(path, `expected ${/^[aeiou]/.test(String(p.type)) ? 'an' : 'a'} ${String(p.type)}${about}`, found);
    default:
      throw where.error(path, `expected a value that ${chosen.message ?? `satisfies ${chosen.keyword}`}`, found);
  }
}

/** A JSON pointer as key path; an index into a list becomes a number (shown as `[i]`). */
function segments(pointer: string, data: unknown): Seg[] {
  if (!pointer) return [];
  let node = data;
  return pointer
    .slice(1)
    .split('/')
    .map((raw) => {
      const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
      const seg: Seg = Array.isArray(node) ? Number(key) : key;
      node = node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined;
      return seg;
    });
}
