/**
 * Checked indexed reads. Under `noUncheckedIndexedAccess`, `xs[i]` is `T | undefined`. Where an
 * absent element is normal, handle it at the read (`?? fallback`, a guard). Where absence means a
 * bug or bad input, read through these helpers: they throw a MissingValueError that names what was
 * missing, instead of letting `undefined` travel on (`xs[i] as number` turns it into a NaN that
 * surfaces far from the read, or not at all).
 */
import { FtlabError } from './errors.ts';

/** An element or entry the code relies on is absent. `what` names it, e.g. `SSE chunk size line`. */
export class MissingValueError extends FtlabError {
  constructor(
    readonly what: string,
    readonly key: number | string,
    readonly size: number,
    options?: { cause?: unknown },
  ) {
    super(`${what}: ${describeKey(key, size)}`, options);
  }
}

function describeKey(key: number | string, size: number): string {
  return typeof key === 'number' ? `no element at index ${key} (of ${size})` : `no entry ${JSON.stringify(key)} (of ${size})`;
}

/**
 * `xs[i]`, or a MissingValueError naming `what` when there is none. A negative `i` counts from the
 * end, as in `Array.prototype.at`. An element that is `undefined` counts as missing.
 */
export function at<T>(xs: ArrayLike<T | undefined>, i: number, what: string): T {
  const k = i < 0 ? xs.length + i : i;
  const v = Number.isInteger(k) && k >= 0 ? xs[k] : undefined;
  if (v === undefined) throw new MissingValueError(what, i, xs.length);
  return v;
}

/**
 * `record[key]` for an own property of `record`, or a MissingValueError naming `what`. Inherited
 * names (`constructor`, `__proto__`) are not entries.
 */
export function entry<V>(record: Readonly<Record<string, V | undefined>>, key: string, what: string): V {
  const v = Object.hasOwn(record, key) ? record[key] : undefined;
  if (v === undefined) throw new MissingValueError(what, key, Object.keys(record).length);
  return v;
}
