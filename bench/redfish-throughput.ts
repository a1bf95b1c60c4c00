/**
 * `npm run bench -- redfish-throughput [--rounds R] [--seconds S] [--requests N] [--warmup-seconds S] [--connections C] [--memory-repeats K]`
 *
 * Requests/s and latency for GET of a ComputerSystem at 16 keep-alive connections against our
 * Redfish core (serving the mini-rackmount mockup, with HTTP Basic auth on every request), and
 * memory per emulated BMC (RSS and V8 heap used + external) with 1, 10 and 100 services in one
 * process: each count in K fresh child processes started with --expose-gc, the growth taken
 * between forced, settled GCs, against a control of K runs starting none. A per-BMC figure (the
 * median, with the runs' spread) is printed only when every run grew by more than the control's
 * largest change; otherwise "not measurable", never a negative figure. When DMTF_MOCKUP_SERVER names a checkout of DMTF's Redfish-Mockup-Server,
 * the same load runs against it on the same mockup and the ratio is printed.
 *
 * Fairness: three processes. Each server runs in its own process; the load generator runs in a
 * third one and is the SAME code for both servers: a raw `node:net` client sending identical,
 * pre-built request bytes (the same Authorization header too: DMTF's server ignores it, ours
 * checks it on every request) and framing responses by Content-Length / chunked / close. Both
 * servers get the same warm-up and measuring windows, in rounds interleaved between the servers
 * (the machine is shared: load drifts), and the medians are compared. Server CPU per request is
 * read from /proc as a second, load-independent figure. The last stdout line is a JSON object.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer, type Socket } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { at } from '../lib/checked.ts';
import { systemClock } from '../lib/clock.ts';
import { waitFor, withDeadline } from '../lib/deadline.ts';
import { errorMessage, InfraError } from '../lib/errors.ts';
import { parseCli, numberOption, UsageError } from '../lib/cli-args.ts';
import { MockupService } from '../simulators/redfish/mockup.ts';
import { noiseFloor, perInstanceGrowth, type GrowthEstimate } from './lib/memory.ts';
import { median, percentile } from './lib/stats.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.join(here, '..');
const FIXTURE = path.join(root, 'simulators', 'redfish', 'testing', 'mini-rackmount');
const SYSTEM = '/redfish/v1/Systems/rack1';
const USER = 'admin';
const PASSWORD = 'bench-pw-1';

const USAGE = `usage: npm run bench -- redfish-throughput [--rounds R] [--seconds S] [--requests N] [--warmup-seconds S] [--connections C] [--memory-repeats K]
  --rounds R          measuring rounds per server, interleaved between the servers (default 5)
  --seconds S         length of a round (default 4)
  --requests N        ... or N responses, whichever comes first (default 200000)
  --warmup-seconds S  unmeasured load before each round (default 1)
  --connections C     concurrent keep-alive connections (default 16)
  --memory-repeats K  fresh processes per BMC count (0 = control, 1, 10, 100) for the memory figures (default 3)
  env DMTF_MOCKUP_SERVER=CHECKOUT   also load DMTF's Redfish-Mockup-Server and print the ratio`;

// ---------------------------------------------------------------------------------------------
// Load generator (runs in its own process: --load-child, spec on stdin, result on stdout)
// ---------------------------------------------------------------------------------------------

interface LoadSpec {
  host: string;
  port: number;
  /** The complete request, sent as is on every request. */
  request: string;
  total: number;
  seconds: number;
  warmupSeconds: number;
  connections: number;
}

export interface LoadResult {
  /** Responses completed inside the window (any status). */
  requests: number;
  /** Non-200 responses, broken or closed connections with a request in flight. */
  errors: number;
  seconds: number;
  /** 200 OK responses per second. */
  rps: number;
  p50Ms: number;
  p99Ms: number;
  /** TCP connections opened in the measuring window (16 = all kept alive). */
  connectionsOpened: number;
  statuses: Record<string, number>;
  /** Response HTTP version and Connection header of the first response, e.g. "HTTP/1.0 close". */
  framing: string;
  /** Body of the first response, to cross-check the framing against node's own HTTP client. */
  sampleBody: string;
  /** CPU seconds the generator itself used in the window (user + system). */
  generatorCpuSeconds: number;
}

interface Parsed {
  status: number;
  keepAlive: boolean;
  version: string;
  body: Buffer;
}

