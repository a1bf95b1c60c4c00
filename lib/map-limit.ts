/**
 * `Promise.all(items.map(fn))` with at most `limit` calls in flight: a read of a collection
 * member by member must not open one request per member at once (each request also holds a
 * listener on the caller's AbortSignal while it runs). Results keep the order of `items`; the
 * first rejection rejects the whole, and no further call starts after it.
 */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`mapLimit: limit: expected an integer ≥ 1 (found ${limit})`);
  const out = new Array<R>(items.length);
  let next = 0;
  let failed = false;
  const worker = async (): Promise<void> => {
    while (!failed && next < items.length) {
      const i = next++;
      try {
        out[i] = await fn(items[i] as T, i);
      } catch (e) {
        failed = true;
        throw e;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
