/**
 * junit.xml for Jenkins and GitLab: one <testsuite> per device, one <testcase> per scenario ×
 * device × iteration (classname "ftlab.DEVICE"). SUT outcomes are <failure type="OUTCOME">,
 * infra-error and aborted are <error>, skips are <skipped message="reason">. Requirement IDs are
 * testcase properties, and so is the shard a result came from (`--shard`, `ftlab merge`). Times in seconds.
 */
import type { Outcome } from '../lib/history/records.ts';
import { num, pct } from './format.ts';
import { gapOutageMs } from './probe-gaps.ts';
import { deviceTimeScale, sourceText, verdictText } from './measurement-text.ts';
import type { RunSummary, ScenarioSummary } from './summary-types.ts';
import { xmlAttr, xmlText } from './xml.ts';

const FAILURE: readonly Outcome[] = ['failed', 'budget-violation', 'invariant-violation'];
const ERROR: readonly Outcome[] = ['infra-error', 'aborted'];

function secs(ms: number): string {
  return (Math.max(0, ms) / 1000).toFixed(3);
}

function attrs(a: Record<string, string | number>): string {
  return Object.entries(a)
    .map(([k, v]) => ` ${k}="${xmlAttr(String(v))}"`)
    .join('');
}

function details(s: ScenarioSummary): string[] {
  const lines: string[] = [];
  for (const m of s.measurements) {
    if (m.verdict !== 'fail') continue;
    lines.push(`${m.name} = ${num(m.value, 3)} ${m.unit} exceeds limit ${num(m.limit, 3)} ${m.unit} (budget ${m.budget ?? '?'}, margin ${pct(m.margin)}, ${sourceText(m)})`);
  }
  for (const c of s.checks) {
    if (c.evaluated && !c.ok) lines.push(`${c.kind} ${c.name} failed: ${c.detail}`);
    if (!c.evaluated && c.required) lines.push(`${c.kind} ${c.name} was required but never evaluated`);
  }
  for (const p of s.phases) if (p.ok === false) lines.push(`phase ${p.phase} failed: ${p.error ?? 'no detail'}`);
  for (const f of s.faults) if (!f.ok) lines.push(`fault ${f.fault} (ledger ${f.ledgerId}): ${f.error ?? 'failed'}`);
  return lines;
}

/** Harness ms as text, with the SUT equivalent when the lab runs scaled (measurements are in SUT time). */
function harnessMs(ms: number, scale: number): string {
  return scale === 1 ? `${num(ms, 3)} ms` : `${num(ms, 3)} ms harness (${num(ms * scale, 3)} ms SUT)`;
}

function systemOut(s: ScenarioSummary, scale: number): string {
  const lines = [`outcome: ${s.outcome}${s.marginal ? ' (marginal)' : ''}`];
  if (s.reason) lines.push(`reason: ${s.reason}`);
  if (scale !== 1) lines.push(`time scale: the lab ran ×${num(scale)}; measurements are in SUT time`);
  for (const m of s.measurements) {
    const limit = m.limit === null ? '' : ` / limit ${num(m.limit, 3)} ${m.unit} (margin ${pct(m.margin)})`;
    lines.push(`measurement ${m.name}: ${num(m.value, 3)} ${m.unit}${limit} → ${verdictText(m.verdict)} [${sourceText(m)}]`);
  }
  for (const c of s.checks) lines.push(`check ${c.name} (${c.kind}${c.required ? ', required' : ''}): ${c.evaluated ? (c.ok ? 'ok' : `FAILED ${c.detail}`) : 'not evaluated'}`);
  for (const p of s.probes) {
    const largest = p.gaps.length ? Math.max(...p.gaps.map(gapOutageMs)) : 0;
    lines.push(
      `probe ${p.probe} → ${p.target}: sent ${p.sent}, received ${p.received}, largest estimated outage ${harnessMs(largest, scale)}, largest reply gap ${harnessMs(p.maxGapMs, scale)}, resolution ${p.resolutionMs === null ? '–' : harnessMs(p.resolutionMs, scale)}`,
    );
  }
  return lines.join('\n');
}