const CRLF2 = Buffer.from('\r\n\r\n');

/**
 * Incremental HTTP/1.x response parser for one connection: feed bytes, get whole responses.
 * Handles Content-Length, chunked transfer coding and read-until-close bodies.
 */
class ResponseReader {
  private buf: Buffer = Buffer.alloc(0);
  private head: { status: number; keepAlive: boolean; version: string; length: number | 'chunked' | 'close' } | undefined;

  feed(chunk: Buffer): Parsed[] {
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
    const out: Parsed[] = [];
    for (;;) {
      const r = this.next();
      if (!r) return out;
      out.push(r);
    }
  }

  /** The connection ended: a read-until-close body is complete now. */
  end(): Parsed | undefined {
    if (this.head?.length !== 'close') return undefined;
    const r = { status: this.head.status, keepAlive: false, version: this.head.version, body: this.buf };
    this.head = undefined;
    this.buf = Buffer.alloc(0);
    return r;
  }

  private next(): Parsed | undefined {
    if (!this.head) {
      const end = this.buf.indexOf(CRLF2);
      if (end < 0) return undefined;
      const lines = this.buf.toString('latin1', 0, end).split('\r\n');
      this.buf = this.buf.subarray(end + 4);
      const m = /^(HTTP\/1\.[01]) (\d{3})/.exec(lines[0] ?? '');
      if (!m) throw new Error(`malformed status line ${JSON.stringify(lines[0])}`);
      const version = at(m, 1, 'HTTP status line: version');
      let length: number | 'chunked' | 'close' = 'close';
      let connection = '';
      for (const line of lines.slice(1)) {
        const colon = line.indexOf(':');
        const name = line.slice(0, colon).trim().toLowerCase();
        const value = line.slice(colon + 1).trim();
        if (name === 'content-length' && length !== 'chunked') length = Number(value);
        else if (name === 'transfer-encoding' && /chunked/i.test(value)) length = 'chunked';
        else if (name === 'connection') connection = value.toLowerCase();
      }
      const status = Number(m[2]);
      if (status === 204 || status === 304) length = 0;
      const keepAlive = length !== 'close' && (version === 'HTTP/1.1' ? connection !== 'close' : connection === 'keep-alive');
      this.head = { status, keepAlive, version, length };
    }
    const h = this.head;
    if (typeof h.length === 'number') {
      if (this.buf.length < h.length) return undefined;
      const body = this.buf.subarray(0, h.length);
      this.buf = this.buf.subarray(h.length);
      this.head = undefined;
      return { status: h.status, keepAlive: h.keepAlive, version: h.version, body };
    }
    if (h.length === 'chunked') {
      const parts: Buffer[] = [];
      let pos = 0;
      for (;;) {
        const eol = this.buf.indexOf('\r\n', pos);
        if (eol < 0) return undefined;
        const size = parseInt(at(this.buf.toString('latin1', pos, eol).split(';'), 0, 'HTTP chunk size line'), 16);
        if (!Number.isFinite(size)) throw new Error('malformed chunk size');
        if (size === 0) {
          const trailerEnd = this.buf.indexOf(CRLF2, eol);
          if (trailerEnd < 0) return undefined;
          this.buf = this.buf.subarray(trailerEnd + 4);
          this.head = undefined;
          return { status: h.status, keepAlive: h.keepAlive, version: h.version, body: Buffer.concat(parts) };
        }
        if (this.buf.length < eol + 2 + size + 2) return undefined;
        parts.push(this.buf.subarray(eol + 2, eol + 2 + size));
        pos = eol + 2 + size + 2;
      }
    }
    return undefined; // read until close
  }
}

/**
 * `spec.connections` connections, one request in flight on each (no pipelining). A response that
 * does not allow keep-alive makes the connection reconnect; the connect time then counts in the
 * next request's latency.
 */
