/**
 * `npm run bench -- console-latency [N]` (default N = 500 lines)
 * Console line latency: the console side's write instant (its own clock, in its own process) →
 * the instant the reader has the line, p50/p99/max in ms, for ftlab's console driver over a raw TCP
 * console port, a telnet port and IPMI SOL (RMCP+, its own session), and for what a user would
 * otherwise run — `socat -u TCP:… STDOUT` and `ipmitool -I lanplus sol activate` (on a pty made by
 * `script`), timestamped when their stdout reaches this process (one pipe hop more than ftlab's).
 * Both sides read CLOCK_MONOTONIC (process.hrtime; the harness's line stamps, performance.now(),
 * are shifted onto it by their fixed offset in this process). The workload
 * heartbeat probe runs against the console side's UDP echo meanwhile: its achieved resolution
 * (p99 of its send intervals) is the yardstick the figures are printed against. No thresholds.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { openConsole, type ConsoleTarget } from '../drivers/serial/open.ts';
import { startThreadedHeartbeat } from '../harness/probe/threaded.ts';
import { spread } from './lib/accuracy.ts';

const EMITTER = path.join(path.dirname(fileURLToPath(import.meta.url)), 'lib/console-emitter.ts');
const USER = 'admin';
const now = (): number => Number(process.hrtime.bigint()) / 1e6;
/**
 * performance.now() (the harness clock's base) → CLOCK_MONOTONIC ms: read between two
 * performance.now() calls, from the tightest of many tries (a preemption between the reads of a
 * single try would shift every figure on a loaded host).
 */
function perfToMono(): number {
  let best = { window: Number.POSITIVE_INFINITY, offset: 0 };
  for (let i = 0; i < 1000; i++) {
    const a = performance.now();
    const m = now();
    const b = performance.now();
    if (b - a < best.window) best = { window: b - a, offset: m - (a + b) / 2 };
  }
  return best.offset;
}
const PERF_TO_MONO = perfToMono();

interface Ports {
  tcp: number;
  banner: string;
  telnet: number;
  ipmi: number;
  udp: number;
}

/** Line number → the instant a reader had it. */
type Arrivals = Map<number, number>;

function lineNo(text: string): number | null {
  const m = /^line (\d+)\r?$/.exec(text);
  return m ? Number(m[1]) : null;
}

/** A peer's stdout, split into lines, each stamped when its chunk arrived. */
function stampLines(child: ChildProcess, into: Arrivals): void {
  let rest = '';
  child.stdout?.on('data', (d: Buffer) => {
    const at = now();
    const parts = (rest + d.toString('utf8')).split('\n');
    rest = parts.pop() ?? '';
    for (const p of parts) {
      const n = lineNo(p.replace(/^.*?(line \d+)/, '$1'));
      if (n !== null && !into.has(n)) into.set(n, at);
    }
  });
}

async function ftlabConsole(name: string, target: ConsoleTarget, into: Arrivals): Promise<() => Promise<void>> {
  const con = await openConsole(target, { onLine: (l) => void (lineNo(l.text) === null ? undefined : into.set(lineNo(l.text) ?? 0, PERF_TO_MONO + l.at)) });
  console.log(`  attached ${name}: ${con.endpoint}`);
  return () => con.close();
}

async function until(pred: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!pred() && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
}

function latencies(written: ReadonlyMap<number, number>, got: Arrivals): ReturnType<typeof spread> & { lost: number } {
  const xs: number[] = [];
  let lost = 0;
  const first = Math.min(...got.keys());
  const last = Math.max(...got.keys());
  for (const [n, at] of written) {
    if (n < first || n > last) continue;
    const r = got.get(n);
    if (r === undefined) lost++;
    else xs.push(r - at);
  }
  return { ...spread(xs), lost };
}

