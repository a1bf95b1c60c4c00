/**
 * Compare two runs' results.json, requirement by requirement and testcase by testcase: the run
 * outcome, every requirement verdict, every testcase's outcome, the checks it evaluated and the
 * measurements it took with their verdicts. Values are listed side by side (timing measurements
 * jitter from run to run); a different verdict, outcome or set of checks/measurements is a
 * difference. Used to show that a refactor kept the suite's verdicts.
 *
 *   node --import=tsx scripts/compare-results.ts BEFORE/results.json AFTER/results.json
 *
 * Exit 0 when the verdicts agree, 1 when they differ, 2 on unreadable input.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

interface Measurement {
  name: string;
  value: number;
  unit: string;
  verdict: string;
}
interface Check {
  name: string;
  evaluated: boolean;
  ok: boolean;
}
interface Testcase {
  key: string;
  outcome: string;
  measurements: Measurement[];
  checks: Check[];
}
export interface Results {
  outcome: string;
  requirements: Record<string, { verdict: string }>;
  scenarios: Testcase[];
}

export interface Comparison {
  differences: string[];
  /** One line per measurement: key, name, before, after. */
  values: string[];
}

function sameList(what: string, a: string[], b: string[], out: string[]): void {
  const missing = a.filter((x) => !b.includes(x));
  const added = b.filter((x) => !a.includes(x));
  if (missing.length) out.push(`${what}: only before: ${missing.join(', ')}`);
  if (added.length) out.push(`${what}: only after: ${added.join(', ')}`);
}

function compareTestcase(a: Testcase, b: Testcase, out: Comparison): void {
  if (a.outcome !== b.outcome) out.differences.push(`${a.key}: outcome ${a.outcome} → ${b.outcome}`);
  const checks = (t: Testcase) => t.checks.map((c) => `${c.name} [${c.evaluated ? (c.ok ? 'ok' : 'FAILED') : 'not evaluated'}]`);
  sameList(`${a.key} checks`, checks(a), checks(b), out.differences);
  for (const m of a.measurements) {
    const n = b.measurements.find((x) => x.name === m.name);
    if (!n) {
      out.differences.push(`${a.key}: measurement ${m.name} only before`);
      continue;
    }
    if (m.verdict !== n.verdict) out.differences.push(`${a.key}: ${m.name} verdict ${m.verdict} → ${n.verdict}`);
    out.values.push(`${a.key}  ${m.name}  ${round(m.value)} → ${round(n.value)} ${m.unit}`);
  }
  for (const n of b.measurements) if (!a.measurements.some((m) => m.name === n.name)) out.differences.push(`${a.key}: measurement ${n.name} only after`);
}

export function compareResults(before: Results, after: Results): Comparison {
  const out: Comparison = { differences: [], values: [] };
  if (before.outcome !== after.outcome) out.differences.push(`run outcome ${before.outcome} → ${after.outcome}`);
  const reqs = new Set([...Object.keys(before.requirements), ...Object.keys(after.requirements)]);
  for (const id of [...reqs].sort()) {
    const a = before.requirements[id]?.verdict ?? 'absent';
    const b = after.requirements[id]?.verdict ?? 'absent';
    if (a !== b) out.differences.push(`${id}: ${a} → ${b}`);
  }
  sameList('testcases', before.scenarios.map((s) => s.key), after.scenarios.map((s) => s.key), out.differences);
  for (const a of before.scenarios) {
    const b = after.scenarios.find((s) => s.key === a.key);
    if (b) compareTestcase(a, b, out);
  }
  return out;
}

function round(n: number): string {
  return String(Math.round(n * 1000) / 1000);
}

function load(file: string): Results {
  return JSON.parse(readFileSync(file, 'utf8')) as Results;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [beforeFile, afterFile] = process.argv.slice(2);
  if (!beforeFile || !afterFile) {
    process.stderr.write('usage: compare-results BEFORE/results.json AFTER/results.json\n');
    process.exit(2);
  }
  let cmp: Comparison;
  try {
    cmp = compareResults(load(beforeFile), load(afterFile));
  } catch (e) {
    process.stderr.write(`compare-results: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(2);
  }
  process.stdout.write(`${cmp.values.join('\n')}\n\n`);
  process.stdout.write(cmp.differences.length ? `DIFFERENT verdicts:\n${cmp.differences.join('\n')}\n` : 'same verdicts: run outcome, every requirement, every testcase, check and measurement\n');
  process.exit(cmp.differences.length ? 1 : 0);
}
