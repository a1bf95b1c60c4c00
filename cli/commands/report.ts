import path from 'node:path';
import { parseReporterList, REPORTERS, writeReportsFromHistory } from '../../reports/index.ts';
import { summaryTable } from '../../harness/console/summary-table.ts';
import { parseCli, UsageError } from '../../lib/cli-args.ts';

const USAGE = `usage: ftlab report DIR [--reporter ${REPORTERS.join(',')}] [--quiet]

Renders every report again from DIR/history.jsonl (also after an interrupted run: the report is
marked aborted) and prints the summary. Exits 1 when a renderer or a report panel failed: the
other reports are still written, and a failed report's file says which renderer failed and why.`;

export async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseCli(
    argv,
    { reporter: { type: 'string' }, quiet: { type: 'boolean', short: 'q' }, help: { type: 'boolean', short: 'h' } },
    { positionals: true, usage: USAGE },
  );
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const [target] = positionals;
  if (positionals.length !== 1 || target === undefined) throw new UsageError(`expected exactly one DIR\n\n${USAGE}`);
  const dir = path.resolve(target);
  const reporters = values.reporter !== undefined ? parseReporterList(values.reporter) : [...REPORTERS];
  const result = await writeReportsFromHistory(dir, { reporters });
  if (!values.quiet) {
    if (result.summary) process.stdout.write(summaryTable(result.summary));
    process.stdout.write(`wrote ${result.written.map((f) => path.relative(process.cwd(), f) || f).join(', ')}\n`);
  }
  for (const f of result.failures) process.stderr.write(`ftlab report: ${f.message}\n`);
  return result.failures.length > 0 ? 1 : 0;
}
