/**
 * `npm run bench -- fleet-scale [--servers 1000] [--time-scale 100] [--concurrency 64]`
 * One `ftlab emulate cluster --servers N` process (servers only, IPMI on): its start-up time, its
 * resident memory per server BMC (Redfish + IPMI; against a 1-server process for the fixed part),
 * and the time to read the power state of all N and then power-cycle all N — with ftlab's IPMI
 * and Redfish drivers, FreeIPMI ipmipower in its parallel mode, and a sequential curl loop, in the
 * same run. Prints the figures, the ratios and the targets (≤ 1 MiB RSS per BMC, all N
 * power-cycled ≤ 10 s, ftlab IPMI at least as fast as ipmipower), then one JSON line.
 */
import { accessSync, constants, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { RedfishClient } from '../../drivers/redfish/client.ts';
import { startFleet, type FleetBmc, type FleetProcess } from './cluster.ts';
import { curlLoop, ftlabIpmi, ftlabRedfish, ipmipower, pool, type MethodResult } from './clients.ts';

const MIB = 1024 * 1024;
const TARGET_RSS_PER_BMC = 1 * MIB;
const TARGET_CYCLE_ALL_MS = 10_000;
/** Off time of a power cycle in the servers-only cluster (the default config's offMs), SUT ms. */
const OFF_MS = 5000;

function positiveInt(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} expects a positive integer, got "${raw}"`);
  return n;
}

function findIpmipower(): string | undefined {
  return ['/usr/sbin/ipmipower', '/usr/bin/ipmipower'].find((p) => {
    try {
      accessSync(p, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** Power every server on over Redfish (not timed), then wait out the off time of any cycle. */
async function allOn(fleet: FleetProcess, settleMs: number): Promise<void> {
  const auth = { mode: 'basic' as const, username: fleet.account.user, password: fleet.account.password };
  const r = await pool(fleet.bmcs, 64, async (b: FleetBmc) => {
    const res = await new RedfishClient({ baseUrl: b.redfish, auth }).post(`/redfish/v1/Systems/${b.name}/Actions/ComputerSystem.Reset`, { ResetType: 'On' });
    if (res.status >= 300) throw new Error(`${b.name}: HTTP ${res.status}`);
  });
  if (r.failed) throw new Error(`powering the fleet on: ${r.failed} failed (${r.firstError ?? ''})`);
  await new Promise((res) => setTimeout(res, settleMs));
}

const secs = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;

function row(name: string, n: number, m: MethodResult | undefined): string {
  if (!m) return `  ${name.padEnd(28)} not run`;
  const failed = m.read.failed + m.cycle.failed;
  const fail = failed ? `  FAILED ${failed} (${m.read.firstError ?? m.cycle.firstError ?? ''})` : '';
  return `  ${name.padEnd(28)} read ${secs(m.read.ms).padStart(9)}  cycle ${secs(m.cycle.ms).padStart(9)}  total ${secs(m.read.ms + m.cycle.ms).padStart(9)}  (${m.on}/${n} read as on)${fail}`;
}

/** A method's time for all N, or null when it did not run or any request failed (no figure to compare). */
const total = (m: MethodResult | undefined): number | null => (m && m.read.failed + m.cycle.failed === 0 ? m.read.ms + m.cycle.ms : null);
const cycled = (m: MethodResult | undefined): number => (m && m.read.failed + m.cycle.failed === 0 ? m.cycle.ms : Infinity);
const ratio = (a: number | null, b: number | null): number | null => (a !== null && b !== null && b > 0 ? Math.round((a / b) * 100) / 100 : null);

export async function main(argv: string[]): Promise<number> {
  let n: number, scale: number, concurrency: number;
  try {
    const { values } = parseArgs({ args: argv, options: { servers: { type: 'string' }, 'time-scale': { type: 'string' }, concurrency: { type: 'string' } }, strict: true });
    n = positiveInt('servers', values.servers, 1000);
    scale = positiveInt('time-scale', values['time-scale'], 100);
    concurrency = positiveInt('concurrency', values.concurrency, 64);
  } catch (e) {
    console.error(`${e instanceof Error ? e.message : String(e)}\nusage: npm run bench -- fleet-scale [--servers 1000] [--time-scale 100] [--concurrency 64]`);
    return 2;
  }
  const base = await startFleet(1, scale);
  const baseRss = base.rssBytes();
  await base.stop();
  const fleet = await startFleet(n, scale);
  const dir = mkdtempSync(path.join(tmpdir(), 'ftlab-fleet-bench-'));
  try {
    return await measure(fleet, { n, scale, concurrency, baseRss, dir });
  } finally {
    await fleet.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

interface Run {
  n: number;
  scale: number;
  concurrency: number;
  baseRss: number;
  dir: string;
}

async function measure(fleet: FleetProcess, run: Run): Promise<number> {
  const { n, scale, concurrency, dir } = run;
  const rss = fleet.rssBytes();
  const perBmc = n > 1 ? (rss - run.baseRss) / (n - 1) : rss;
  const settleMs = OFF_MS / scale + 500;
  const bin = findIpmipower();
  const results: Record<string, MethodResult | undefined> = {};
  await allOn(fleet, settleMs);
  results.ftlabIpmi = await ftlabIpmi(fleet.bmcs, fleet.account, concurrency);
  await allOn(fleet, settleMs);
  results.ipmipower = bin ? await ipmipower(bin, dir, fleet.bmcs, fleet.account, concurrency) : undefined;
  await allOn(fleet, settleMs);
  results.ftlabRedfish = await ftlabRedfish(fleet.bmcs, fleet.account, concurrency);
  await allOn(fleet, settleMs);
  results.curl = await curlLoop(dir, fleet.bmcs, fleet.account);
  const rssAfter = fleet.rssBytes();
  report({ run, fleet, rss, rssAfter, perBmc, results, ipmipowerMissing: !bin });
  return 0;
}

interface Report {
  run: Run;
  fleet: FleetProcess;
  rss: number;
  rssAfter: number;
  perBmc: number;
  results: Record<string, MethodResult | undefined>;
  ipmipowerMissing: boolean;
}

function report(r: Report): void {
  const { n, concurrency } = r.run;
  const { ftlabIpmi: ipmi, ipmipower: pp, ftlabRedfish: rf, curl } = r.results;
  const fastestCycle = Math.min(cycled(ipmi), cycled(rf));
  const vsIpmipower = ratio(total(pp), total(ipmi));
  const vsCurl = ratio(total(curl), total(rf));
  console.log(`fleet-scale: ${n} servers in one emulate cluster process (time scale ${r.run.scale}), client concurrency ${concurrency}`);
  console.log(`  start-up (spawn → announcement): ${secs(r.fleet.startupMs)}`);
  console.log(`  RSS: ${(r.rss / MIB).toFixed(1)} MiB after start-up, ${(r.rssAfter / MIB).toFixed(1)} MiB after the runs; 1-server process ${(r.run.baseRss / MIB).toFixed(1)} MiB`);
  const afterRuns = r.run.n > 1 ? (r.rssAfter - r.run.baseRss) / (r.run.n - 1) : r.rssAfter;
  console.log(`  RSS per server BMC (Redfish + IPMI, beyond the 1-server process): ${(r.perBmc / 1024).toFixed(0)} KiB idle, ${(afterRuns / 1024).toFixed(0)} KiB after the runs  [target ≤ 1024 KiB: ${Math.max(r.perBmc, afterRuns) <= TARGET_RSS_PER_BMC ? 'met' : 'MISSED'}]`);
  console.log(`  read the power state of all ${n}, then power-cycle all ${n}:`);
  console.log(row('ftlab IPMI (drivers/ipmi)', n, ipmi));
  console.log(r.ipmipowerMissing ? '  FreeIPMI ipmipower          not installed (apt-get install freeipmi-tools)' : row(`ipmipower -F ${concurrency}`, n, pp));
  console.log(row('ftlab Redfish (drivers/redfish)', n, rf));
  console.log(row('curl, sequential', n, curl));
  console.log(`  ipmipower / ftlab IPMI: ${vsIpmipower ?? 'n/a'}x the time  [target ≥ 1: ${vsIpmipower === null ? 'n/a' : vsIpmipower >= 1 ? 'met' : 'MISSED'}]`);
  console.log(`  curl loop / ftlab Redfish: ${vsCurl ?? 'n/a'}x the time`);
  if (fastestCycle === Infinity) console.log(`  all ${n} power-cycled by ftlab: n/a (every ftlab run had failures)  [target ≤ 10 s: n/a]`);
  else console.log(`  all ${n} power-cycled by ftlab in ${secs(fastestCycle)}  [target ≤ 10 s: ${fastestCycle <= TARGET_CYCLE_ALL_MS ? 'met' : 'MISSED'}]`);
  console.log(
    JSON.stringify({
      bench: 'fleet-scale',
      servers: n,
      timeScale: r.run.scale,
      concurrency,
      startupMs: Math.round(r.fleet.startupMs),
      rssBytes: r.rss,
      rssBytesAfterRuns: r.rssAfter,
      baseRssBytes: r.run.baseRss,
      rssPerBmcBytes: Math.round(r.perBmc),
      rssPerBmcBytesAfterRuns: Math.round(r.run.n > 1 ? (r.rssAfter - r.run.baseRss) / (r.run.n - 1) : r.rssAfter),
      methods: r.results,
      ratios: { ipmipowerOverFtlabIpmi: vsIpmipower, curlOverFtlabRedfish: vsCurl },
      targets: { rssPerBmcMet: Math.max(r.perBmc, (r.rssAfter - r.run.baseRss) / Math.max(1, r.run.n - 1)) <= TARGET_RSS_PER_BMC, cycleAllWithin10sMet: fastestCycle === Infinity ? null : fastestCycle <= TARGET_CYCLE_ALL_MS, ftlabIpmiAtLeastIpmipowerMet: vsIpmipower === null ? null : vsIpmipower >= 1 },
    }),
  );
}
