/**
 * For tests that compare a merged run with one run of the same testcases: the reports and records
 * with what legitimately differs taken out. `where` only: run ids, the shard a result came from
 * (shard fields, JUnit shard/part properties, the compliance Shard column and "Merged from"
 * section) and the order of testcases (a merge orders them by time across shards). With
 * `timing: true` (two separate runs) every digit is masked too: times, measured values, ports,
 * FT-03's per-shard detail, which names one embedded server per shard, and how many reply gaps each
 * probe saw.
 */
import { shiftTimes } from '../../lib/history/merge-time.ts';
import type { HistoryRecord } from '../../lib/history/records.ts';

export interface NormalizeOptions {
  timing: boolean;
}

const FT03_EVIDENCE = /^report check \(probe reply addresses\)/;

function maskDigits(s: string): string {
  return s.replace(/\d+(\.\d+)?/g, 'N');
}

function deepMask(v: unknown): unknown {
  if (typeof v === 'number') return 0;
  if (typeof v === 'string') return maskDigits(v);
  if (Array.isArray(v)) return v.map(deepMask);
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, deepMask(x)]));
  return v;
}

type Json = Record<string, unknown>;

function obj(v: unknown): Json {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {};
}

function list(v: unknown): Json[] {
  return Array.isArray(v) ? v.map(obj) : [];
}

/** results.json as an object to compare. */
export function normalizeResults(text: string, opts: NormalizeOptions): unknown {
  const r = JSON.parse(text) as Json;
  const run = obj(r.run);
  for (const k of ['runId', 'shard', 'parts', 'missingShards']) delete run[k];
  const scenarios = list(r.scenarios).sort((a, b) => String(a.key).localeCompare(String(b.key)));
  for (const s of scenarios) delete s.shard;
  r.scenarios = scenarios;
  for (const req of Object.values(obj(r.requirements)).map(obj)) {
    req.scenarios = [...(req.scenarios as string[])].sort();
    req.evidence = [...(req.evidence as string[])].filter((e) => !(opts.timing && FT03_EVIDENCE.test(e))).sort();
  }
  if (opts.timing) {
    const ft = obj(obj(r.panels).ft);
    delete obj(ft.ft03).devices;
    delete obj(ft.ft03).detail;
    delete r.ft03;
    delete r.devices;
    // How many reply gaps a probe saw is the probe's and the emulator's scheduling, not the testcase.
    for (const sc of scenarios) for (const p of list(sc.probes)) delete p.gaps;
    r.aggregates = list(r.aggregates).sort((a, b) => `${String(a.scenario)} ${String(a.name)}`.localeCompare(`${String(b.scenario)} ${String(b.name)}`));
  }
  return opts.timing ? deepMask(r) : r;
}

/** junit.xml as sorted testcase blocks without run ids and shard properties. */
export function normalizeJunit(text: string, opts: NormalizeOptions): string[] {
  const cleaned = text.replace(/\s*<property name="(runId|shard|part|missingShard)" value="[^"]*"\/>/g, '');
  const blocks = cleaned.split(/(?=<testcase )|(?=<testsuite )/).map((b) => b.trim());
  return blocks.map((b) => (opts.timing ? maskDigits(b).replace(/time="[^"]*"/g, '') : b)).sort();
}

/** A Markdown table row's cells (split on pipes that are not escaped). */
function cells(line: string): string[] {
  return line.split(/(?<!\\)\|/).slice(1, -1);
}

/** compliance.md without the run id, the shard column and sections, cells of `<br>`-joined items sorted (`timing`: requirement rows reduced to id, title, verdict). */
export function normalizeCompliance(text: string, opts: NormalizeOptions): string[] {
  const out: string[] = [];
  let skipping = false;
  let shardColumn = -1;
  for (const raw of text.split('\n')) {
    if (raw.startsWith('## ')) skipping = raw === '## Merged from' || (opts.timing && raw.startsWith('## One server on the network'));
    if (raw === '') shardColumn = -1;
    if (skipping || raw.startsWith('| Run id |') || raw.startsWith('| Shard |') || (opts.timing && raw.startsWith('| Duration |'))) continue;
    let line = raw;
    if (raw.startsWith('|')) {
      const row = cells(raw);
      if (raw.startsWith('| Requirement |')) shardColumn = row.findIndex((c) => c.trim() === 'Shard');
      const kept = shardColumn >= 0 ? row.filter((_, i) => i !== shardColumn) : row;
      // Two separate runs: a requirement row keeps its id, title and verdict (which checks ran, and so the
      // evidence, is the run's timing).
      const req = opts.timing && /^\s*[A-Z]+-\d+\s*$/.test(kept[0] ?? '') ? [kept[0] ?? '', kept[1] ?? '', kept.at(-1) ?? ''] : kept;
      line = `|${req.map((c) => c.split('<br>').filter((x) => !(opts.timing && FT03_EVIDENCE.test(x.trim()))).sort().join('<br>')).join('|')}|`;
    }
    out.push(opts.timing ? maskDigits(line) : line);
  }
  return out;
}

/** A record without its times (harness times kept relative to its own `t`), as canonical text. */
export function recordText(r: HistoryRecord): string {
  const { t: _t, wall: _w, ...rest } = shiftTimes(r, -r.t);
  return JSON.stringify(rest);
}