export async function main(argv: string[]): Promise<number> {
  const n = argv[0] === undefined ? 500 : Number(argv[0]);
  if (!Number.isInteger(n) || n < 10) {
    console.error(`usage: npm run bench -- console-latency [N]   (N: lines per reader, an integer >= 10; got "${argv[0] ?? ''}")`);
    return 2;
  }
  const password = randomBytes(9).toString('base64url');
  const emitter = spawn(process.execPath, ['--import', 'tsx', EMITTER, USER, password], { stdio: ['pipe', 'pipe', 'inherit'] });
  const written = new Map<number, number>();
  try {
    const out = createInterface({ input: emitter.stdout });
    const ports = await new Promise<Ports>((resolve) => out.once('line', (l) => resolve(JSON.parse(l) as Ports)));
    out.on('line', (l) => {
      const [k, at] = l.split(' ').map(Number);
      if (k !== undefined && at !== undefined) written.set(k, at);
    });
    const probe = await startThreadedHeartbeat({ host: '127.0.0.1', port: ports.udp, maxDurationMs: 30 * 60_000 });
    const got: Record<string, Arrivals> = { 'ftlab tcp': new Map(), 'ftlab telnet': new Map(), 'ftlab sol': new Map(), 'socat tcp': new Map(), 'ipmitool sol': new Map() };
    const session = { host: '127.0.0.1', port: ports.ipmi, user: USER, password };
    console.log(`console-latency: ${n} lines per reader, a line every 10-30 ms; load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
    const closers = [
      await ftlabConsole('ftlab tcp', { tcp: { host: '127.0.0.1', port: ports.tcp, banner: ports.banner } }, got['ftlab tcp'] ?? new Map()),
      await ftlabConsole('ftlab telnet', { tcp: { host: '127.0.0.1', port: ports.telnet, telnet: true } }, got['ftlab telnet'] ?? new Map()),
      await ftlabConsole('ftlab sol', { sol: { session } }, got['ftlab sol'] ?? new Map()),
    ];
    const socat = spawn('socat', ['-u', `TCP:127.0.0.1:${ports.tcp}`, 'STDOUT'], { stdio: ['ignore', 'pipe', 'ignore'] });
    stampLines(socat, got['socat tcp'] ?? new Map());
    await until(() => (got['ftlab tcp']?.size ?? 0) >= n && (got['socat tcp']?.size ?? 0) >= n, 120_000 + 60 * n);
    socat.kill();
    for (const c of closers) await c();
    // The BMC has one SOL payload: ipmitool's turn after ftlab's session let it go.
    const cmd = ['ipmitool', '-I', 'lanplus', '-C', '17', '-H', '127.0.0.1', '-p', String(ports.ipmi), '-U', USER, '-E', 'sol', 'activate'].join(' ');
    const ipmitool = spawn('script', ['-qfc', cmd, '/dev/null'], { stdio: ['pipe', 'pipe', 'ignore'], env: { PATH: process.env.PATH ?? '/usr/bin:/bin', IPMI_PASSWORD: password, TERM: 'dumb' } });
    stampLines(ipmitool, got['ipmitool sol'] ?? new Map());
    await until(() => (got['ipmitool sol']?.size ?? 0) >= n, 120_000 + 60 * n);
    ipmitool.stdin?.write('~.');
    ipmitool.kill();
    const heartbeat = await probe.stop();
    return report(n, written, got, heartbeat.resolutionMs);
  } finally {
    emitter.stdin.end();
    emitter.kill();
  }
}

function report(n: number, written: ReadonlyMap<number, number>, got: Record<string, Arrivals>, probeResolutionMs: number): number {
  const rows = Object.entries(got).map(([name, arrivals]) => ({ name, ...(arrivals.size ? latencies(written, arrivals) : { n: 0, p50: null, p99: null, max: null, lost: 0 }) }));
  const cell = (x: number | null): string => (x === null ? '-' : x.toFixed(3)).padStart(9);
  console.log(`  latency = reader has the line − console side wrote it, ms   (workload probe resolution in this run: p99 send interval ${probeResolutionMs} ms)`);
  for (const r of rows) console.log(`  ${r.name.padEnd(13)} n=${String(r.n).padStart(5)}  p50 ${cell(r.p50)}  p99 ${cell(r.p99)}  max ${cell(r.max)}  lost ${r.lost}  p99/probe ${r.p99 === null ? '-' : (r.p99 / probeResolutionMs).toFixed(2)}`);
  console.log(JSON.stringify({ bench: 'console-latency', linesPerReader: n, loadAverage: loadavg(), probeResolutionMs, latencyMs: rows }));
  return 0;
}
