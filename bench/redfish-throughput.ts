/**
 * `npm run bench -- redfish-throughput [--requests N] [--seconds S] [--connections C] [--instances N]`
 *
 * Requests/s for GET of a ComputerSystem at 16 keep-alive connections against our Redfish core
 * (serving the mini-rackmount mockup, with HTTP Basic auth), and resident memory per emulated BMC
 * with 1 and with 100 services in one process (each measured in a fresh child process). When
 * DMTF_MOCKUP_SERVER names a checkout of DMTF's Redfish-Mockup-Server, the same load runs against
 * it on the same mockup and the ratio is printed. The last stdout line is a JSON object.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { systemClock } from '../lib/clock.ts';
import { waitFor, withDeadline } from '../lib/deadline.ts';
import { errorMessage } from '../lib/errors.ts';
import { parseCli, numberOption } from '../lib/cli-args.ts';
import { MockupService } from '../simulators/redfish/mockup.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.join(here, '..');
const FIXTURE = path.join(root, 'simulators', 'redfish', 'testing', 'mini-rackmount');
const SYSTEM = '/redfish/v1/Systems/rack1';
const PASSWORD = 'bench-pw-1';

const USAGE = `usage: npm run bench -- redfish-throughput [--requests N] [--seconds S] [--connections C]
  env DMTF_MOCKUP_SERVER=CHECKOUT   also load DMTF's Redfish-Mockup-Server and print the ratio`;

interface LoadResult {
  requests: number;
  errors: number;
  seconds: number;
  rps: number;
}

/** `connections` keep-alive loops issuing GETs until `total` requests are done or `maxSeconds` pass. */
async function load(base: string, urlPath: string, headers: Record<string, string>, total: number, maxSeconds: number, connections: number): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const target = new URL(urlPath, base);
  let issued = 0;
  let done = 0;
  let errors = 0;
  const start = performance.now();
  const stopAt = start + maxSeconds * 1000;
  const one = (): Promise<void> =>
    new Promise((resolve) => {
      const req = request(target, { agent, headers }, (res) => {
        if (res.statusCode !== 200) errors++;
        res.resume();
        res.on('end', () => resolve());
        res.on('error', () => {
          errors++;
          resolve();
        });
      });
      req.on('error', () => {
        errors++;
        resolve();
      });
      req.end();
    });
  const loop = async (): Promise<void> => {
    while (issued < total && performance.now() < stopAt) {
      issued++;
      await one();
      done++;
    }
  };
  await withDeadline('load run', (maxSeconds + 30) * 1000, async () => {
    await Promise.all(Array.from({ length: connections }, loop));
  });
  const seconds = (performance.now() - start) / 1000;
  agent.destroy();
  return { requests: done, errors, seconds: round(seconds, 3), rps: round(done / seconds, 0) };
}

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

/** Child mode: start N services, report resident memory growth. */
async function memoryChild(instances: number): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const before = process.memoryUsage().rss;
  const services: MockupService[] = [];
  for (let i = 0; i < instances; i++) {
    const m = new MockupService({ dir: FIXTURE, clock: systemClock, accounts: [{ user: 'admin', password: PASSWORD, role: 'Administrator' }], powerDelayMs: 1000 });
    await m.service.listen();
    services.push(m);
  }
  gc?.();
  const after = process.memoryUsage().rss;
  process.stdout.write(`${JSON.stringify({ instances, rssBeforeMiB: round(before / 2 ** 20, 1), rssAfterMiB: round(after / 2 ** 20, 1), perInstanceMiB: round((after - before) / instances / 2 ** 20, 2) })}\n`);
  for (const m of services) await m.close();
}

function runMemoryChild(instances: number): Promise<{ instances: number; rssAfterMiB: number; perInstanceMiB: number }> {
  return withDeadline(`memory probe with ${instances} instances`, 120_000, () =>
    new Promise((resolve, reject) => {
      const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', fileURLToPath(import.meta.url), '--memory-child', String(instances)], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
      let out = '';
      child.stdout.on('data', (c: Buffer) => (out += c.toString()));
      child.on('error', reject);
      child.on('exit', (code) => {
        const line = out.trim().split('\n').pop() ?? '';
        if (code !== 0 || !line) return reject(new Error(`memory probe exited with ${code}`));
        resolve(JSON.parse(line) as { instances: number; rssAfterMiB: number; perInstanceMiB: number });
      });
    }),
  );
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
      child.on('exit', (code) => reject(new Error(`ftlab server exited with ${code}`)));
    }),
  );
}

