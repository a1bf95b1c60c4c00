/**
 * `npm run mutate`: the mutation pass over the ft emulator (see options.ts for the usage and
 * the README section "Mutation testing"). Each mutant runs in its own scratch copy of the tree.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { UsageError } from '../../lib/cli-args.ts';
import { ConfigError, errorMessage, InfraError } from '../../lib/errors.ts';
import { equivalentFor, readEquivalents, staleEquivalents, type Equivalent } from './equivalents.ts';
import { parseOptions, selectFiles, USAGE, type MutateOptions } from './options.ts';
import { applyEdit, StaleSiteError } from './patch.ts';
import { reportText, type MutantResult } from './report.ts';
import { rereport } from './rereport.ts';
import { runSuite, stopAllSuites } from './run-suite.ts';
import { sample } from './sample.ts';
import { makeScratch, removeAllScratches, repoFiles } from './scratch.ts';
import { describeSite, siteKey, type Site } from './site.ts';
import { enumerateSites, type Enumeration } from './sites.ts';
import { classifyRun, confirmKill, DETECTED, scenariosUpTo, type Classified } from './verdict.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const EQUIVALENTS_FILE = path.join(ROOT, 'scripts', 'mutate', 'equivalents.yaml');

/** Shortest deadline per mutant, and how many baseline walls it allows. */
const MIN_DEADLINE_MS = 180_000;
const BASELINE_FACTOR = 3;
const BASELINE_TRIES = 3;
/** Whole-suite runs of a mutant whose kill was flaky (not repeated by the re-run, or shared by the control). */
const SUITE_ATTEMPTS = 2;

interface Pass {
  repo: string[];
  /** An unmutated scratch tree: the control run of a killing scenario. */
  control: string;
  equivalents: Equivalent[];
  deadlineMs: number;
}

function log(s: string): void {
  process.stdout.write(`${s}\n`);
}

function pick(e: Enumeration, o: MutateOptions): Site[] {
  if (o.sites.length === 0) return sample(e.sites, o.count, o.seed);
  return o.sites.map((key) => {
    const s = e.sites.find((x) => siteKey(x) === key);
    if (!s) throw new UsageError(`--site ${key}: no such site (npm run mutate -- --list prints them)`);
    return s;
  });
}

async function runMutant(site: Site, pass: Pass): Promise<MutantResult> {
  const eq = equivalentFor(site, pass.equivalents);
  if (eq) return { site, verdict: eq.kind ?? 'equivalent', detail: eq.why, wallMs: 0 };
  let text: string;
  try {
    text = applyEdit(readFileSync(path.join(ROOT, site.file), 'utf8'), site, siteKey(site));
  } catch (e) {
    if (!(e instanceof StaleSiteError)) throw e;
    return { site, verdict: 'infra', detail: e.message, wallMs: 0 };
  }
  const scratch = makeScratch(ROOT, pass.repo, { file: site.file, text });
  try {
    let wallMs = 0;
    let earlier = '';
    for (let attempt = 1; ; attempt++) {
      const one = await judgeOnce(scratch.dir, pass.control, pass.deadlineMs);
      wallMs += one.wallMs;
      // A flaky kill stopped the run before the scenarios after it: once more, the whole suite.
      if (one.verdict === 'flaky' && attempt < SUITE_ATTEMPTS) {
        earlier = `${earlier}attempt ${attempt} flaky (${one.detail}); `;
        continue;
      }
      return { site, verdict: one.verdict, detail: `${earlier}${one.detail}`, wallMs };
    }
  } finally {
    scratch.remove();
  }
}

/**
 * One fail-fast nightly run of a mutant in `dir`; a run that did not pass is confirmed by re-running
 * the scenarios up to the failing one there and then on the unmutated tree `control` (verdict.ts confirmKill).
 */
async function judgeOnce(dir: string, control: string, deadlineMs: number): Promise<Classified & { wallMs: number }> {
  const run = await runSuite({ dir, deadlineMs });
  const c = classifyRun(run);
  const first = c.verdict === 'infra' ? { ...c, detail: `${c.detail} | ${run.tail.slice(-3).join(' | ')}` } : c;
  if (!DETECTED.includes(first.verdict)) return { ...first, wallMs: run.wallMs };
  // No testcase ended (a usage or configuration error): the whole suite again.
  const which = run.ended.length > 0 ? { scenarios: scenariosUpTo(run.ended) } : {};
  const again = await runSuite({ dir, deadlineMs, ...which });
  const checked = classifyRun(again);
  const ctl = DETECTED.includes(checked.verdict) ? await runSuite({ dir: control, deadlineMs, ...which }) : null;
  return { ...confirmKill(first, checked, ctl && classifyRun(ctl)), wallMs: run.wallMs + again.wallMs + (ctl?.wallMs ?? 0) };
}

/**
 * The unmutated suite must pass in a scratch copy, or no mutant can be judged; on a loaded machine
 * it may fail now and then (a timing budget), so it gets BASELINE_TRIES attempts, each one printed.
 * Returns the wall ms of the passing run.
 */