function runLoad(spec: LoadSpec, window: 'warmup' | 'measure'): Promise<LoadResult> {
  const requestBytes = Buffer.from(spec.request, 'latin1');
  const seconds = window === 'warmup' ? spec.warmupSeconds : spec.seconds;
  const total = window === 'warmup' ? Number.MAX_SAFE_INTEGER : spec.total;
  const latencies = new Float64Array(Math.min(total, 5_000_000));
  const statuses: Record<string, number> = {};
  let issued = 0;
  let done = 0;
  let errors = 0;
  let opened = 0;
  let doneInWindow = 0; // responses completed inside the window
  let okInWindow = 0; // ... of them 200 OK: only these count for req/s
  let lastDone = 0;
  let framing = '';
  let sampleBody = '';
  const cpu0 = process.cpuUsage();
  const start = performance.now();
  const stopAt = start + seconds * 1000;

  return new Promise((resolve) => {
    let live = 0;
    const finish = (): void => {
      if (--live > 0) return;
      // Time-bounded window: responses completed by its end over its length (stragglers still
      // count in the latencies). Count-bounded: all responses over the time they took.
      const elapsed = Math.max((Math.min(lastDone, stopAt) - start) / 1000, 1e-3);
      const cpu = process.cpuUsage(cpu0);
      const lat = latencies.subarray(0, Math.min(done, latencies.length)).sort();
      resolve({
        requests: doneInWindow,
        errors,
        seconds: round(elapsed, 3),
        rps: round(okInWindow / elapsed, 0),
        p50Ms: lat.length ? round(percentile(lat, 50), 3) : 0,
        p99Ms: lat.length ? round(percentile(lat, 99), 3) : 0,
        connectionsOpened: opened,
        statuses,
        framing,
        sampleBody,
        generatorCpuSeconds: round((cpu.user + cpu.system) / 1e6, 3),
      });
    };
    const more = (): boolean => issued < total && performance.now() < stopAt;

    const connection = (): void => {
      let socket: Socket | undefined;
      let reader = new ResponseReader();
      let sentAt = 0;
      let inFlight = false;
      let retired = false;
      let malformed = false;

      const complete = (r: Parsed): void => {
        if (!inFlight) {
          errors++;
          statuses.unsolicited = (statuses.unsolicited ?? 0) + 1;
          return;
        }
        inFlight = false;
        const now = performance.now();
        if (done < latencies.length) latencies[done] = now - sentAt;
        done++;
        lastDone = now;
        if (now <= stopAt) {
          doneInWindow++;
          if (r.status === 200) okInWindow++;
        }
        statuses[r.status] = (statuses[r.status] ?? 0) + 1;
        if (r.status !== 200) errors++;
        if (!framing) {
          framing = `${r.version} ${r.keepAlive ? 'keep-alive' : 'close'}`;
          sampleBody = r.body.toString('utf8');
        }
      };
      const send = (): void => {
        if (!more()) return retire();
        issued++;
        inFlight = true;
        sentAt = performance.now();
        if (!socket) open();
        else socket.write(requestBytes);
      };
      const retire = (): void => {
        if (retired) return;
        retired = true;
        socket?.destroy();
        finish();
      };
      const open = (): void => {
        opened++;
        reader = new ResponseReader();
        const s = connect({ host: spec.host, port: spec.port, noDelay: true });
        socket = s;
        s.on('connect', () => s.write(requestBytes));
        s.on('data', (chunk: Buffer) => {
          let got: Parsed[];
          try {
            got = reader.feed(chunk);
          } catch {
            malformed = true; // counted when the connection closes
            s.destroy();
            return;
          }
          for (const r of got) {
            complete(r);
            if (!r.keepAlive) {
              s.destroy();
              socket = undefined;
              return send();
            }
            send();
          }
        });
        const closed = (failed: boolean): void => {
          if (socket !== s) return; // replaced already
          socket = undefined;
          const last = reader.end();
          if (last && inFlight) {
            complete(last);
            return send();
          }
          if (inFlight) {
            inFlight = false;
            errors++;
            const why = malformed ? 'malformed-response' : failed ? 'socket-error' : 'closed-early';
            statuses[why] = (statuses[why] ?? 0) + 1;
          }
          malformed = false;
          if (errors > 1000 && errors > done) return retire(); // server gone: stop hammering
          send();
        };
        s.on('error', () => closed(true));
        s.on('close', () => closed(false));
      };
      live++;
      send();
    };
    for (let i = 0; i < spec.connections; i++) connection();
  });
}

async function loadChild(): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  const spec = JSON.parse(Buffer.concat(chunks).toString('utf8')) as LoadSpec;
  if (spec.warmupSeconds > 0) await runLoad(spec, 'warmup');
  process.stdout.write(`${JSON.stringify({ phase: 'measure' })}\n`);
  const result = await runLoad(spec, 'measure');
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

