/**
 * `npm run bench -- measurement-accuracy [N] [--load idle,hog] [--hogs K] [--time-scale S] [--memory-gib G] [--probe-interval MS] [--failover M] [--failover-scale S] [--skip-default-run]`
 *
 * How exact are the harness's measurements? Runs the resync and isolation scenarios N times (0: none, the failover part alone)
 * (default 20) at time scale 1 (default) through `ftlab run --lab FILE` against an ft emulator
 * started here, then compares what the harness measured (history.jsonl) with the emulator's ground
 * truth (GET /redfish/v1/Oem/FtLab/Truth, SUT epoch ms): blackout pause, brownout duration and
 * isolation, each from BMC events and from the workload probe. Prints p50 / p99 / max of the
 * absolute error (measured − true) in ms and its median (bias); the target is p99 blackout error
 * <= 1 ms on loopback. `--probe-interval MS` (default 1, the harness's default) is the workload
 * probe's send interval, set as a lab would, in the inventory (`probe.intervalMs`). Each load is
 * measured in turn: idle (nothing of the bench's own), and
 * beside a CPU hog (K busy-loop processes, default one per core, killed at the end). It also
 * times the default `ftlab run` (embedded lab, nightly suite; target <= 120 s on a 2-core machine).
 *
 * To keep N iterations short at time scale 1 the emulator runs the default profile with a
 * smaller memory (8 GiB) and shorter diagnostics: the blackout arithmetic (residual / bandwidth +
 * context copy) is the same, only the brownout is shorter. Then (`--failover M`, default 6; 0 to
 * skip) M failovers of the failover suite against a cluster and its reference manager
 * (failover-accuracy.ts, time scale `--failover-scale`, default 10): the business outage and the
 * total failover time the harness measured against the cluster's ground truth. Last stdout line:
 * one JSON object.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import YAML from 'yaml';
import { emptyPairs, errorStats, type ErrorStats, type HistLine, isolationPairs, type PairSet, probeResolutions, resyncPairs, spread, type Truth } from './lib/accuracy.ts';
import { startCpuHog } from './lib/cpu-hog.ts';
import { FAILOVER_SCENARIO, measureFailovers } from './failover-accuracy.ts';
import { MIN_PROBE_INTERVAL_MS } from '../harness/inventory/schema.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CLI = path.join(ROOT, 'bin', 'ftlab.js');
const RESYNC = 'ft-resync-pull-insert-m1';
const ISOLATION = 'ft-isolation-cpu-m1';
const BLACKOUT_P99_TARGET_MS = 1;
const DEFAULT_RUN_TARGET_MS = 120_000;
const DEFAULT_ITERATIONS = 20;
/** Iterations per `ftlab run`: the emulator's truth document keeps the last 50 of each kind
 * (an isolation iteration adds a resync of its own when it reinserts the module). */
const CHUNK = 20;

type Load = 'idle' | 'hog';

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

interface Setup {
  n: number;
  probeIntervalMs: number;
  scale: number;
  memoryGiB: number;
  dir: string;
}

/** N iterations of both scenarios against a fresh emulator, in runs of at most CHUNK. */
async function measure(setup: Setup, label: string): Promise<{ pairs: PairSet; resolutions: number[]; exitCodes: Array<number | null> }> {
  const pairs = emptyPairs();
  const resolutions: number[] = [];
  const exitCodes: Array<number | null> = [];
  const dir = mkdtempSync(path.join(setup.dir, `${label}-`));
  const emu = await startEmulator(dir, setup.scale, setup.memoryGiB);
  try {
    const lab = path.join(dir, 'lab.yaml');
    const ft0 = { kind: 'ft', redfish: { url: emu.url, user: 'admin', passwordFile: emu.passwordFile }, probe: { intervalMs: setup.probeIntervalMs } };
    writeFileSync(lab, YAML.stringify({ devices: { ft0 } }));
    for (let done = 0, chunk = 0; done < setup.n; chunk++) {
      const k = Math.min(CHUNK, setup.n - done);
      const out = path.join(dir, `out-${chunk}`);
      const run = await runCli(['run', RESYNC, ISOLATION, '--lab', lab, '--repeat', String(k), '--out', out, '--reporter', 'json'], 60 * 60_000);
      exitCodes.push(run.code);
      console.log(`  [${label}] ftlab run of ${k} iteration(s) exited ${run.code} after ${Math.round(run.wallMs)} ms`);
      const truth = await fetchTruth(emu.url, emu.passwordFile);
      const lines = readHistory(path.join(out, 'history.jsonl'));
      resyncPairs(lines, truth, RESYNC, pairs);
      isolationPairs(lines, truth, ISOLATION, pairs);
      resolutions.push(...probeResolutions(lines));
      done += k;
    }
  } finally {
    emu.stop();
  }
  return { pairs, resolutions, exitCodes };
}

