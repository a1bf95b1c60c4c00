/**
 * Typed reads from a parsed YAML document. Every failure is a ConfigError naming the file, the
 * line (when the document has one for the path), the key path and what was expected.
 */
import type { Document, LineCounter } from 'yaml';
import { dottedPath, yamlPathLine, type YamlPathSegment } from '../../../lib/yaml-locate.ts';
import { ConfigError } from '../../../lib/errors.ts';

export type Seg = YamlPathSegment;
export type Raw = Record<string, unknown>;

export const dotted = dottedPath;

export class Reader {
  constructor(
    readonly file: string,
    private readonly doc: Document | null = null,
    private readonly lines: LineCounter | null = null,
  ) {}

  /** `file:line: path`, the line of the deepest node of `path` the document has. */
  where(path: readonly Seg[]): string {
    return `${this.file}${this.lineOf(path)}: ${dotted(path)}`;
  }

  fail(path: readonly Seg[], expectation: string, found?: { value: unknown }): ConfigError {
    return new ConfigError(this.where(path), expectation, found ? { found: found.value } : undefined);
  }

  private lineOf(path: readonly Seg[]): string {
    const line = this.doc && this.lines ? yamlPathLine(this.doc, this.lines, path) : undefined;
    return line === undefined ? '' : `:${line}`;
  }

  map(v: unknown, path: readonly Seg[], keys: readonly string[]): Raw {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) throw this.fail(path, 'expected a mapping', { value: v });
    for (const k of Object.keys(v)) if (!keys.includes(k)) throw this.fail([...path, k], `unknown key; expected one of: ${keys.join(', ')}`);
    return v as Raw;
  }

  /** A mapping of id → entry, each id matching ID_PATTERN; `optional` allows it to be absent (empty). */
  entries(v: unknown, path: readonly Seg[], optional = false): Array<[string, unknown]> {
    if (v === undefined && optional) return [];
    if (v === null || typeof v !== 'object' || Array.isArray(v)) throw this.fail(path, 'expected a mapping of id → entry', { value: v });
    const out = Object.entries(v as Raw);
    for (const [k] of out) if (!/^[A-Za-z0-9][A-Za-z0-9_-]*$/.test(k)) throw this.fail([...path, k], 'expected an id of letters, digits, - and _');
    return out;
  }

  list(v: unknown, path: readonly Seg[], optional = false): unknown[] {
    if (v === undefined && optional) return [];
    if (!Array.isArray(v)) throw this.fail(path, 'expected a list', { value: v });
    return v;
  }

  str(o: Raw, key: string, path: readonly Seg[], pattern?: { re: string; what: string }): string {
    const v = o[key];
    if (typeof v !== 'string' || v.length === 0) throw this.fail([...path, key], 'expected a non-empty string', { value: v });
    if (pattern && !new RegExp(pattern.re).test(v)) throw this.fail([...path, key], `expected ${pattern.what}`, { value: v });
    return v;
  }

  /** An integer in [min, max]; `fallback` when absent. */
  int(o: Raw, key: string, path: readonly Seg[], min: number, max = Number.MAX_SAFE_INTEGER, fallback?: number): number {
    const v = o[key] ?? fallback;
    return this.intValue(v, [...path, key], min, max);
  }

  intValue(v: unknown, path: readonly Seg[], min: number, max = Number.MAX_SAFE_INTEGER): number {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
      throw this.fail(path, max === Number.MAX_SAFE_INTEGER ? `expected an integer >= ${min}` : `expected an integer from ${min} to ${max}`, { value: v });
    }
    return v;
  }

  bool(o: Raw, key: string, path: readonly Seg[], fallback: boolean): boolean {
    const v = o[key] ?? fallback;
    if (typeof v !== 'boolean') throw this.fail([...path, key], 'expected true or false', { value: v });
    return v;
  }

  oneOf<T extends string>(o: Raw, key: string, path: readonly Seg[], allowed: readonly T[], fallback?: T): T {
    const v = o[key] ?? fallback;
    if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) throw this.fail([...path, key], `expected one of: ${allowed.join(', ')}`, { value: v });
    return v as T;
  }
}
