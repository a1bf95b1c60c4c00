import path from 'node:path';
import { discoverScenarios } from '../../harness/discovery.ts';
import { REPO_ROOT } from '../../harness/lab/embedded.ts';
import { parseGrep, selectScenarios } from '../../harness/selection.ts';
import { parseCli } from '../../lib/cli-args.ts';
import { alignRow, columnWidths } from '../../lib/columns.ts';

const USAGE = `usage: ftlab list [SCENARIO_ID|GLOB ...] [--suite NAME] [--grep REGEX] [--json] [--scenarios DIR]

Lists scenarios with their requirement IDs, tags and suites (all suites unless --suite is given).`;

export async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseCli(
    argv,
    { suite: { type: 'string' }, grep: { type: 'string' }, json: { type: 'boolean' }, scenarios: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    { positionals: true, usage: USAGE },
  );
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const grep = values.grep !== undefined ? parseGrep(values.grep) : undefined;
  const all = await discoverScenarios(values.scenarios ?? path.join(REPO_ROOT, 'scenarios'));
  // Listing shows every suite by default (unlike run, which defaults to nightly).
  const chosen = selectScenarios(all, { patterns: positionals, ...(grep ? { grep } : {}) }).filter(
    (s) => values.suite === undefined || s.def.suites.includes(values.suite),
  );
  const listed = positionals.length || values.suite !== undefined ? chosen : selectScenarios(all, { patterns: ['*'], ...(grep ? { grep } : {}) });
  if (values.json) {
    const rows = listed.map((s) => ({
      id: s.def.id,
      title: s.def.title,
      requirements: s.def.requirements,
      tags: s.def.tags,
      suites: s.def.suites,
      roles: s.def.roles,
      timeoutMs: s.def.timeoutMs,
      file: s.file,
    }));
    process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    return 0;
  }
  const table = [['ID', 'REQUIREMENTS', 'TAGS', 'SUITES', 'TITLE']];
  for (const s of listed) table.push([s.def.id, s.def.requirements.join(','), s.def.tags.join(','), s.def.suites.join(','), s.def.title]);
  const widths = columnWidths(table);
  for (const r of table) process.stdout.write(`${alignRow(r, widths)}\n`);
  process.stdout.write(`${listed.length} scenario(s)\n`);
  return 0;
}