type Figures = Record<'blackout' | 'brownout' | 'isolation', { events: ErrorStats; probe: ErrorStats }>;

function figuresOf(p: PairSet): Figures {
  return {
    blackout: { events: errorStats(p.blackoutEvents), probe: errorStats(p.blackoutProbe) },
    brownout: { events: errorStats(p.brownoutEvents), probe: errorStats(p.brownoutProbe) },
    isolation: { events: errorStats(p.isolationEvents), probe: errorStats(p.isolationProbe) },
  };
}

function printFigures(f: Figures): number {
  const cell = (x: number | null): string => String(x ?? '-').padStart(8);
  const row = (name: string, s: ErrorStats): string =>
    `    ${name.padEnd(22)} n=${String(s.n).padStart(3)}  p50 ${cell(s.p50)}  p99 ${cell(s.p99)}  max ${cell(s.max)}  bias ${cell(s.bias)}  worst ${s.worst.join(' ')}`;
  console.log('    error = measured − true, ms (SUT); p50/p99/max of |error|, bias = median signed error, worst = the three largest, signed');
  console.log(row('blackout (events)', f.blackout.events));
  console.log(row('blackout (probe)', f.blackout.probe));
  console.log(row('brownout (events)', f.brownout.events));
  console.log(row('brownout gap (probe)', f.brownout.probe));
  console.log(row('isolation (events)', f.isolation.events));
  console.log(row('isolation gap (probe)', f.isolation.probe));
  const worst = Math.max(f.blackout.events.p99 ?? Number.POSITIVE_INFINITY, f.blackout.probe.p99 ?? Number.POSITIVE_INFINITY);
  console.log(`    blackout p99 error target <= ${BLACKOUT_P99_TARGET_MS} ms: ${worst <= BLACKOUT_P99_TARGET_MS ? 'met' : 'NOT met'} (worst p99 ${worst} ms)`);
  return worst;
}

interface LoadResult {
  load: Load;
  loadAverage: number[];
  runExitCodes: Array<number | null>;
  errorMs: Figures;
  /** The resolution each probe achieved (real ms): how far its own loop was held up. */
  probeResolutionMs: ReturnType<typeof spread>;
  blackoutTargetMet: boolean;
}

async function measureUnder(load: Load, setup: Setup, hogs: number): Promise<LoadResult> {
  const hog = load === 'hog' ? startCpuHog(hogs) : null;
  try {
    const loadAverage = loadavg().map((x) => Math.round(x * 100) / 100);
    console.log(`${load === 'hog' ? `beside a CPU hog (${hogs} busy-loop processes)` : 'idle (no load of its own)'}: load average ${loadAverage.join(' ')}`);
    const { pairs, resolutions, exitCodes } = await measure(setup, load);
    const errorMs = figuresOf(pairs);
    const worst = printFigures(errorMs);
    const probeResolutionMs = spread(resolutions);
    console.log(`    probe resolution achieved (real ms, n=${probeResolutionMs.n}): p50 ${probeResolutionMs.p50}  p99 ${probeResolutionMs.p99}  max ${probeResolutionMs.max}`);
    return { load, loadAverage, runExitCodes: exitCodes, errorMs, probeResolutionMs, blackoutTargetMet: worst <= BLACKOUT_P99_TARGET_MS };
  } finally {
    await hog?.stop();
  }
}

async function timeDefaultRun(dir: string): Promise<{ wallMs: number; exitCode: number | null; targetMs: number; targetMet: boolean }> {
  console.log('timing the default `ftlab run` (embedded lab, nightly suite) ...');
  const r = await runCli(['run', '--out', path.join(dir, 'default-run')], 15 * 60_000);
  const met = r.wallMs <= DEFAULT_RUN_TARGET_MS;
  console.log(`default ftlab run: exit ${r.code}, ${Math.round(r.wallMs / 100) / 10} s wall (target <= ${DEFAULT_RUN_TARGET_MS / 1000} s: ${met ? 'met' : 'NOT met'})`);
  return { wallMs: Math.round(r.wallMs), exitCode: r.code, targetMs: DEFAULT_RUN_TARGET_MS, targetMet: met };
}

interface FailoverResult {
  scenario: string;
  iterations: number;
  timeScale: number;
  runExitCodes: Array<number | null>;
  errorMs: { outage: ErrorStats; total: ErrorStats };
}