/** Run the load generator in its own process (the spec, with the credentials, goes over stdin). */
function load(spec: LoadSpec, onMeasureStart: () => void): Promise<LoadResult> {
  return withDeadline(`load run against port ${spec.port}`, (spec.seconds + spec.warmupSeconds + 60) * 1000, () =>
    new Promise((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--load-child'], { cwd: root, stdio: ['pipe', 'pipe', 'inherit'] });
      let out = '';
      let measuring = false;
      child.stdout.on('data', (c: Buffer) => {
        out += c.toString();
        if (!measuring && out.includes('"phase":"measure"')) {
          measuring = true;
          onMeasureStart();
        }
      });
      child.on('error', reject);
      child.on('exit', (code) => {
        const line = out.trim().split('\n').pop() ?? '';
        if (code !== 0 || !line) return reject(new InfraError(`load generator exited with ${code}`));
        resolve(JSON.parse(line) as LoadResult);
      });
      child.stdin.end(JSON.stringify(spec));
    }),
  );
}

function buildRequest(port: number): string {
  const auth = Buffer.from(`${USER}:${PASSWORD}`).toString('base64');
  return [`GET ${SYSTEM} HTTP/1.1`, `Host: 127.0.0.1:${port}`, 'Accept: application/json', `Authorization: Basic ${auth}`, 'Connection: keep-alive', '', ''].join('\r\n');
}

/** Node's own HTTP client reads the same resource: the generator must have framed the same body. */
async function crossCheck(base: string, sample: string, who: string): Promise<void> {
  const res = await fetch(new URL(SYSTEM, base), { headers: { Authorization: `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}` } });
  const text = await res.text();
  const id = (s: string): unknown => {
    try {
      return (JSON.parse(s) as Record<string, unknown>)['@odata.id'];
    } catch {
      return undefined;
    }
  };
  if (res.status !== 200 || id(text) !== SYSTEM || id(sample) !== SYSTEM || Buffer.byteLength(text) !== Buffer.byteLength(sample)) {
    throw new InfraError(`${who}: the load generator's response (${Buffer.byteLength(sample)} bytes) does not match node's HTTP client (${res.status}, ${Buffer.byteLength(text)} bytes)`);
  }
}

// ---------------------------------------------------------------------------------------------
// Servers under test
// ---------------------------------------------------------------------------------------------

function round(n: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

let clockTicks: number | undefined;
/** CPU seconds (user + system) a process has used so far, from /proc (Linux); undefined elsewhere. */
function processCpuSeconds(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    clockTicks ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / clockTicks;
  } catch {
    return undefined;
  }
}

interface Measured extends LoadResult {
  /** CPU milliseconds the server process used per request in the measuring window. */
  serverCpuMsPerRequest?: number;
}

async function measure(server: { url: string; child: ChildProcess }, spec: Omit<LoadSpec, 'host' | 'port' | 'request'>, who: string): Promise<Measured> {
  const port = Number(new URL(server.url).port);
  let cpu0: number | undefined;
  const r = await load({ ...spec, host: '127.0.0.1', port, request: buildRequest(port) }, () => (cpu0 = processCpuSeconds(server.child.pid)));
  const cpu1 = processCpuSeconds(server.child.pid);
  await crossCheck(server.url, r.sampleBody, who);
  const out: Measured = { ...r };
  if (cpu0 !== undefined && cpu1 !== undefined && r.requests > 0) out.serverCpuMsPerRequest = round(((cpu1 - cpu0) * 1000) / r.requests, 3);
  return out;
}

/** One memory child's raw figures: growth across starting `instances` services, between forced GCs. */
interface MemoryRun {
  instances: number;
  rssBeforeMiB: number;
  rssAfterMiB: number;
  /** RSS growth, MiB (may be negative: pages the allocator returned; judged against the control). */
  rssDeltaMiB: number;
  /** V8 heap used + external memory growth, MiB. */
  heapDeltaMiB: number;
  /** GC rounds needed for the heap to settle before and after. */
  gcRounds: [number, number];
}

const MEMORY_COUNTS = [1, 10, 100] as const;

/** Force full GCs until the used heap stops changing (by under 64 KiB), at most 10 rounds. */
async function settle(): Promise<number> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new InfraError('memory child started without --expose-gc: figures would span a garbage collection');
  let last = Number.NaN;
  for (let round = 1; round <= 10; round++) {
    gc();
    await new Promise((r) => setTimeout(r, 50)); // closed handles and finalizers run
    gc();
    const used = process.memoryUsage().heapUsed;
    if (Math.abs(used - last) < 64 * 1024) return round;
    last = used;
  }
  return 10;
}

