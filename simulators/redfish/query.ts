/**
 * Redfish query parameters on GET (DSP0266 "Query parameters"): `$select`, `$expand`, `$filter`,
 * `$top`, `$skip`. Any other `$…` parameter → 501 QueryNotSupported; parameters without `$` are
 * ignored. What is supported here is what the service root advertises (`PROTOCOL_FEATURES`).
 */
import { baseError } from './errors.ts';
import type { JsonObject } from './types.ts';
import { isPlainObject } from './validate.ts';

export const MAX_EXPAND_LEVELS = 3;

/** ServiceRoot.ProtocolFeaturesSupported: exactly what `parseQuery`/`applyQuery` implement. */
export const PROTOCOL_FEATURES: JsonObject = {
  ExcerptQuery: false,
  ExpandQuery: { ExpandAll: true, Levels: true, Links: true, NoLinks: true, MaxLevels: MAX_EXPAND_LEVELS },
  FilterQuery: true,
  OnlyMemberQuery: false,
  SelectQuery: true,
  TopSkipQuery: true,
};

type Op = 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le';
type Literal = string | number | boolean | null;
export type FilterExpr =
  | { kind: 'cmp'; path: string[]; op: Op; value: Literal }
  | { kind: 'and' | 'or'; left: FilterExpr; right: FilterExpr }
  | { kind: 'not'; expr: FilterExpr };

export interface Query {
  select?: string[][];
  expand?: { kind: '.' | '*' | '~'; levels: number };
  filter?: FilterExpr;
  top?: number;
  skip?: number;
}

const formatError = (value: string, param: string): Error => baseError(400, 'QueryParameterValueFormatError', [value, param]);

function count(value: string, param: string): number {
  if (!/^\d{1,9}$/.test(value)) throw formatError(value, param);
  return Number(value);
}

/** Parse the query string; undefined when it has no `$` parameter. */
export function parseQuery(search: string): Query | undefined {
  if (!search.includes('$')) return undefined;
  const q: Query = {};
  let any = false;
  for (const [name, value] of new URLSearchParams(search)) {
    if (!name.startsWith('$')) continue;
    any = true;
    switch (name) {
      case '$select':
        q.select = value.split(',').map((s) => {
          const p = s.trim();
          if (!/^[A-Za-z_@#][\w@#.]*(\/[A-Za-z_@#][\w@#.]*)*$/.test(p)) throw formatError(value, name);
          return p.split('/');
        });
        break;
      case '$expand': {
        const m = /^([.*~])(?:\(\$levels=(\d+)\))?$/.exec(value.trim());
        if (!m?.[1]) throw formatError(value, name);
        const levels = m[2] === undefined ? 1 : Number(m[2]);
        if (levels < 1 || levels > MAX_EXPAND_LEVELS) throw baseError(400, 'QueryParameterOutOfRange', [m[2] ?? '', '$levels', `1-${MAX_EXPAND_LEVELS}`]);
        q.expand = { kind: m[1] as '.' | '*' | '~', levels };
        break;
      }
      case '$filter':
        q.filter = parseFilter(value);
        break;
      case '$top':
        q.top = count(value, name);
        break;
      case '$skip':
        q.skip = count(value, name);
        break;
      default:
        throw baseError(501, 'QueryNotSupported');
    }
  }
  return any ? q : undefined;
}

// ---- $filter ----

const TOKEN = /\s*(?:(\()|(\))|'((?:[^']|'')*)'|(-?\d+(?:\.\d+)?(?![\w.]))|([A-Za-z_@#][\w@#.]*(?:\/[A-Za-z_@#][\w@#.]*)*))/y;

type Tok = { t: '(' | ')' } | { t: 'str'; v: string } | { t: 'num'; v: number } | { t: 'word'; v: string };

function tokenize(text: string): Tok[] {
  const out: Tok[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < text.length) {
    if (/^\s*$/.test(text.slice(TOKEN.lastIndex))) break;
    const at = TOKEN.lastIndex;
    const m = TOKEN.exec(text);
    if (!m || TOKEN.lastIndex === at) throw formatError(text, '$filter');
    if (m[1]) out.push({ t: '(' });
    else if (m[2]) out.push({ t: ')' });
    else if (m[3] !== undefined) out.push({ t: 'str', v: m[3].replace(/''/g, "'") });
    else if (m[4] !== undefined) out.push({ t: 'num', v: Number(m[4]) });
    else if (m[5] !== undefined) out.push({ t: 'word', v: m[5] });
  }
  return out;
}

const OPS: readonly string[] = ['eq', 'ne', 'gt', 'ge', 'lt', 'le'];

export function parseFilter(text: string): FilterExpr {
  const toks = tokenize(text);
  let i = 0;
  const fail = (): never => {
    throw formatError(text, '$filter');
  };
  const word = (w: string): boolean => {
    const t = toks[i];
    if (t?.t === 'word' && t.v === w) {
      i++;
      return true;
    }
    return false;
  };
  const literal = (): Literal => {
    const t = toks[i++];
    if (!t) return fail();
    if (t.t === 'str' || t.t === 'num') return t.v;
    if (t.t === 'word') {
      if (t.v === 'true') return true;
      if (t.v === 'false') return false;
      if (t.v === 'null') return null;
      return t.v; // bare enum value (Health eq OK)
    }
    return fail();
  };
  const primary = (): FilterExpr => {
    if (word('not')) return { kind: 'not', expr: primary() };
    const t = toks[i];
    if (t?.t === '(') {
      i++;
      const e = or();
      if (toks[i++]?.t !== ')') fail();
      return e;
    }
    if (t?.t !== 'word' || OPS.includes(t.v) || t.v === 'and' || t.v === 'or') return fail();
    i++;
    const op = toks[i++];
    if (op?.t !== 'word' || !OPS.includes(op.v)) return fail();
    return { kind: 'cmp', path: t.v.split('/'), op: op.v as Op, value: literal() };
  };
  const and = (): FilterExpr => {
    let e = primary();
    while (word('and')) e = { kind: 'and', left: e, right: primary() };
    return e;
  };
  const or = (): FilterExpr => {
    let e = and();
    while (word('or')) e = { kind: 'or', left: e, right: and() };
    return e;
  };
  if (toks.length === 0) fail();
  const e = or();
  if (i !== toks.length) fail();
  return e;
}