function testcase(s: ScenarioSummary, repeat: number, indent: string, scale: number): string {
  const name = repeat > 1 || s.iteration > 0 ? `${s.id} [iteration ${s.iteration}]` : s.id;
  const out: string[] = [`${indent}<testcase${attrs({ classname: `ftlab.${s.device}`, name, time: secs(s.durationMs) })}>`];
  const props: Array<[string, string]> = [
    ['title', s.title],
    ...s.requirements.map((r): [string, string] => ['requirement', r]),
    ['outcome', s.outcome],
  ];
  if (s.marginal) props.push(['marginal', 'true']);
  if (s.shard !== null) props.push(['shard', s.shard]);
  out.push(`${indent}  <properties>`);
  for (const [k, v] of props) out.push(`${indent}    <property${attrs({ name: k, value: v })}/>`);
  out.push(`${indent}  </properties>`);
  const message = s.reason ?? s.outcome;
  const body = [...details(s), ...(s.ffdc ? [`first-failure data: ${s.ffdc}/ (README.md inside says what is where)`] : [])].join('\n');
  if (FAILURE.includes(s.outcome)) {
    out.push(`${indent}  <failure${attrs({ type: s.outcome, message })}>${xmlText(body || message)}</failure>`);
  } else if (ERROR.includes(s.outcome)) {
    out.push(`${indent}  <error${attrs({ type: s.outcome, message })}>${xmlText(body || message)}</error>`);
  } else if (s.outcome === 'skipped') {
    out.push(`${indent}  <skipped${attrs({ message: s.skipReason ?? message })}/>`);
  }
  out.push(`${indent}  <system-out>${xmlText(systemOut(s, scale))}</system-out>`);
  out.push(`${indent}</testcase>`);
  return out.join('\n');
}

interface Counts {
  tests: number;
  failures: number;
  errors: number;
  skipped: number;
  ms: number;
}

function countOf(list: readonly ScenarioSummary[], notRun = 0): Counts {
  return {
    tests: list.length + notRun,
    failures: list.filter((s) => FAILURE.includes(s.outcome)).length,
    errors: list.filter((s) => ERROR.includes(s.outcome)).length,
    skipped: list.filter((s) => s.outcome === 'skipped').length + notRun,
    ms: list.reduce((a, s) => a + Math.max(0, s.durationMs), 0),
  };
}

function countAttrs(c: Counts): Record<string, string | number> {
  return { tests: c.tests, failures: c.failures, errors: c.errors, skipped: c.skipped, time: secs(c.ms) };
}

export function renderJunit(summary: RunSummary): string {
  const repeat = summary.run.repeat ?? 1;
  const devices = [...new Set(summary.scenarios.map((s) => s.device))];
  const timestamp = summary.run.startedAt ? summary.run.startedAt.replace(/\.\d+Z$/, '') : null;
  const total = countOf(summary.scenarios, summary.notRun.length);
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  out.push(`<testsuites${attrs({ name: `ftlab ${summary.run.suite ?? ''}`.trim(), ...countAttrs(total) })}>`);
  const runProps: Array<[string, string]> = [
    ['runId', summary.run.runId ?? ''],
    ['suite', summary.run.suite ?? ''],
    ['lab', summary.run.lab ? `${summary.run.lab.kind}${summary.run.lab.file ? ` ${summary.run.lab.file}` : ''}` : ''],
    ['runOutcome', summary.outcome],
  ];
  if (summary.incomplete) runProps.push(['incomplete', 'true']);
  if (summary.run.shard !== null) runProps.push(['shard', summary.run.shard]);
  for (const p of summary.run.parts) runProps.push(['part', `${p.label} ${p.runId}${p.host ? ` ${p.host}` : ''}`]);
  for (const m of summary.run.missingShards) runProps.push(['missingShard', m]);
  for (const device of devices) {
    const list = summary.scenarios.filter((s) => s.device === device);
    const a: Record<string, string | number> = { name: device, ...countAttrs(countOf(list)) };
    if (timestamp) a.timestamp = timestamp;
    out.push(`  <testsuite${attrs(a)}>`);
    out.push('    <properties>');
    for (const [k, v] of runProps) out.push(`      <property${attrs({ name: k, value: v })}/>`);
    out.push('    </properties>');
    for (const s of list) out.push(testcase(s, repeat, '    ', deviceTimeScale(summary, device)));
    out.push('  </testsuite>');
  }
  if (summary.notRun.length > 0) {
    out.push(`  <testsuite${attrs({ name: 'not-run', ...countAttrs(countOf([], summary.notRun.length)) })}>`);
    for (const p of summary.notRun) {
      out.push(`    <testcase${attrs({ classname: 'ftlab.not-run', name: p.id, time: '0.000' })}>`);
      out.push(`      <skipped${attrs({ message: `not run: the run ended (${summary.outcome}) before this scenario began` })}/>`);
      out.push('    </testcase>');
    }
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
  return `${out.join('\n')}\n`;
}