async function startDmtf(checkout: string): Promise<{ url: string; child: ChildProcess }> {
  const script = path.join(root, 'scripts', 'dmtf-mockup-server.sh');
  const port = await freePort();
  const child = existsSync(script)
    ? spawn('bash', [script, checkout, String(port), FIXTURE], { stdio: ['ignore', 'ignore', 'pipe'] })
    : spawn(process.env.PYTHON ?? 'python3', [path.join(checkout, 'redfishMockupServer.py'), '-D', FIXTURE, '-p', String(port), '-H', '127.0.0.1'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => (stderr = (stderr + c.toString()).slice(-2000)));
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitFor(
      'DMTF mockup server answering',
      30_000,
      async () => {
        if (child.exitCode !== null) throw new Error(`DMTF mockup server exited (${child.exitCode}): ${stderr.trim().split('\n').pop() ?? ''}`);
        try {
          const r = await load(url, SYSTEM, {}, 1, 5, 1);
          return r.errors === 0 ? true : undefined;
        } catch {
          return undefined;
        }
      },
      { intervalMs: 200, describeLast: () => stderr.trim().split('\n').pop() ?? 'no output' },
    );
  } catch (e) {
    child.kill('SIGTERM');
    throw e;
  }
  return { url, child };
}

export async function main(argv: string[]): Promise<number> {
  const { values } = parseCli(
    argv,
    { requests: { type: 'string' }, seconds: { type: 'string' }, connections: { type: 'string' }, 'memory-child': { type: 'string' }, serve: { type: 'boolean' }, help: { type: 'boolean' } },
    { usage: USAGE },
  );
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (values.serve) {
    const m = new MockupService({ dir: FIXTURE, clock: systemClock, accounts: [{ user: 'admin', password: PASSWORD, role: 'Administrator' }] });
    const h = await m.service.listen();
    process.stdout.write(`${h.url}\n`);
    await new Promise<void>((resolve) => process.once('SIGTERM', () => resolve()));
    await m.close();
    return 0;
  }
  if (values['memory-child']) {
    await memoryChild(numberOption('memory-child', values['memory-child'], 1, { min: 1, integer: true }));
    return 0;
  }
  const total = numberOption('requests', values.requests, 40_000, { min: 1, integer: true });
  const seconds = numberOption('seconds', values.seconds, 15, { min: 1 });
  const connections = numberOption('connections', values.connections, 16, { min: 1, integer: true });

  // Our server runs in its own process, like the DMTF server, so the load generator does not share its event loop.
  const server = await startOurs();
  const handle = { url: server.url };
  const auth = { Authorization: `Basic ${Buffer.from(`admin:${PASSWORD}`).toString('base64')}` };
  await load(handle.url, SYSTEM, auth, 2000, 5, connections); // warm-up
  const ours = await load(handle.url, SYSTEM, auth, total, seconds, connections);
  server.child.kill('SIGTERM');
  console.log(`ftlab redfish core: ${ours.rps} req/s (${ours.requests} GET ${SYSTEM}, ${connections} keep-alive connections, ${ours.errors} errors, ${ours.seconds} s)`);

  const figures: Record<string, unknown> = { bench: 'redfish-throughput', connections, ftlab: ours };
  const checkout = process.env.DMTF_MOCKUP_SERVER;
  if (checkout) {
    try {
      const dmtf = await startDmtf(checkout);
      try {
        await load(dmtf.url, SYSTEM, {}, 200, 5, connections);
        const theirs = await load(dmtf.url, SYSTEM, {}, total, seconds, connections);
        const ratio = round(ours.rps / Math.max(theirs.rps, 1e-9), 1);
        console.log(`DMTF Redfish-Mockup-Server: ${theirs.rps} req/s (${theirs.requests} GETs, ${theirs.errors} errors, ${theirs.seconds} s)`);
        console.log(`ratio ftlab / DMTF: ${ratio}x (target >= 10x)`);
        figures.dmtf = theirs;
        figures.ratio = ratio;
        figures.targetMet = ratio >= 10;
      } finally {
        dmtf.child.kill('SIGTERM');
      }
    } catch (e) {
      console.log(`DMTF Redfish-Mockup-Server not measured: ${errorMessage(e)}`);
      figures.dmtf = { error: errorMessage(e) };
    }
  } else {
    console.log('DMTF_MOCKUP_SERVER not set: no comparison run');
  }

  const one = await runMemoryChild(1);
  const hundred = await runMemoryChild(100);
  console.log(`resident memory: 1 BMC ${one.perInstanceMiB} MiB/instance (process ${one.rssAfterMiB} MiB); 100 BMCs ${hundred.perInstanceMiB} MiB/instance (process ${hundred.rssAfterMiB} MiB)`);
  figures.memory = { one, hundred };
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