function pick(body: unknown, path: readonly string[]): unknown {
  let v = body;
  for (const k of path) v = isPlainObject(v) && Object.hasOwn(v, k) ? v[k] : undefined;
  return v;
}

export function matchesFilter(e: FilterExpr, body: JsonObject): boolean {
  switch (e.kind) {
    case 'and':
      return matchesFilter(e.left, body) && matchesFilter(e.right, body);
    case 'or':
      return matchesFilter(e.left, body) || matchesFilter(e.right, body);
    case 'not':
      return !matchesFilter(e.expr, body);
    case 'cmp': {
      const v = pick(body, e.path);
      if (e.op === 'eq') return v === e.value || (v === undefined && e.value === null);
      if (e.op === 'ne') return !(v === e.value || (v === undefined && e.value === null));
      if (!((typeof v === 'number' && typeof e.value === 'number') || (typeof v === 'string' && typeof e.value === 'string'))) return false;
      switch (e.op) {
        case 'gt':
          return v > e.value;
        case 'ge':
          return v >= e.value;
        case 'lt':
          return v < e.value;
        default:
          return v <= e.value;
      }
    }
  }
}

// ---- applying a query to a rendered body ----

/** Renders another resource for `$filter`/`$expand` (undefined: missing or not readable by the caller). */
export type Resolve = (path: string) => JsonObject | undefined;

function isRef(v: unknown): v is { '@odata.id': string } {
  return isPlainObject(v) && typeof v['@odata.id'] === 'string' && Object.keys(v).length === 1;
}

function expandNode(node: unknown, kind: '.' | '*' | '~', levels: number, inLinks: boolean, resolve: Resolve): unknown {
  if (Array.isArray(node)) return node.map((n) => expandNode(n, kind, levels, inLinks, resolve));
  if (!isPlainObject(node)) return node;
  if (isRef(node)) {
    const wanted = kind === '*' || (kind === '.' && !inLinks) || (kind === '~' && inLinks);
    const target = wanted ? resolve(node['@odata.id']) : undefined;
    if (!target) return node;
    return levels > 1 ? expandBody(target, kind, levels - 1, resolve) : target;
  }
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(node)) {
    out[k] = k.startsWith('@') || k === 'Actions' ? v : expandNode(v, kind, levels, inLinks || k === 'Links', resolve);
  }
  return out;
}

function expandBody(body: JsonObject, kind: '.' | '*' | '~', levels: number, resolve: Resolve): JsonObject {
  return expandNode(body, kind, levels, false, resolve) as JsonObject;
}

function selectPaths(body: JsonObject, paths: readonly string[][]): JsonObject {
  const out: JsonObject = {};
  for (const k of ['@odata.context', '@odata.etag', '@odata.id', '@odata.type']) if (Object.hasOwn(body, k)) out[k] = body[k];
  for (const path of paths) {
    let src: unknown = body;
    let dst = out;
    for (let n = 0; n < path.length; n++) {
      const k = path[n] ?? '';
      if (!isPlainObject(src) || !Object.hasOwn(src, k)) break;
      const v: unknown = src[k];
      if (n === path.length - 1 || !isPlainObject(v)) {
        dst[k] = v;
        break;
      }
      const next = isPlainObject(dst[k]) ? (dst[k] as JsonObject) : {};
      dst[k] = next;
      dst = next;
      src = v;
    }
  }
  return out;
}

/**
 * Apply a query to a rendered body (with its `@odata.etag`). Collections (a `Members` array):
 * `$filter` on the members' own bodies, then `$skip`/`$top` (count = the filtered total,
 * `Members@odata.nextLink` when more remain); then `$expand`, then `$select`.
 */
export function applyQuery(body: JsonObject, q: Query, search: string, resolve: Resolve): JsonObject {
  let out = { ...body };
  const members = out.Members;
  const isCollection = Array.isArray(members);
  if ((q.filter || q.top !== undefined || q.skip !== undefined) && !isCollection) throw baseError(400, 'QueryNotSupportedOnResource');
  if (isCollection) {
    let list = members as unknown[];
    if (q.filter) {
      const f = q.filter;
      list = list.filter((m) => {
        const target = isRef(m) ? resolve(m['@odata.id']) : isPlainObject(m) ? m : undefined;
        return target !== undefined && matchesFilter(f, target);
      });
    }
    const total = list.length;
    const skip = q.skip ?? 0;
    const end = q.top === undefined ? total : Math.min(total, skip + q.top);
    list = list.slice(skip, end);
    out.Members = list;
    out['Members@odata.count'] = total;
    delete out['Members@odata.nextLink'];
    if (end < total && q.top !== undefined) {
      const next = new URLSearchParams(search);
      next.set('$skip', String(end));
      out['Members@odata.nextLink'] = `${String(out['@odata.id'])}?${next.toString().replace(/%24/g, '$')}`;
    }
  }
  if (q.expand) out = expandBody(out, q.expand.kind, q.expand.levels, resolve);
  if (q.select) out = selectPaths(out, q.select);
  return out;
}
