/**
 * Which scenarios a run takes: ids or globs (positionals), --suite (default "nightly" when no
 * ids are given), --grep over id and title, --shard I/N (every N-th, stable by id).
 */
import { ConfigError } from '../lib/errors.ts';
import type { DiscoveredScenario } from './discovery.ts';
import { globToRegExp, isGlob } from './glob.ts';

export interface Selection {
  patterns: string[];
  suite?: string;
  grep?: RegExp;
  shard?: { index: number; total: number };
}

export function parseShard(raw: string): { index: number; total: number } {
  const m = /^(\d+)\/(\d+)$/.exec(raw);
  const index = Number(m?.[1]);
  const total = Number(m?.[2]);
  if (!m || total < 1 || index < 1 || index > total) throw new ConfigError('--shard', 'expected I/N with 1 <= I <= N, e.g. 2/4', { found: raw });
  return { index, total };
}

export function parseGrep(raw: string): RegExp {
  try {
    return new RegExp(raw);
  } catch (e) {
    throw new ConfigError('--grep', `expected a regular expression (${(e as Error).message})`, { found: raw, cause: e });
  }
}

export function selectScenarios(all: readonly DiscoveredScenario[], sel: Selection): DiscoveredScenario[] {
  let chosen = [...all].sort((a, b) => a.def.id.localeCompare(b.def.id));
  if (sel.patterns.length) {
    for (const p of sel.patterns) {
      const re = globToRegExp(p);
      if (!chosen.some((s) => re.test(s.def.id))) {
        throw new ConfigError(`scenario "${p}"`, `no scenario ${isGlob(p) ? 'matches this pattern' : 'has this id'}${closeIdsHint(all, p)} (see "ftlab list")`);
      }
    }
    const res = sel.patterns.map(globToRegExp);
    chosen = chosen.filter((s) => res.some((re) => re.test(s.def.id)));
  }
  const suite = sel.suite ?? (sel.patterns.length ? undefined : 'nightly');
  if (suite) chosen = chosen.filter((s) => s.def.suites.includes(suite));
  if (sel.grep) {
    const g = sel.grep;
    chosen = chosen.filter((s) => g.test(s.def.id) || g.test(s.def.title));
  }
  if (sel.shard) {
    const { index, total } = sel.shard;
    chosen = chosen.filter((_, i) => i % total === index - 1);
  }
  return chosen;
}

/**
 * The scenarios of a run: selectScenarios, but a selection that takes nothing is a usage error
 * (exit 2) that says which filter emptied it and what exists (the suites, the ids closest to the
 * pattern): a run of nothing must never pass.
 */
export function selectForRun(all: readonly DiscoveredScenario[], sel: Selection): DiscoveredScenario[] {
  const chosen = selectScenarios(all, sel);
  if (chosen.length > 0) return chosen;
  const suites = [...new Set(all.flatMap((s) => s.def.suites))].sort();
  const suite = sel.suite ?? (sel.patterns.length ? undefined : 'nightly');
  const known = `known suites: ${suites.join(', ') || 'none'}`;
  if (all.length === 0) throw new ConfigError('scenarios', 'expected at least one scenario module in the scenarios directory (none found)');
  const byPattern = sel.patterns.length ? selectScenarios(all, { patterns: sel.patterns }) : [...all];
  const inSuite = suite ? byPattern.filter((s) => s.def.suites.includes(suite)) : byPattern;
  if (suite && inSuite.length === 0) {
    const what = sel.patterns.length ? `of the ${byPattern.length} scenario(s) matching ${sel.patterns.join(' ')}, none is` : 'no scenario is';
    throw new ConfigError(`--suite ${suite}`, `${what} in suite "${suite}" (${known})`);
  }
  if (sel.grep) {
    const g = sel.grep;
    if (!inSuite.some((s) => g.test(s.def.id) || g.test(s.def.title))) {
      throw new ConfigError(`--grep ${g.source}`, `expected a regular expression matching the id or title of a scenario${suite ? ` in suite "${suite}"` : ''}${closeIdsHint(inSuite, g.source)} (${known})`);
    }
  }
  if (sel.shard) {
    const { shard, ...unsharded } = sel;
    throw new ConfigError(`--shard ${shard.index}/${shard.total}`, `expected a shard that takes at least one scenario; the selection has ${selectScenarios(all, unsharded).length} scenario(s)`);
  }
  throw new ConfigError('the selection', `expected at least one scenario (${known})`);
}

/** ` (closest ids: a, b, c)` for a pattern that matched nothing, or nothing when there are no scenarios. */
function closeIdsHint(scenarios: readonly DiscoveredScenario[], pattern: string): string {
  const ids = closestIds(
    scenarios.map((s) => s.def.id),
    pattern,
  );
  return ids.length ? ` (closest ids: ${ids.join(', ')})` : '';
}

/**
 * Up to `n` ids nearest to `pattern` (glob and regex characters dropped), by edit distance to the
 * id or a part of it as long as the pattern; none when nothing is near.
 */
export function closestIds(ids: readonly string[], pattern: string, n = 5): string[] {
  const p = pattern.slice(0, 200).toLowerCase().replace(/[*?^$\\.+()[\]{}|]/g, '');
  if (!p) return ids.slice(0, n);
  const score = (id: string): number => {
    const s = id.toLowerCase();
    let best = editDistance(p, s);
    for (let i = 0; i + p.length <= s.length; i++) best = Math.min(best, editDistance(p, s.slice(i, i + p.length)) + 0.5);
    return best;
  };
  // Only ids within half the pattern's length of edits: far ones would be noise, not suggestions.
  const within = Math.max(2, p.length / 2);
  return [...new Set(ids)]
    .map((id) => ({ id, d: score(id) }))
    .filter((x) => x.d <= within)
    .sort((a, b) => a.d - b.d || a.id.localeCompare(b.id))
    .slice(0, n)
    .map((x) => x.id);
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      const sub = (prev[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      cur.push(Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, sub));
    }
    prev = cur;
  }
  return prev[b.length] ?? 0;
}