async function failoverAccuracy(n: number, scale: number, dir: string): Promise<FailoverResult> {
  console.log(`failover: ${FAILOVER_SCENARIO}, ${n} iteration(s), time scale ${scale}, against a cluster and its reference failover manager`);
  const { pairs, exitCodes } = await measureFailovers({ n, scale, dir, cli: CLI, root: ROOT, runCli, readHistory });
  const errorMs = { outage: errorStats(pairs.outage), total: errorStats(pairs.total) };
  const cell = (x: number | null): string => String(x ?? '-').padStart(8);
  const row = (name: string, st: ErrorStats): string => `    ${name.padEnd(22)} n=${String(st.n).padStart(3)}  p50 ${cell(st.p50)}  p99 ${cell(st.p99)}  max ${cell(st.max)}  bias ${cell(st.bias)}`;
  console.log('    error = measured − true, ms (SUT); p50/p99/max of |error|, bias = median signed error');
  console.log(row('business outage', errorMs.outage));
  console.log(row('total failover', errorMs.total));
  return { scenario: FAILOVER_SCENARIO, iterations: n, timeScale: scale, runExitCodes: exitCodes, errorMs };
}

function positiveInt(raw: string | undefined, fallback: number, what: string): number {
  const v = Number(raw ?? fallback);
  if (!Number.isInteger(v) || v < 1) throw new Error(`${what} must be a positive integer, got "${raw}"`);
  return v;
}

function loadsOf(raw: string): Load[] {
  const loads = raw.split(',').map((x) => x.trim());
  for (const l of loads) if (l !== 'idle' && l !== 'hog') throw new Error(`--load takes idle, hog or idle,hog, got "${raw}"`);
  return loads as Load[];
}

export async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      'time-scale': { type: 'string' },
      'memory-gib': { type: 'string' },
      'probe-interval': { type: 'string' },
      load: { type: 'string' },
      hogs: { type: 'string' },
      'skip-default-run': { type: 'boolean' },
      failover: { type: 'string' },
      'failover-scale': { type: 'string' },
    },
  });
  // N = 0: the failover part alone
  const n = positionals[0] === '0' ? 0 : positiveInt(positionals[0], DEFAULT_ITERATIONS, 'N (iterations)');
  const scale = Number(values['time-scale'] ?? 1);
  const memoryGiB = Number(values['memory-gib'] ?? 8);
  if (!(scale > 0)) throw new Error(`--time-scale must be a positive number, got "${values['time-scale']}"`);
  const probeIntervalMs = Number(values['probe-interval'] ?? 1);
  if (!(probeIntervalMs >= MIN_PROBE_INTERVAL_MS)) throw new Error(`--probe-interval must be a number of ms >= ${MIN_PROBE_INTERVAL_MS}, got "${values['probe-interval']}"`);
  const loads = loadsOf(values.load ?? 'idle,hog');
  const hogs = positiveInt(values.hogs, availableParallelism(), '--hogs');
  const failovers = values.failover === '0' ? 0 : positiveInt(values.failover, 6, '--failover');
  const failoverScale = Number(values['failover-scale'] ?? 10);
  if (!(failoverScale > 0)) throw new Error(`--failover-scale must be a positive number, got "${values['failover-scale']}"`);

  const dir = mkdtempSync(path.join(tmpdir(), 'ftlab-bench-'));
  const results: LoadResult[] = [];
  let defaultRun: Awaited<ReturnType<typeof timeDefaultRun>> | null = null;
  let failover: FailoverResult | null = null;
  try {
    console.log(`measurement-accuracy: ${RESYNC} and ${ISOLATION}, ${n} iteration(s) each per load, time scale ${scale}, ${memoryGiB} GiB, probe every ${probeIntervalMs} ms`);
    if (n > 0) for (const load of loads) results.push(await measureUnder(load, { n, probeIntervalMs, scale, memoryGiB, dir }, hogs));
    if (failovers > 0) failover = await failoverAccuracy(failovers, failoverScale, dir);
    if (!values['skip-default-run']) defaultRun = await timeDefaultRun(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(JSON.stringify({ bench: 'measurement-accuracy', iterations: n, timeScale: scale, memoryGiB, probeIntervalMs, blackoutP99TargetMs: BLACKOUT_P99_TARGET_MS, results, failover, defaultRun }));
  const codes = [...results.flatMap((r) => r.runExitCodes), ...(failover?.runExitCodes ?? [])];
  return codes.every((c) => c === 0 || c === 1) ? 0 : 1;
}
