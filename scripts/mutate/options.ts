/** `npm run mutate` options and the files the pass mutates. */
import { allowedBy, globToRegExp } from '../../harness/glob.ts';
import { numberOption, parseCli, UsageError } from '../../lib/cli-args.ts';

export const USAGE = `usage: npm run mutate -- [options]

Mutation testing of the ft emulator against the nightly suite's ft half (--suite ft): enumerates the mutation sites of
the model and its projection, draws a seeded sample, runs \`ftlab run\` on a scratch copy of the
tree per mutant and prints the kill rate and the survivors. Not part of CI (minutes per mutant).

options:
  --seed N         sample seed (default 1)
  --count N        mutants to draw (default 50)
  --jobs N         mutants run at once (default 1; each runs the whole lab)
  --filter GLOB    only files matching (repeatable; "!GLOB" excludes), e.g. 'simulators/ft/projection/*'
  --site FILE#ID   exactly these sites instead of a sample (repeatable)
  --timeout S      wall deadline per mutant, seconds (default: 3x the baseline run, at least 180)
  --no-baseline    skip the unmutated run (else a baseline that fails 3 times in a row stops the pass)
  --list           print every site and exit
  --out FILE       the results as JSON, rewritten after each mutant (default tmp/mutate/last.json)
  --report FILE    print the report of a results file again, with today's equivalents.yaml (runs nothing)

Exit codes: 0 the pass ran, 2 usage or configuration error, 3 the baseline did not pass / infra.`;

/** The model and its projection (the Redfish resources and the workload), tests excluded. */
export const MUTATED_FILES = [
  'simulators/ft/model.ts',
  'simulators/ft/resync-plan.ts',
  'simulators/ft/error-counter.ts',
  'simulators/ft/io-team.ts',
  'simulators/ft/workload.ts',
  'simulators/ft/event-publisher.ts',
  'simulators/ft/projection.ts',
  'simulators/ft/projection/*.ts',
];

export interface MutateOptions {
  seed: number;
  count: number;
  jobs: number;
  filters: string[];
  sites: string[];
  timeoutMs: number | null;
  baseline: boolean;
  list: boolean;
  out: string;
  report: string | null;
  help: boolean;
}

export function parseOptions(argv: string[]): MutateOptions {
  const { values } = parseCli(
    argv,
    {
      seed: { type: 'string' },
      count: { type: 'string' },
      jobs: { type: 'string' },
      filter: { type: 'string', multiple: true },
      site: { type: 'string', multiple: true },
      timeout: { type: 'string' },
      'no-baseline': { type: 'boolean' },
      list: { type: 'boolean' },
      out: { type: 'string' },
      report: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    { usage: USAGE },
  );
  const timeout = values.timeout === undefined ? null : numberOption('timeout', values.timeout, 0, { min: 1 }) * 1000;
  const sites = values.site ?? [];
  const bad = sites.find((s) => !/^[^#]+#.+$/.test(s));
  if (bad !== undefined) throw new UsageError(`--site expects FILE#ID (as --list prints it), got "${bad}"`);
  return {
    seed: numberOption('seed', values.seed, 1, { min: 0, integer: true }),
    count: numberOption('count', values.count, 50, { min: 1, integer: true }),
    jobs: numberOption('jobs', values.jobs, 1, { min: 1, integer: true }),
    filters: values.filter ?? [],
    sites,
    timeoutMs: timeout,
    baseline: !values['no-baseline'],
    list: values.list ?? false,
    out: values.out ?? 'tmp/mutate/last.json',
    report: values.report ?? null,
    help: values.help ?? false,
  };
}

/** The repository files the pass mutates: MUTATED_FILES, narrowed by --filter. */
export function selectFiles(repoFiles: readonly string[], filters: readonly string[]): string[] {
  const inScope = repoFiles.filter((f) => !f.endsWith('.test.ts') && MUTATED_FILES.some((g) => globToRegExp(g).test(f)));
  const chosen = inScope.filter((f) => allowedBy(f, filters));
  if (chosen.length === 0) throw new UsageError(`--filter ${filters.join(' ')} leaves no file; the files in scope are:\n  ${inScope.join('\n  ')}`);
  return chosen;
}
