/** The pass's figures and lists, as text (pure). */
import type { Equivalent } from './equivalents.ts';
import { describeSite, type Site } from './site.ts';
import type { MutantVerdict } from './verdict.ts';

export interface MutantResult {
  site: Site;
  verdict: MutantVerdict | 'equivalent';
  detail: string;
  wallMs: number;
}

export interface Tally {
  sampled: number;
  equivalent: number;
  killed: number;
  survived: number;
  infra: number;
  timeout: number;
  flaky: number;
}

export function tally(results: readonly MutantResult[]): Tally {
  const n = (v: MutantResult['verdict']): number => results.filter((r) => r.verdict === v).length;
  return { sampled: results.length, equivalent: n('equivalent'), killed: n('killed'), survived: n('survived'), infra: n('infra'), timeout: n('timeout'), flaky: n('flaky') };
}

function percent(k: number, n: number): string {
  return n === 0 ? 'n/a' : `${((100 * k) / n).toFixed(1)} %`;
}

/** The headline: killed over every non-equivalent mutant (infra, timeouts and flaky kills count as not killed). */
export function killRateLine(t: Tally): string {
  const counted = t.sampled - t.equivalent;
  const judged = t.killed + t.survived;
  return (
    `kill rate ${t.killed}/${counted} = ${percent(t.killed, counted)} of the non-equivalent mutants ` +
    `(${t.killed}/${judged} = ${percent(t.killed, judged)} of those with a verdict); ` +
    `${t.survived} survived, ${t.flaky} flaky, ${t.infra} infra, ${t.timeout} timeout, ${t.equivalent} equivalent (excluded)`
  );
}

function section(title: string, lines: string[]): string[] {
  return lines.length ? ['', `${title} (${lines.length}):`, ...lines.map((l) => `  ${l}`)] : [];
}

export interface ReportInput {
  results: readonly MutantResult[];
  seed: number;
  sites: number;
  defectGated: number;
  stale: readonly Equivalent[];
  wallMs: number;
}

export function reportText(r: ReportInput): string {
  const by = (v: MutantResult['verdict']): MutantResult[] => r.results.filter((x) => x.verdict === v);
  const t = tally(r.results);
  return [
    `mutation pass: seed ${r.seed}, ${t.sampled} mutants sampled of ${r.sites} sites (${r.defectGated} defect-gated sites left out), wall ${(r.wallMs / 1000).toFixed(0)} s`,
    killRateLine(t),
    ...section('survivors', by('survived').map((x) => `${describeSite(x.site)}  [${x.site.id}]`)),
    ...section('flaky / infra / timeout (not counted as killed)', [...by('flaky'), ...by('infra'), ...by('timeout')].map((x) => `${x.verdict}: ${describeSite(x.site)}  [${x.site.id}]: ${x.detail}`)),
    ...section('equivalent, excluded by equivalents.yaml', by('equivalent').map((x) => `${describeSite(x.site)}  [${x.site.id}]: ${x.detail}`)),
    ...section('stale equivalents.yaml entries (match no site: re-check by hand)', r.stale.map((e) => `${e.file}#${e.site}${e.mutation ? ` (${e.mutation})` : ''}`)),
  ].join('\n');
}
