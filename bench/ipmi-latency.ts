/**
 * `npm run bench -- ipmi-latency [--n 200] [--runs 15] [--exec-n 50]`
 * Against ipmi_sim in the same run: median latency of Get Chassis Status from ftlab's client
 * inside one session, from ipmitool started per command (-I lanplus -C 3 -E), and per command
 * from `ipmitool exec FILE` with N commands — with ipmi_sim answering power queries from its own
 * state (the headline: the clients' own cost) and with it forking chassis.sh per query (the BMC's
 * cost dominates both). Prints the figures, then one JSON line. No thresholds.
 */
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startIpmiSim } from '../drivers/ipmi/testing/ipmi-sim.ts';
import { IpmiClient } from '../drivers/ipmi/client.ts';
import { median } from './lib/stats.ts';

function run(args: string[], password: string): Promise<number> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    execFile('ipmitool', args, { env: { ...process.env, IPMI_PASSWORD: password }, timeout: 60_000 }, (err) => (err ? reject(err) : resolve(performance.now() - t0)));
  });
}

function positiveInt(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} expects a positive integer, got "${raw}"`);
  return n;
}

export async function main(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ args: argv, options: { n: { type: 'string' }, runs: { type: 'string' }, 'exec-n': { type: 'string' } }, strict: true }));
  } catch (e) {
    console.error(`${e instanceof Error ? e.message : String(e)}\nusage: npm run bench -- ipmi-latency [--n 200] [--runs 15] [--exec-n 50]`);
    return 2;
  }
  let n: number, runs: number, execN: number;
  try {
    n = positiveInt('n', values.n, 200);
    runs = positiveInt('runs', values.runs, 15);
    execN = positiveInt('exec-n', values['exec-n'], 50);
  } catch (e) {
    console.error(e instanceof Error ? e.message : String(e));
    return 2;
  }

  // Two BMC set-ups, same client, same command. "process": ipmi_sim answers power queries from its
  // own state, as a BMC does, so the figures are the clients' own cost. "script": ipmi_sim forks
  // chassis.sh for every power query (a few ms), which both clients pay alike.
  const headline = await measureAndShow('process', n, runs, execN);
  const forking = await measureAndShow('script', n, runs, execN);
  console.log(
    JSON.stringify({
      bench: 'ipmi-latency',
      command: 'Get Chassis Status',
      samples: { ftlab: n, ipmitoolPerInvocation: runs, ipmitoolExecCommandsPerRun: execN },
      ...headline,
      bmcAnsweringFromState: headline,
      bmcForkingChassisScript: forking,
    }),
  );
  return 0;
}

interface Figures {
  ftlabMedianMs: number;
  ipmitoolPerInvocationMedianMs: number;
  ipmitoolExecPerCommandMs: number;
  ratioPerInvocation: number;
  ratioExecPerCommand: number;
}

async function measureAndShow(power: 'process' | 'script', n: number, runs: number, execN: number): Promise<Figures> {
  const f = await measure(power, n, runs, execN);
  console.log(`ipmi_sim, power ${power === 'process' ? 'from its own state (startcmd)' : 'through chassis.sh (a shell per query)'}:`);
  console.log(`  ftlab client, one session:        median ${f.ftlabMedianMs} ms over ${n} calls`);
  console.log(`  ipmitool per invocation:          median ${f.ipmitoolPerInvocationMedianMs} ms over ${runs} processes (${f.ratioPerInvocation}x ftlab)`);
  console.log(`  ipmitool exec, ${execN} commands/run: ${f.ipmitoolExecPerCommandMs} ms per command (median run / ${execN}; ${f.ratioExecPerCommand}x ftlab)`);
  return f;
}

async function measure(power: 'process' | 'script', n: number, runs: number, execN: number): Promise<Figures> {
  const sim = await startIpmiSim({ power });
  try {
    const base = ['-I', 'lanplus', '-C', '3', '-H', sim.host, '-p', String(sim.port), '-U', sim.admin.user, '-E'];

    const client = await IpmiClient.connect({ host: sim.host, port: sim.port, user: sim.admin.user, password: sim.admin.password, cipherSuites: [3] });
    const ours: number[] = [];
    try {
      for (let i = 0; i < 5; i++) await client.chassisStatus();
      for (let i = 0; i < n; i++) {
        const t0 = performance.now();
        await client.chassisStatus();
        ours.push(performance.now() - t0);
      }
    } finally {
      await client.close();
    }

    await run([...base, 'chassis', 'status'], sim.admin.password);
    const perProcess: number[] = [];
    for (let i = 0; i < runs; i++) perProcess.push(await run([...base, 'chassis', 'status'], sim.admin.password));

    const file = path.join(sim.dir, 'exec.txt');
    await writeFile(file, 'chassis status\n'.repeat(execN));
    const execTotals: number[] = [];
    for (let i = 0; i < Math.max(3, Math.min(runs, 5)); i++) execTotals.push(await run([...base, 'exec', file], sim.admin.password));
    const execPerCommand = median(execTotals) / execN;

    const ftlabMedianMs = median(ours);
    const ipmitoolPerInvocationMedianMs = median(perProcess);
    return {
      ftlabMedianMs: round(ftlabMedianMs),
      ipmitoolPerInvocationMedianMs: round(ipmitoolPerInvocationMedianMs),
      ipmitoolExecPerCommandMs: round(execPerCommand),
      ratioPerInvocation: round(ipmitoolPerInvocationMedianMs / ftlabMedianMs),
      ratioExecPerCommand: round(execPerCommand / ftlabMedianMs),
    };
  } finally {
    await sim.stop();
  }
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
