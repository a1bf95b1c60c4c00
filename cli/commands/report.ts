import path from 'node:path';
import { readHistoryFile } from '../../lib/history/read.ts';
import { parseReporterList, renderReports, REPORTERS } from '../../reports/index.ts';
import { summarize } from '../../reports/summarize.ts';
import { summaryTable } from '../../harness/console/summary-table.ts';
import { parseCli, UsageError } from '../../lib/cli-args.ts';

const USAGE = `usage: ftlab report DIR [--reporter ${REPORTERS.join(',')}] [--quiet]

Renders every report again from DIR/history.jsonl (also after an interrupted run: the report is
marked aborted) and prints the summary.`;

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
  if (positionals.length !== 1) throw new UsageError(`expected exactly one DIR\n\n${USAGE}`);
  const dir = path.resolve(positionals[0] as string);
  const reporters = values.reporter !== undefined ? parseReporterList(values.reporter) : [...REPORTERS];
  const historyFile = path.join(dir, 'history.jsonl');
  const { records, truncatedLine } = await readHistoryFile(historyFile);
  const written = await renderReports(records, dir, { reporters, historyFile, ...(truncatedLine !== undefined ? { truncatedLine } : {}) });
  if (!values.quiet) {
    process.stdout.write(summaryTable(summarize(records, truncatedLine !== undefined ? { truncatedLine } : {})));
    process.stdout.write(`wrote ${written.map((f) => path.relative(process.cwd(), f) || f).join(', ')}\n`);
  }
  return 0;
}
