/** Seeded, deterministic sampling of sites: the same seed and site list give the same mutants. */
import { at } from '../../lib/checked.ts';
import { mulberry32 } from '../../lib/prng.ts';

/**
 * `count` distinct items of `items` (all of them when there are fewer), drawn with a partial
 * Fisher–Yates shuffle seeded by `seed`, returned in their original order.
 */
export function sample<T>(items: readonly T[], count: number, seed: number): T[] {
  const rand = mulberry32(seed);
  const idx = items.map((_, i) => i);
  const n = Math.min(count, idx.length);
  for (let i = 0; i < n; i++) {
    const j = i + Math.floor(rand() * (idx.length - i));
    const pick = at(idx, j, 'sample index');
    idx[j] = at(idx, i, 'sample index');
    idx[i] = pick;
  }
  return idx
    .slice(0, n)
    .sort((a, b) => a - b)
    .map((i) => at(items, i, 'sampled item'));
}
