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
        throw new ConfigError(`scenario "${p}"`, `no scenario ${isGlob(p) ? 'matches this pattern' : 'has this id'} (see "ftlab list")`);
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
