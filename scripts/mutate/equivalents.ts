/**
 * The hand-kept list of equivalent mutants (equivalents.yaml): sites whose mutation cannot change
 * what the nightly suite observes, each with the reason; and, marked `kind: out-of-scope`, sites
 * of code the suite does not qualify (listed apart). A matching sampled mutant is not run and
 * not counted in the kill rate; it is listed in the output with its reason. An entry whose
 * `mutation` no longer matches its site is stale: reported, and it excludes nothing.
 */
import { readFileSync } from 'node:fs';
import { ConfigError, errorMessage } from '../../lib/errors.ts';
import { globToRegExp } from '../../harness/glob.ts';
import { YamlSource } from '../../harness/config/yaml-file.ts';
import { shortText, type Site } from './site.ts';

export interface Equivalent {
  file: string;
  /** A site id, or a glob over ids (`planResync:*`). */
  site: string;
  /** `original → replacement` as the output shows it; checked against an exact site id. */
  mutation?: string;
  why: string;
  /**
   * `out-of-scope`: not equivalent, but code the suite does not qualify (the emulator's protection
   * of itself against abusive clients, not a behaviour of the server): excluded and listed apart.
   */
  kind?: 'out-of-scope';
}

export function mutationText(s: Pick<Site, 'original' | 'replacement'>): string {
  return `${shortText(s.original)} → ${shortText(s.replacement)}`;
}

const KEYS = ['file', 'site', 'mutation', 'why', 'kind'];

function entry(src: YamlSource, raw: unknown, i: number): Equivalent {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw src.error([i], 'expected a mapping {file, site, mutation?, why}', { value: raw });
  const o = raw as Record<string, unknown>;
  const extra = Object.keys(o).find((k) => !KEYS.includes(k));
  if (extra) throw src.error([i, extra], `unknown key; expected one of ${KEYS.join(', ')}`);
  const text = (key: string, optional = false): string | undefined => {
    const v = o[key];
    if (v === undefined && optional) return undefined;
    if (typeof v !== 'string' || v.trim() === '') throw src.error([i, key], 'expected a non-empty string', { value: v });
    return v;
  };
  const mutation = text('mutation', true);
  const kind = text('kind', true);
  if (kind !== undefined && kind !== 'out-of-scope') throw src.error([i, 'kind'], 'expected out-of-scope (or no kind: an equivalent mutant)', { value: kind });
  return { file: text('file') ?? '', site: text('site') ?? '', why: text('why') ?? '', ...(mutation !== undefined ? { mutation } : {}), ...(kind ? { kind } : {}) };
}

/** Parse the list; ConfigError naming file, line and key on a malformed entry. */
export function parseEquivalents(file: string, text: string): Equivalent[] {
  const src = YamlSource.parse(file, text);
  if (src.data === null || src.data === undefined) return [];
  if (!Array.isArray(src.data)) throw src.error([], 'expected a list of {file, site, mutation?, why}', { value: src.data });
  return src.data.map((raw: unknown, i) => entry(src, raw, i));
}

export function readEquivalents(file: string): Equivalent[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new ConfigError(file, `cannot read the equivalents list (${(e as NodeJS.ErrnoException).code ?? errorMessage(e)})`, { cause: e });
  }
  return parseEquivalents(file, text);
}

function covers(e: Equivalent, s: Site): boolean {
  if (e.file !== s.file) return false;
  if (e.site.includes('*') || e.site.includes('?')) return globToRegExp(e.site).test(s.id);
  return e.site === s.id && (e.mutation === undefined || e.mutation === mutationText(s));
}

/** The entry that names `site` as equivalent, if any. */
export function equivalentFor(site: Site, list: readonly Equivalent[]): Equivalent | undefined {
  return list.find((e) => covers(e, site));
}

/** Entries that cover no enumerated site: the code moved on; they must be re-checked by hand. */
export function staleEquivalents(list: readonly Equivalent[], sites: readonly Site[], files: readonly string[]): Equivalent[] {
  return list.filter((e) => files.includes(e.file) && !sites.some((s) => covers(e, s)));
}
