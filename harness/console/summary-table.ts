/** The final summary on stdout: per testcase its outcome, duration and key measurements vs limits. */
import { alignRow, columnWidths } from '../../lib/columns.ts';
import type { RunSummary } from '../../reports/summarize.ts';

function fmt(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const a = Math.abs(n);
  return a >= 100 ? n.toFixed(0) : a >= 10 ? n.toFixed(1) : n.toFixed(2);
}

type Measurement = RunSummary['scenarios'][number]['measurements'][number];

/** `name value/limit`, and the verdict unless it passed; nothing for a measurement without a limit. */
function versusLimit(m: Measurement): string[] {
  if (m.limit === null) return [];
  const u = m.unit.length > 2 ? ` ${m.unit}` : m.unit;
  return [`${m.name} ${fmt(m.value)}${u}/${fmt(m.limit)}${u}${m.verdict === 'pass' ? '' : ` ${m.verdict}`}`];
}

function firstLine(text: string): string {
  const nl = text.indexOf('\n');
  return nl < 0 ? text : text.slice(0, nl);
}

export function summaryTable(s: RunSummary): string {
  const header = ['scenario', 'device', 'outcome', 'time', 'key measurements (SUT) vs limit'];
  const rows: string[][] = [header];
  for (const sc of s.scenarios) {
    const key = sc.measurements.flatMap(versusLimit).join(', ');
    rows.push([
      `${sc.id}${s.run.repeat && s.run.repeat > 1 ? ` #${sc.iteration}` : ''}`,
      sc.device || '-',
      `${sc.outcome}${sc.marginal ? ' (marginal)' : ''}`,
      `${(sc.durationMs / 1000).toFixed(1)}s`,
      key || (sc.reason ? firstLine(sc.reason).slice(0, 80) : ''),
    ]);
  }
  for (const n of s.notRun) rows.push([n.id, '-', 'not run', '-', '']);
  const widths = columnWidths(rows, 48);
  const line = (r: string[]): string => alignRow(r, widths).trimEnd();
  const out = [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.slice(1).map(line)];
  if (s.aggregates.some((a) => a.n > 1)) {
    out.push('', 'over iterations (p50 / p95 / max):');
    for (const a of s.aggregates.filter((x) => x.n > 1)) {
      out.push(`  ${a.scenario} @${a.device} ${a.name}: ${fmt(a.p50)} / ${fmt(a.p95)} / ${fmt(a.max)} ${a.unit}${a.limit !== null ? ` (limit ${fmt(a.limit)}, ${a.verdict})` : ''} n=${a.n}`);
    }
  }
  const c = s.counts;
  const scale = s.run.lab?.timeScale;
  out.push(
    '',
    `${s.outcome.toUpperCase()}${s.aborted && s.outcome !== 'aborted' ? ' (aborted)' : ''}: ${c.total} testcase(s): ${c.passed} passed (${c.marginal} marginal), ${c.failed} failed, ${c['budget-violation']} budget-violation, ${c['invariant-violation']} invariant-violation, ${c['infra-error']} infra-error, ${c.skipped} skipped, ${c.aborted} aborted${c.notRun ? `, ${c.notRun} not run` : ''}`,
  );
  if (scale && scale !== 1) out.push(`measurements are in SUT time: the embedded lab ran ${scale}x faster and the harness converted back with the scale each BMC advertised`);
  return `${out.join('\n')}\n`;
}