function newBmc(): MockupService {
  return new MockupService({ dir: FIXTURE, clock: systemClock, accounts: [{ user: USER, password: PASSWORD, role: 'Administrator' }], powerDelayMs: 1000 });
}

/**
 * Child mode (started with --expose-gc): start N services (N = 0 is the control), report memory
 * growth between two settled GCs. One service is started, queried and closed first, so that code
 * loading and compilation are in the baseline and not charged to the BMCs.
 */
async function memoryChild(instances: number): Promise<void> {
  const warm = newBmc();
  const h = await warm.service.listen();
  const res = await fetch(new URL(SYSTEM, h.url), { headers: { Authorization: `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}` } });
  await res.arrayBuffer();
  await warm.close();
  const gc0 = await settle();
  const mem0 = process.memoryUsage();
  const services: MockupService[] = [];
  for (let i = 0; i < instances; i++) {
    const m = newBmc();
    await m.service.listen();
    services.push(m);
  }
  const gc1 = await settle();
  const mem1 = process.memoryUsage();
  const mib = (b: number): number => b / 2 ** 20;
  const figures: MemoryRun = {
    instances,
    rssBeforeMiB: round(mib(mem0.rss), 2),
    rssAfterMiB: round(mib(mem1.rss), 2),
    rssDeltaMiB: round(mib(mem1.rss - mem0.rss), 3),
    heapDeltaMiB: round(mib(mem1.heapUsed + mem1.external - mem0.heapUsed - mem0.external), 4),
    gcRounds: [gc0, gc1],
  };
  process.stdout.write(`${JSON.stringify(figures)}\n`);
  for (const m of services) await m.close();
}

function runMemoryChild(instances: number): Promise<MemoryRun> {
  return withDeadline(`memory probe with ${instances} instances`, 120_000, () =>
    new Promise((resolve, reject) => {
      const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', fileURLToPath(import.meta.url), '--memory-child', String(instances)], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
      let out = '';
      child.stdout.on('data', (c: Buffer) => (out += c.toString()));
      child.on('error', reject);
      child.on('exit', (code) => {
        const line = out.trim().split('\n').pop() ?? '';
        if (code !== 0 || !line) return reject(new InfraError(`memory probe exited with ${code}`));
        resolve(JSON.parse(line) as MemoryRun);
      });
    }),
  );
}

interface MemoryRow {
  instances: number;
  rss: GrowthEstimate;
  heap: GrowthEstimate;
  /** Whole-process RSS with the N services, median over the runs. */
  processRssMiB: number;
  runs: MemoryRun[];
}

/**
 * Memory per emulated BMC: `repeats` fresh children for each count (and for the control, 0),
 * interleaved so that drift in the machine spreads over all counts.
 */
async function measureMemory(repeats: number): Promise<{ repeats: number; control: MemoryRun[]; noise: { rssMiB: number; heapMiB: number }; rows: MemoryRow[] }> {
  const counts = [0, ...MEMORY_COUNTS];
  const runs = new Map<number, MemoryRun[]>(counts.map((n) => [n, []]));
  for (let r = 0; r < repeats; r++) {
    for (const n of counts) runs.get(n)?.push(await runMemoryChild(n));
  }
  const control = runs.get(0) ?? [];
  const noise = { rssMiB: noiseFloor(control.map((c) => c.rssDeltaMiB)), heapMiB: noiseFloor(control.map((c) => c.heapDeltaMiB)) };
  const rows = MEMORY_COUNTS.map((n): MemoryRow => {
    const rs = runs.get(n) ?? [];
    return {
      instances: n,
      rss: roundGrowth(perInstanceGrowth(rs.map((x) => x.rssDeltaMiB), n, noise.rssMiB, 'MiB')),
      heap: roundGrowth(perInstanceGrowth(rs.map((x) => x.heapDeltaMiB), n, noise.heapMiB, 'MiB')),
      processRssMiB: round(median(rs.map((x) => x.rssAfterMiB)), 1),
      runs: rs,
    };
  });
  return { repeats, control, noise: { rssMiB: round(noise.rssMiB, 3), heapMiB: round(noise.heapMiB, 4) }, rows };
}

