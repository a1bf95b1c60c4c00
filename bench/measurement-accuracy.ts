/**
 * `npm run bench -- measurement-accuracy [N] [--time-scale S] [--memory-gib G] [--skip-default-run]`
 *
 * How exact are the harness's measurements? Runs the resync and isolation scenarios N times at
 * time scale 1 (default) through `ftlab run --lab FILE` against an ft emulator started here, then
 * compares what the harness measured (history.jsonl) with the emulator's ground truth
 * (GET /redfish/v1/Oem/FtLab/Truth, SUT epoch ms): blackout pause, brownout duration and
 * isolation, each from BMC events and from the workload probe. Prints p50 / p99 / max absolute
 * error in ms; the target is p99 blackout error <= 1 ms on loopback. It also times the default
 * `ftlab run` (embedded lab, nightly suite; target <= 120 s on a 2-core machine).
 *
 * To keep N iterations short at time scale 1 the emulator runs the default profile with a
 * smaller memory (8 GiB) and shorter diagnostics: the blackout arithmetic (residual / bandwidth +
 * context copy) is the same, only the brownout is shorter. Last stdout line: one JSON object.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import YAML from 'yaml';
import { at } from '../lib/checked.ts';
import { percentile } from './lib/stats.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CLI = path.join(ROOT, 'bin', 'ftlab.js');
const RESYNC = 'ft-resync-pull-insert-m1';
const ISOLATION = 'ft-isolation-cpu-m1';
const BLACKOUT_P99_TARGET_MS = 1;
const DEFAULT_RUN_TARGET_MS = 120_000;

interface Stats {
  n: number;
  p50: number | null;
  p99: number | null;
  max: number | null;
}

interface Pair {
  measured: number;
  truth: number;
}

interface Truth {
  TimeScale: number;
  Isolations: Array<{ Module: number; Subsystem: string; FaultAt: number; IsolatedAt: number }>;
  Resyncs: Array<{ Module: number; Passes: Array<{ Start: number; End: number | null }>; BlackoutStart: number | null; BlackoutEnd: number | null }>;
  IoFailovers: Array<{ Start: number; End: number | null }>;
  WorkloadStalls: Array<{ Start: number; End: number | null }>;
}

interface HistEvent {
  messageId: string;
  eventTimestamp: string;
  messageArgs: string[];
}

interface HistLine {
  type: string;
  scenario?: { id: string; iteration: number } | null;
  name?: string;
  value?: number;
  event?: HistEvent;
}

interface Iteration {
  m: Map<string, number>;
  events: HistEvent[];
}

function stats(pairs: Pair[]): Stats {
  const errs = pairs.map((p) => Math.abs(p.measured - p.truth)).sort((a, b) => a - b);
  const r = (x: number | null): number | null => (x === null ? null : Math.round(x * 1000) / 1000);
  if (errs.length === 0) return { n: 0, p50: null, p99: null, max: null };
  return { n: errs.length, p50: r(percentile(errs, 50)), p99: r(percentile(errs, 99)), max: r(at(errs, -1, 'largest error')) };
}

/** ISO 8601 → epoch ms keeping sub-millisecond digits (Date.parse truncates them). */
function isoMs(iso: string): number {
  const whole = Date.parse(iso);
  const frac = /T\d{2}:\d{2}:\d{2}\.(\d+)/.exec(iso)?.[1];
  return frac && frac.length > 3 ? whole + Number(`0.${frac.slice(3)}`) : whole;
}

function key(e: { messageId: string }): string {
  const parts = e.messageId.split('.');
  return `${parts[0]}.${parts[parts.length - 1]}`;
}

function nearest<T>(items: T[], at: (x: T) => number | null, target: number): T | undefined {
  let best: T | undefined;
  let bestD = Number.POSITIVE_INFINITY;
  for (const x of items) {
    const v = at(x);
    if (v === null) continue;
    const d = Math.abs(v - target);
    if (d < bestD) {
      best = x;
      bestD = d;
    }
  }
  return best;
}

/** Spawn a command, resolve with its exit code (stdout/stderr passed through to stderr). */
function runCli(args: string[], signalTimeoutMs: number): Promise<{ code: number | null; wallMs: number }> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (b: Buffer) => process.stderr.write(b));
    child.stderr.on('data', (b: Buffer) => process.stderr.write(b));
    const timer = setTimeout(() => child.kill('SIGINT'), signalTimeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, wallMs: performance.now() - t0 });
    });
  });
}