async function baseline(pass: Pass): Promise<number> {
  for (let attempt = 1; ; attempt++) {
    log(`baseline ${attempt}/${BASELINE_TRIES}: the nightly suite on an unmutated scratch copy ...`);
    const run = await runSuite({ dir: pass.control, deadlineMs: pass.deadlineMs, failFast: false });
    const c = classifyRun(run);
    log(`baseline ${attempt}/${BASELINE_TRIES}: ${c.verdict === 'survived' ? 'passed' : c.verdict === 'killed' ? 'SUT failure' : c.verdict} in ${(run.wallMs / 1000).toFixed(1)} s (${c.detail})`);
    if (c.verdict === 'survived') return run.wallMs;
    if (attempt >= BASELINE_TRIES) throw new InfraError(`the unmutated suite does not pass (${c.detail}); no mutant can be judged:\n${run.tail.join('\n')}`);
  }
}

/** Runs the mutants `jobs` at a time; `onResult` gets the results so far after each one. */
async function runAll(sites: readonly Site[], pass: Pass, jobs: number, onResult: (so: MutantResult[]) => void): Promise<MutantResult[]> {
  const results: MutantResult[] = new Array<MutantResult>(sites.length);
  let next = 0;
  let done = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < sites.length; i = next++) {
      const site = sites[i];
      if (!site) continue;
      const r = await runMutant(site, pass);
      results[i] = r;
      done++;
      onResult(results.filter((x) => x !== undefined));
      log(`[${done}/${sites.length}] ${r.verdict.padEnd(10)} ${(r.wallMs / 1000).toFixed(1).padStart(6)} s  ${describeSite(site)}  [${site.id}]${r.verdict === 'survived' ? '' : `  - ${r.detail}`}`);
    }
  };
  await Promise.all(Array.from({ length: Math.min(jobs, sites.length) }, worker));
  return results;
}

function writeJson(file: string, data: unknown): void {
  const target = path.resolve(ROOT, file);
  mkdirSync(path.dirname(target), { recursive: true });
  writeFileSync(target, `${JSON.stringify(data, null, 2)}\n`);
}

function listSites(e: Enumeration, files: readonly string[]): number {
  for (const s of e.sites) log(`${siteKey(s)}  ${describeSite(s)}`);
  log(`${e.sites.length} sites in ${files.length} files (${e.defectGated} defect-gated sites left out)`);
  return 0;
}

async function mutate(o: MutateOptions): Promise<number> {
  const repo = repoFiles(ROOT);
  const files = selectFiles(repo, o.filters);
  const e = enumerateSites(ROOT, files, path.join(ROOT, 'tsconfig.json'));
  if (o.list) return listSites(e, files);
  const chosen = pick(e, o);
  const control = makeScratch(ROOT, repo);
  try {
    const pass: Pass = { repo, control: control.dir, equivalents: readEquivalents(EQUIVALENTS_FILE), deadlineMs: o.timeoutMs ?? MIN_DEADLINE_MS * 2 };
    await runPass(o, { e, files, chosen }, pass);
    return 0;
  } finally {
    control.remove();
  }
}

async function runPass(o: MutateOptions, what: { e: Enumeration; files: string[]; chosen: Site[] }, pass: Pass): Promise<void> {
  const started = Date.now();
  const { e, files, chosen } = what;
  if (o.baseline) pass.deadlineMs = o.timeoutMs ?? Math.max(MIN_DEADLINE_MS, BASELINE_FACTOR * (await baseline(pass)));
  log(`${chosen.length} mutants of ${e.sites.length} sites in ${files.length} files, seed ${o.seed}, deadline ${(pass.deadlineMs / 1000).toFixed(0)} s each, ${o.jobs} at once`);
  const summary = { seed: o.seed, sites: e.sites.length, defectGated: e.defectGated, stale: staleEquivalents(pass.equivalents, e.sites, files) };
  const save = (results: MutantResult[], complete: boolean): void =>
    writeJson(o.out, { date: new Date(started).toISOString(), complete, count: chosen.length, wallMs: Date.now() - started, files, ...summary, results });
  const results = await runAll(chosen, pass, o.jobs, (so) => save(so, false));
  log(`\n${reportText({ ...summary, results, wallMs: Date.now() - started })}`);
  save(results, true);
  log(`results: ${path.resolve(ROOT, o.out)}`);
}

export async function main(argv: string[]): Promise<number> {
  // Ctrl-C: stop the runs in progress (the results so far are in --out, marked incomplete).
  const interrupt = (): void => {
    stopAllSuites();
    removeAllScratches();
    process.exit(130);
  };
  process.on('SIGINT', interrupt);
  process.on('SIGTERM', interrupt);
  try {
    const o = parseOptions(argv);
    if (o.help) {
      log(USAGE);
      return 0;
    }
    if (o.report !== null) {
      log(rereport(path.resolve(o.report), readEquivalents(EQUIVALENTS_FILE)));
      return 0;
    }
    return await mutate(o);
  } catch (err) {
    process.stderr.write(`mutate: ${errorMessage(err)}\n`);
    return err instanceof UsageError || err instanceof ConfigError ? 2 : 3;
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) process.exitCode = await main(process.argv.slice(2));