function roundGrowth(g: GrowthEstimate): GrowthEstimate {
  return g.measurable ? { ...g, perInstance: round(g.perInstance, 4), min: round(g.min, 4), max: round(g.max, 4), noise: round(g.noise, 4) } : { ...g, noise: round(g.noise, 4) };
}

function describeGrowth(g: GrowthEstimate): string {
  return g.measurable ? `${g.perInstance} MiB (runs ${g.min}..${g.max})` : `not measurable: ${g.reason}`;
}

function startOurs(): Promise<{ url: string; child: ChildProcess }> {
  return withDeadline('start ftlab Redfish server', 60_000, () =>
    new Promise((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--serve'], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
      let out = '';
      child.stdout.on('data', (c: Buffer) => {
        out += c.toString();
        const nl = out.indexOf('\n');
        if (nl >= 0) resolve({ url: out.slice(0, nl).trim(), child });
      });
      child.on('error', reject);
      child.on('exit', (code) => reject(new InfraError(`ftlab server exited with ${code}`)));
    }),
  );
}

/**
 * DMTF's server imports `grequests` (used only to push events to subscribers). Where it is not
 * installed, a stand-in module in a temporary directory on PYTHONPATH provides the two functions
 * the server calls (`post` builds a request, `map` sends them), over the standard library.
 */
const GREQUESTS_STANDIN = `# ftlab bench: stand-in for grequests (only event push uses it); sends synchronously with urllib.
import urllib.request

class _Pending:
    def __init__(self, method, url, kwargs):
        self.method, self.url, self.kwargs = method, url, kwargs

def post(url, **kwargs):
    return _Pending('POST', url, kwargs)

def map(requests, **_ignored):
    out = []
    for r in requests:
        data = r.kwargs.get('data')
        if isinstance(data, str):
            data = data.encode('utf-8')
        req = urllib.request.Request(r.url, data=data, headers=r.kwargs.get('headers') or {}, method=r.method)
        try:
            out.append(urllib.request.urlopen(req, timeout=r.kwargs.get('timeout', 20)))
        except Exception:
            out.append(None)
    return out
`;