async function startEmulator(dir: string, scale: number, memoryGiB: number): Promise<{ url: string; stop: () => void; passwordFile: string }> {
  const passwordFile = path.join(dir, 'bmc-password');
  writeFileSync(passwordFile, `bench-${process.pid}-${Date.now().toString(36)}\n`, { mode: 0o600 });
  const profile = YAML.parse(readFileSync(path.join(ROOT, 'profiles', 'ft-default.yaml'), 'utf8')) as Record<string, Record<string, unknown>>;
  profile.name = 'ft-bench' as unknown as Record<string, unknown>;
  if (profile.system) profile.system.memoryGiB = memoryGiB;
  if (profile.resync) profile.resync.diagnosticsMs = 500;
  const profileFile = path.join(dir, 'ft-bench.yaml');
  writeFileSync(profileFile, YAML.stringify(profile));
  const child = spawn(
    process.execPath,
    [CLI, 'emulate', 'ft', '--port', '0', '--time-scale', String(scale), '--password-file', passwordFile, '--profile', profileFile],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const first = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the ft emulator did not print its endpoints within 30 s')), 30_000);
    createInterface({ input: child.stdout }).once('line', (l) => {
      clearTimeout(timer);
      resolve(l);
    });
    child.once('exit', (c) => reject(new Error(`the ft emulator exited (${c}) before printing its endpoints`)));
  });
  const info = JSON.parse(first) as { redfish: string };
  return { url: info.redfish, passwordFile, stop: () => child.kill('SIGTERM') };
}

async function fetchTruth(url: string, passwordFile: string): Promise<Truth> {
  const pw = readFileSync(passwordFile, 'utf8').trim();
  const res = await fetch(`${url}/redfish/v1/Oem/FtLab/Truth`, { headers: { authorization: `Basic ${Buffer.from(`admin:${pw}`).toString('base64')}` } });
  if (!res.ok) throw new Error(`GET /redfish/v1/Oem/FtLab/Truth returned ${res.status}`);
  return (await res.json()) as Truth;
}

function readHistory(file: string): HistLine[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .flatMap((l) => {
      try {
        return [JSON.parse(l) as HistLine];
      } catch {
        return [];
      }
    });
}

/** Per scenario iteration: its measurements by name and its events. */
function byIteration(lines: HistLine[], id: string): Iteration[] {
  const out = new Map<number, Iteration>();
  for (const l of lines) {
    if (!l.scenario || l.scenario.id !== id) continue;
    const it: Iteration = out.get(l.scenario.iteration) ?? { m: new Map<string, number>(), events: [] };
    out.set(l.scenario.iteration, it);
    if (l.type === 'measurement' && l.name !== undefined && typeof l.value === 'number') it.m.set(l.name, l.value);
    if (l.type === 'event' && l.event) it.events.push(l.event);
  }
  return [...out.values()];
}

