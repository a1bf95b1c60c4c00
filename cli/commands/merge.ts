import path from 'node:path';
import { mergeRunDirs } from '../../harness/merge/merge-dirs.ts';
import { summaryTable } from '../../harness/console/summary-table.ts';
import type { DuplicatePolicy } from '../../lib/history/records.ts';
import { parseCli, UsageError } from '../../lib/cli-args.ts';
import { ConfigError } from '../../lib/errors.ts';
import { parseReporterList, REPORTERS } from '../../reports/index.ts';

const POLICIES: readonly DuplicatePolicy[] = ['first', 'last', 'worst'];

const USAGE = `usage: ftlab merge DIR... --out DIR [options]

Merges the histories of shards (ftlab run --shard I/N) or of separate runs of one selection into
one history.jsonl in --out and renders every report from it, as "ftlab report" does. Every report
shows the shard each result came from. Refused (exit 2, naming the folder and the field) when the
inputs differ in ftlab version, history schema, suite or selection, repeat count, embedded lab
setting or budgets (content hash), when a run is given twice, when a shard of N is missing, or
when two inputs ran the same testcase (scenario x binding x iteration).

options:
  --out DIR                   where the merged history and reports go (required; not an input)
  --allow-duplicates POLICY   keep one run of a testcase two inputs ran: first (begun first),
                              last (begun last) or worst (worst outcome); the others are dropped
                              and the reports say so
  --allow-missing-shards      merge shards of N without all N (the reports list the missing ones)
  --reporter LIST             comma-separated: ${REPORTERS.join(',')} (default all)
  --quiet, -q                 print nothing but errors

Exit codes: the merged run's (0 passed, 1 SUT failure / budget or invariant violation, 3
infrastructure error, 130 aborted); 2 inputs refused or bad options; 1 also when a renderer failed.`;

function policyOption(raw: string | undefined): DuplicatePolicy | undefined {
  if (raw === undefined) return undefined;
  if (!(POLICIES as readonly string[]).includes(raw)) throw new ConfigError('--allow-duplicates', `one of ${POLICIES.join(', ')}`, { found: raw });
  return raw as DuplicatePolicy;
}

export async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseCli(
    argv,
    {
      out: { type: 'string' },
      'allow-duplicates': { type: 'string' },
      'allow-missing-shards': { type: 'boolean' },
      reporter: { type: 'string' },
      quiet: { type: 'boolean', short: 'q' },
      help: { type: 'boolean', short: 'h' },
    },
    { positionals: true, usage: USAGE },
  );
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (positionals.length === 0) throw new UsageError(`expected at least one DIR to merge\n\n${USAGE}`);
  if (values.out === undefined) throw new UsageError(`expected --out DIR\n\n${USAGE}`);
  const duplicates = policyOption(values['allow-duplicates']);
  const result = await mergeRunDirs(positionals, values.out, {
    argv: ['merge', ...argv],
    ...(duplicates ? { duplicates } : {}),
    ...(values['allow-missing-shards'] ? { allowMissingShards: true } : {}),
    ...(values.reporter !== undefined ? { reporters: parseReporterList(values.reporter) } : {}),
  });
  if (!values.quiet && result.summary) {
    for (const p of result.summary.run.parts) {
      process.stdout.write(`part ${p.label}: ${p.dir} (${p.host ?? 'host unknown'}), ${p.testcases} testcase(s), ${p.outcome}${p.notes.length ? ` — ${p.notes.join('; ')}` : ''}\n`);
    }
    process.stdout.write(summaryTable(result.summary));
    process.stdout.write(`wrote ${result.written.map((f) => path.relative(process.cwd(), f) || f).join(', ')}\n`);
  }
  for (const f of result.failures) process.stderr.write(`ftlab merge: ${f.message}\n`);
  if (result.failures.length > 0) return 1;
  return result.summary?.exitCode ?? 1;
}
