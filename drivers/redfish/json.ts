/**
 * Reading Redfish JSON that arrives as `unknown`: small typed accessors that either return the
 * value or throw a RedfishProtocolError naming the resource and the property.
 */
import { RedfishProtocolError } from './errors.ts';

export type JsonObject = Record<string, unknown>;

export function isObject(v: unknown): v is JsonObject {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

export function asObject(v: unknown, path: string, property: string | null = null): JsonObject {
  if (!isObject(v)) throw new RedfishProtocolError(path, property, `expected a JSON object, found ${typeOf(v)}`);
  return v;
}

export function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'object' ? 'an object' : `${typeof v} ${JSON.stringify(v)}`;
}

/** Property at a dotted path (`Status.State`); undefined when any step is missing. */
export function at(obj: JsonObject, dotted: string): unknown {
  let cur: unknown = obj;
  for (const key of dotted.split('.')) {
    if (!isObject(cur)) return undefined;
    cur = cur[key];
  }
  return cur;
}

export function reqString(obj: JsonObject, dotted: string, path: string): string {
  const v = at(obj, dotted);
  if (typeof v !== 'string') throw new RedfishProtocolError(path, dotted, `expected a string, found ${v === undefined ? 'nothing' : typeOf(v)}`);
  return v;
}

export function optString(obj: JsonObject, dotted: string): string | null {
  const v = at(obj, dotted);
  return typeof v === 'string' ? v : null;
}

export function optNumber(obj: JsonObject, dotted: string): number | null {
  const v = at(obj, dotted);
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

export function optBoolean(obj: JsonObject, dotted: string): boolean | null {
  const v = at(obj, dotted);
  return typeof v === 'boolean' ? v : null;
}

/** `{"@odata.id": "..."}` → the URI, or null. */
export function linkOf(v: unknown): string | null {
  return isObject(v) && typeof v['@odata.id'] === 'string' ? v['@odata.id'] : null;
}

export function optLink(obj: JsonObject, dotted: string): string | null {
  return linkOf(at(obj, dotted));
}

/** An array of links (`Links.Chassis`, `ActiveRedundancySet`); entries that are not links are skipped. */
export function linkList(obj: JsonObject, dotted: string): string[] {
  const v = at(obj, dotted);
  if (!Array.isArray(v)) return [];
  return v.map(linkOf).filter((x): x is string => x !== null);
}

export function stringList(v: unknown): string[] {
  return Array.isArray(v) ? v.map((x) => (typeof x === 'string' ? x : JSON.stringify(x))) : [];
}

/** Normalise a Redfish path: no trailing slash (except the root), no fragment. */
export function normalisePath(p: string): string {
  const noFrag = p.split('#')[0] ?? p;
  return noFrag.length > 1 && noFrag.endsWith('/') ? noFrag.slice(0, -1) : noFrag;
}

/** Last path segment (the resource Id as it appears in the URI). */
export function lastSegment(p: string): string {
  const parts = normalisePath(p).split('/');
  return parts[parts.length - 1] ?? p;
}