export async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      'time-scale': { type: 'string' },
      'memory-gib': { type: 'string' },
      'skip-default-run': { type: 'boolean' },
    },
  });
  const n = Number(positionals[0] ?? 5);
  const scale = Number(values['time-scale'] ?? 1);
  const memoryGiB = Number(values['memory-gib'] ?? 8);
  if (!Number.isInteger(n) || n < 1) throw new Error(`N must be a positive integer, got "${positionals[0]}"`);
  if (!(scale > 0)) throw new Error(`--time-scale must be a positive number, got "${values['time-scale']}"`);

  const dir = mkdtempSync(path.join(tmpdir(), 'ftlab-bench-'));
  const emu = await startEmulator(dir, scale, memoryGiB);
  let truth: Truth;
  let lines: HistLine[];
  let runCode: number | null;
  try {
    const lab = path.join(dir, 'lab.yaml');
    writeFileSync(lab, YAML.stringify({ devices: { ft0: { kind: 'ft', redfish: { url: emu.url, user: 'admin', passwordFile: emu.passwordFile } } } }));
    const out = path.join(dir, 'out');
    console.log(`measurement-accuracy: ${RESYNC} and ${ISOLATION}, ${n} iteration(s) each, time scale ${scale}, ${memoryGiB} GiB`);
    const run = await runCli(['run', RESYNC, ISOLATION, '--lab', lab, '--repeat', String(n), '--out', out, '--reporter', 'json'], 60 * 60_000);
    runCode = run.code;
    console.log(`ftlab run exited ${run.code} after ${Math.round(run.wallMs)} ms`);
    truth = await fetchTruth(emu.url, emu.passwordFile);
    lines = readHistory(path.join(out, 'history.jsonl'));
  } finally {
    emu.stop();
  }

  const blackoutEvents: Pair[] = [];
  const blackoutProbe: Pair[] = [];
  const brownoutEvents: Pair[] = [];
  const brownoutProbe: Pair[] = [];
  for (const it of byIteration(lines, RESYNC)) {
    const done = it.events.find((e) => key(e) === 'FtLab.BlackoutCompleted');
    if (!done) continue;
    const r = nearest(truth.Resyncs, (x) => x.BlackoutEnd, isoMs(done.eventTimestamp));
    if (!r || r.BlackoutStart === null || r.BlackoutEnd === null) continue;
    const blackoutStart = r.BlackoutStart;
    const blackout = r.BlackoutEnd - blackoutStart;
    const ev = it.m.get('blackout-pause');
    const pr = it.m.get('blackout-pause-probe');
    if (ev !== undefined) blackoutEvents.push({ measured: ev, truth: blackout });
    if (pr !== undefined) blackoutProbe.push({ measured: pr, truth: blackout });
    const first = r.Passes[0];
    const bo = it.m.get('brownout-duration');
    if (first && bo !== undefined) brownoutEvents.push({ measured: bo, truth: blackoutStart - first.Start });
    const gap = it.m.get('brownout-service-gap');
    if (first && gap !== undefined) {
      // The workload never stalls during brownout unless the model says so.
      const stall = truth.WorkloadStalls.filter((s) => s.Start >= first.Start && s.Start < blackoutStart).reduce((mx, s) => Math.max(mx, (s.End ?? s.Start) - s.Start), 0);
      brownoutProbe.push({ measured: gap, truth: stall });
    }
  }
  const isolationEvents: Pair[] = [];
  const isolationProbe: Pair[] = [];
  for (const it of byIteration(lines, ISOLATION)) {
    const iso = it.events.find((e) => key(e) === 'FtLab.ModuleIsolated');
    if (!iso) continue;
    const t = nearest(truth.Isolations, (x) => x.IsolatedAt, isoMs(iso.eventTimestamp));
    if (!t) continue;
    const ev = it.m.get('detection-to-isolation');
    if (ev !== undefined) isolationEvents.push({ measured: ev, truth: t.IsolatedAt - t.FaultAt });
    const pr = it.m.get('isolation-gap');
    if (pr !== undefined) {
      // Truth outage caused by this isolation: stalls or IO failover windows starting at it.
      const windows = [...truth.WorkloadStalls, ...truth.IoFailovers].filter((w) => w.Start >= t.FaultAt - 1 && w.Start <= t.IsolatedAt + 1);
      isolationProbe.push({ measured: pr, truth: windows.reduce((mx, w) => Math.max(mx, (w.End ?? w.Start) - w.Start), 0) });
    }
  }

  const figures = {
    blackout: { events: stats(blackoutEvents), probe: stats(blackoutProbe) },
    brownout: { events: stats(brownoutEvents), probe: stats(brownoutProbe) },
    isolation: { events: stats(isolationEvents), probe: stats(isolationProbe) },
  };
  const row = (name: string, s: Stats): string =>
    `  ${name.padEnd(22)} n=${String(s.n).padStart(3)}  p50 ${String(s.p50 ?? '-').padStart(9)}  p99 ${String(s.p99 ?? '-').padStart(9)}  max ${String(s.max ?? '-').padStart(9)}`;
  console.log('absolute error vs ground truth, ms (SUT):');
  console.log(row('blackout (events)', figures.blackout.events));
  console.log(row('blackout (probe)', figures.blackout.probe));
  console.log(row('brownout (events)', figures.brownout.events));
  console.log(row('brownout gap (probe)', figures.brownout.probe));
  console.log(row('isolation (events)', figures.isolation.events));
  console.log(row('isolation gap (probe)', figures.isolation.probe));
  const worstBlackoutP99 = Math.max(figures.blackout.events.p99 ?? Number.POSITIVE_INFINITY, figures.blackout.probe.p99 ?? Number.POSITIVE_INFINITY);
  const blackoutTargetMet = worstBlackoutP99 <= BLACKOUT_P99_TARGET_MS;
  console.log(`blackout p99 error target <= ${BLACKOUT_P99_TARGET_MS} ms: ${blackoutTargetMet ? 'met' : 'NOT met'} (worst p99 ${worstBlackoutP99} ms)`);

  let defaultRun: { wallMs: number; exitCode: number | null; targetMs: number; targetMet: boolean } | null = null;
  if (!values['skip-default-run']) {
    const out = path.join(dir, 'default-run');
    console.log('timing the default `ftlab run` (embedded lab, nightly suite) ...');
    const r = await runCli(['run', '--out', out], 15 * 60_000);
    defaultRun = { wallMs: Math.round(r.wallMs), exitCode: r.code, targetMs: DEFAULT_RUN_TARGET_MS, targetMet: r.wallMs <= DEFAULT_RUN_TARGET_MS };
    console.log(`default ftlab run: exit ${r.code}, ${Math.round(r.wallMs / 100) / 10} s wall (target <= ${DEFAULT_RUN_TARGET_MS / 1000} s: ${defaultRun.targetMet ? 'met' : 'NOT met'})`);
  }
  rmSync(dir, { recursive: true, force: true });
  console.log(
    JSON.stringify({
      bench: 'measurement-accuracy',
      iterations: n,
      timeScale: scale,
      memoryGiB,
      runExitCode: runCode,
      errorMs: figures,
      blackoutP99TargetMs: BLACKOUT_P99_TARGET_MS,
      blackoutTargetMet,
      defaultRun,
    }),
  );
  return runCode === 0 || runCode === 1 ? 0 : 1;
}
