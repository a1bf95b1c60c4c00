/**
 * `--report FILE`: a results file printed again with today's equivalents list, so an entry added
 * after a pass (a survivor found equivalent by hand) shows in the figures without re-running.
 */
import { readFileSync } from 'node:fs';
import { ConfigError, errorMessage } from '../../lib/errors.ts';
import { equivalentFor, type Equivalent } from './equivalents.ts';
import { reportText, type MutantResult, type ReportInput } from './report.ts';

interface ResultsFile {
  seed: number;
  sites: number;
  defectGated: number;
  wallMs: number;
  complete?: boolean;
  results: MutantResult[];
}

function readResults(file: string): ResultsFile {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new ConfigError(file, `expected a results file written by npm run mutate (${errorMessage(e)})`, { cause: e });
  }
  const r = data as Partial<ResultsFile> | null;
  if (!r || !Array.isArray(r.results) || typeof r.seed !== 'number' || typeof r.sites !== 'number') throw new ConfigError(file, 'expected a results file written by npm run mutate (seed, sites, results)');
  return r as ResultsFile;
}

/** The report of `file`, each result excluded when today's list names it equivalent. */
export function rereport(file: string, equivalents: readonly Equivalent[]): string {
  const r = readResults(file);
  const results = r.results.map((x): MutantResult => {
    const eq = x.verdict === 'equivalent' || x.verdict === 'out-of-scope' ? undefined : equivalentFor(x.site, equivalents);
    return eq ? { ...x, verdict: eq.kind ?? 'equivalent', detail: `${eq.why} (was ${x.verdict})` } : x;
  });
  const input: ReportInput = { results, seed: r.seed, sites: r.sites, defectGated: r.defectGated, stale: [], wallMs: r.wallMs };
  return `${r.complete === false ? '(an incomplete pass)\n' : ''}${reportText(input)}`;
}