function pythonHas(module: string, env: NodeJS.ProcessEnv): boolean {
  try {
    execFileSync(process.env.PYTHON ?? 'python3', ['-c', `import ${module}`], { env, stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

async function startDmtf(checkout: string): Promise<{ url: string; child: ChildProcess; note: string; cleanup: () => void }> {
  const script = path.join(root, 'scripts', 'dmtf-mockup-server.sh');
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env };
  let shimDir: string | undefined;
  let note = 'grequests installed';
  if (!pythonHas('grequests', env)) {
    shimDir = mkdtempSync(path.join(tmpdir(), 'ftlab-bench-pyshim-'));
    writeFileSync(path.join(shimDir, 'grequests.py'), GREQUESTS_STANDIN);
    env.PYTHONPATH = [shimDir, env.PYTHONPATH].filter(Boolean).join(path.delimiter);
    note = 'grequests not installed: a stand-in module (event push only) on PYTHONPATH';
  }
  const cleanup = (): void => {
    if (shimDir) rmSync(shimDir, { recursive: true, force: true });
  };
  const child = existsSync(script)
    ? spawn('bash', [script, checkout, String(port), FIXTURE], { env, stdio: ['ignore', 'ignore', 'pipe'] })
    : spawn(process.env.PYTHON ?? 'python3', [path.join(checkout, 'redfishMockupServer.py'), '-D', FIXTURE, '-p', String(port), '-H', '127.0.0.1'], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => (stderr = (stderr + c.toString()).slice(-2000)));
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitFor(
      'DMTF mockup server answering',
      30_000,
      async () => {
        if (child.exitCode !== null) throw new InfraError(`DMTF mockup server exited (${child.exitCode}): ${stderr.trim().split('\n').pop() ?? ''}`);
        try {
          const r = await fetch(new URL(SYSTEM, url));
          await r.arrayBuffer();
          return r.status === 200 ? true : undefined;
        } catch {
          return undefined;
        }
      },
      { intervalMs: 200, describeLast: () => stderr.trim().split('\n').pop() ?? 'no output' },
    );
  } catch (e) {
    child.kill('SIGTERM');
    cleanup();
    throw e;
  }
  return { url, child, note, cleanup };
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const t = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(t);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

interface Summary {
  /** Median over the rounds. */
  rps: number;
  rpsRounds: number[];
  p50Ms: number;
  p99Ms: number;
  requests: number;
  errors: number;
  connectionsOpened: number;
  framing: string;
  serverCpuMsPerRequest?: number;
  generatorCpuSeconds: number;
  auth: string;
}

function summarize(rounds: readonly Measured[], auth: string): Summary {
  const cpu = rounds.map((r) => r.serverCpuMsPerRequest).filter((v): v is number => v !== undefined);
  return {
    rps: round(median(rounds.map((r) => r.rps)), 0),
    rpsRounds: rounds.map((r) => r.rps),
    p50Ms: round(median(rounds.map((r) => r.p50Ms)), 3),
    p99Ms: round(median(rounds.map((r) => r.p99Ms)), 3),
    requests: rounds.reduce((n, r) => n + r.requests, 0),
    errors: rounds.reduce((n, r) => n + r.errors, 0),
    connectionsOpened: rounds.reduce((n, r) => n + r.connectionsOpened, 0),
    framing: rounds[0]?.framing ?? '',
    ...(cpu.length ? { serverCpuMsPerRequest: round(median(cpu), 3) } : {}),
    generatorCpuSeconds: round(rounds.reduce((n, r) => n + r.generatorCpuSeconds, 0), 3),
    auth,
  };
}

function describe(name: string, r: Summary, connections: number, rounds: number): string {
  const keptAlive = r.connectionsOpened <= connections * rounds;
  const reuse = keptAlive ? 'every connection kept alive' : `${r.connectionsOpened} TCP connections opened (the server answers ${r.framing}: one connection per request)`;
  return [
    `${name}`,
    `    ${r.rps} req/s (median of rounds: ${r.rpsRounds.join(', ')})  p50 ${r.p50Ms} ms  p99 ${r.p99Ms} ms`,
    `    ${r.requests} responses, ${r.errors} errors, ${reuse}`,
    `    server CPU ${r.serverCpuMsPerRequest ?? '?'} ms/request; load generator CPU ${r.generatorCpuSeconds} s in all`,
  ].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  try {
    return await run(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    console.error(e.message);
    return 2;
  }
}

async function run(argv: string[]): Promise<number> {
  const { values } = parseCli(
    argv,
    {
      requests: { type: 'string' },
      seconds: { type: 'string' },
      'warmup-seconds': { type: 'string' },
      rounds: { type: 'string' },
      connections: { type: 'string' },
      'memory-child': { type: 'string' },
      'memory-repeats': { type: 'string' },
      serve: { type: 'boolean' },
      'load-child': { type: 'boolean' },
      help: { type: 'boolean' },
    },
    { usage: USAGE },
  );
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (values.serve) {
    const m = new MockupService({ dir: FIXTURE, clock: systemClock, accounts: [{ user: USER, password: PASSWORD, role: 'Administrator' }] });
    const h = await m.service.listen();
    process.stdout.write(`${h.url}\n`);
    await new Promise<void>((resolve) => process.once('SIGTERM', () => resolve()));
    await m.close();
    return 0;
  }
  if (values['load-child']) {
    await loadChild();
    return 0;
  }
  if (values['memory-child']) {
    await memoryChild(numberOption('memory-child', values['memory-child'], 1, { min: 0, integer: true }));
    return 0;
  }
  const spec = {
    total: numberOption('requests', values.requests, 200_000, { min: 1, integer: true }),
    seconds: numberOption('seconds', values.seconds, 4, { min: 0.5 }),
    warmupSeconds: numberOption('warmup-seconds', values['warmup-seconds'], 1, { min: 0 }),
    connections: numberOption('connections', values.connections, 16, { min: 1, integer: true }),
  };
  const rounds = numberOption('rounds', values.rounds, 5, { min: 1, integer: true });
  const memoryRepeats = numberOption('memory-repeats', values['memory-repeats'], 3, { min: 1, integer: true });
  const checkout = process.env.DMTF_MOCKUP_SERVER;
  const loadBefore = loadavg().map((l) => round(l, 2));
  console.log(`redfish-throughput: GET ${SYSTEM} (mockup ${path.relative(root, FIXTURE)}), ${spec.connections} keep-alive connections`);
  console.log(`  ${rounds} rounds, each ${spec.warmupSeconds} s warm-up + up to ${spec.seconds} s / ${spec.total} requests per server${checkout ? ', the two servers interleaved (ftlab, DMTF, ftlab, DMTF, ...)' : ''}`);
  console.log('  load generator: raw node:net client in its own process (not the servers\'), identical request bytes for every server');
  console.log(`  machine load average before: ${loadBefore.join(' ')} (2 cores, shared with other work: absolute figures are noisy)`);

  const servers: { name: 'ftlab' | 'dmtf'; url: string; child: ChildProcess; rounds: Measured[] }[] = [];
  const figures: Record<string, unknown> = { bench: 'redfish-throughput', connections: spec.connections, rounds, secondsPerRound: spec.seconds };
  let dmtfNote = '';
  let cleanup = (): void => undefined;
  try {
    const ours = await startOurs();
    servers.push({ name: 'ftlab', ...ours, rounds: [] });
    if (checkout) {
      try {
        const dmtf = await startDmtf(checkout);
        cleanup = dmtf.cleanup;
        dmtfNote = dmtf.note;
        servers.push({ name: 'dmtf', url: dmtf.url, child: dmtf.child, rounds: [] });
      } catch (e) {
        console.log(`DMTF Redfish-Mockup-Server not measured: ${errorMessage(e)}`);
        figures.dmtf = { error: errorMessage(e) };
      }
    }
    for (let i = 0; i < rounds; i++) {
      for (const s of servers) s.rounds.push(await measure(s, spec, s.name));
    }
  } finally {
    for (const s of servers) await stop(s.child);
    cleanup();
  }

  const [oursRun, dmtfRun] = servers;
  if (!oursRun) throw new InfraError('the ftlab server did not start');
  const mine = summarize(oursRun.rounds, 'HTTP Basic, checked on every request (verified credentials memoized, constant-time compare)');
  figures.ftlab = mine;
  console.log(describe('ftlab Redfish core (HTTP Basic auth checked on every request, ETag per response):', mine, spec.connections, rounds));
  if (dmtfRun) {
    const theirs = summarize(dmtfRun.rounds, 'none (the server has no authentication; it ignores the Authorization header)');
    figures.dmtf = theirs;
    console.log(describe("DMTF Redfish-Mockup-Server (no authentication: it ignores the Authorization header):", theirs, spec.connections, rounds));
    console.log(`    (${dmtfNote}; it is single-threaded, speaks HTTP/1.0 and closes the connection after each response)`);
    const ratio = round(mine.rps / Math.max(theirs.rps, 1e-9), 1);
    const paired = oursRun.rounds.map((r, i) => round(r.rps / Math.max(dmtfRun.rounds[i]?.rps ?? 0, 1e-9), 1));
    const cpuRatio = mine.serverCpuMsPerRequest && theirs.serverCpuMsPerRequest ? round(theirs.serverCpuMsPerRequest / mine.serverCpuMsPerRequest, 1) : undefined;
    console.log(`ratio ftlab / DMTF: ${ratio}x requests/s (target >= 10x; per round ${paired.join(', ')})${cpuRatio ? `; ${cpuRatio}x less server CPU per request` : ''}`);
    console.log('  ftlab serves with authentication and DMTF without, which favours DMTF.');
    figures.ratio = ratio;
    figures.ratioRounds = paired;
    if (cpuRatio) figures.cpuRatio = cpuRatio;
    figures.targetMet = ratio >= 10;
  } else if (!checkout) {
    console.log('DMTF_MOCKUP_SERVER not set: no comparison run');
  }

  const memory = await measureMemory(memoryRepeats);
  console.log(
    `memory per emulated BMC (listening, idle, mini-rackmount; ${memory.repeats} fresh --expose-gc processes per count, forced GC before and after; ` +
      `noise floor from ${memory.control.length} runs with none: RSS ±${memory.noise.rssMiB} MiB, heap ±${memory.noise.heapMiB} MiB):`,
  );
  for (const row of memory.rows) {
    console.log(`    ${String(row.instances).padStart(3)} in a process: RSS ${describeGrowth(row.rss)}; heap used ${describeGrowth(row.heap)}; process ${row.processRssMiB} MiB RSS in all`);
  }
  const loadAfter = loadavg().map((l) => round(l, 2));
  console.log(`machine load average after: ${loadAfter.join(' ')}`);
  figures.memory = memory;
  figures.loadAverage = { before: loadBefore, after: loadAfter };
  console.log(JSON.stringify(figures));
  return 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  main(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (e: unknown) => {
      console.error(errorMessage(e));
      process.exitCode = 3;
    },
  );
}
