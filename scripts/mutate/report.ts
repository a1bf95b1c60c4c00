/** The pass's figures and lists, as text (pure). */
import type { Equivalent } from './equivalents.ts';
import { describeSite, type Site } from './site.ts';
import type { MutantVerdict } from './verdict.ts';

export interface MutantResult {
  site: Site;
  verdict: MutantVerdict | 'equivalent' | 'out-of-scope';
  detail: string;
  wallMs: number;
}

export interface Tally {
  sampled: number;
  equivalent: number;
  outOfScope: number;
  killed: number;
  /** Detected by the mutated emulator crashing. */
  crashed: number;
  /** Detected by infra errors the unmutated suite does not have. */
  infra: number;
  survived: number;
  timeout: number;
  flaky: number;
  unconfirmed: number;
}

export function tally(results: readonly MutantResult[]): Tally {
  const n = (v: MutantResult['verdict']): number => results.filter((r) => r.verdict === v).length;
  return { sampled: results.length, equivalent: n('equivalent'), outOfScope: n('out-of-scope'), killed: n('killed'), crashed: n('crashed'), infra: n('infra'), survived: n('survived'), timeout: n('timeout'), flaky: n('flaky'), unconfirmed: n('unconfirmed') };
}

function percent(k: number, n: number): string {
  return n === 0 ? 'n/a' : `${((100 * k) / n).toFixed(1)} %`;
}

/**
 * The headline: detected (confirmed: killed by a SUT failure, crashed the emulator, or infra errors
 * the unmutated suite does not have: the nightly would not be green) over every mutant neither
 * equivalent nor out of scope, with the SUT failures alone beside it; survivors, flaky and unconfirmed outcomes and
 * timeouts count as not detected.
 */
export function killRateLine(t: Tally): string {
  const counted = t.sampled - t.equivalent - t.outOfScope;
  const detected = t.killed + t.crashed + t.infra;
  return (
    `detected ${detected}/${counted} = ${percent(detected, counted)} of the mutants in scope and not equivalent ` +
    `(killed by a SUT failure ${t.killed}/${counted} = ${percent(t.killed, counted)}, ${t.crashed} crashed the emulator, ${t.infra} by infra errors the unmutated suite does not have); ` +
    `${t.survived} survived, ${t.flaky} flaky, ${t.unconfirmed} unconfirmed, ${t.timeout} timeout; excluded: ${t.equivalent} equivalent, ${t.outOfScope} out of scope`
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
    ...section('detected by crashing the emulator or by infra errors (not a SUT verdict)', [...by('crashed'), ...by('infra')].map((x) => `${x.verdict}: ${describeSite(x.site)}  [${x.site.id}]: ${x.detail}`)),
    ...section('flaky / unconfirmed / timeout (not detected)', [...by('flaky'), ...by('unconfirmed'), ...by('timeout')].map((x) => `${x.verdict}: ${describeSite(x.site)}  [${x.site.id}]: ${x.detail}`)),
    ...section('equivalent, excluded by equivalents.yaml', by('equivalent').map((x) => `${describeSite(x.site)}  [${x.site.id}]: ${x.detail}`)),
    ...section('out of scope, excluded by equivalents.yaml (kind: out-of-scope)', by('out-of-scope').map((x) => `${describeSite(x.site)}  [${x.site.id}]: ${x.detail}`)),
    ...section('stale equivalents.yaml entries (match no site: re-check by hand)', r.stale.map((e) => `${e.file}#${e.site}${e.mutation ? ` (${e.mutation})` : ''}`)),
  ].join('\n');
}
