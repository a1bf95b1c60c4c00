/**
 * The failover part of `measurement-accuracy` (`--failover N`): N iterations of the failover
 * scenario that measures the business outage (fo-fan-then-oshang) through `ftlab run --lab FILE`
 * against a cluster with its reference failover manager started here with `ftlab lab up`
 * (cluster only), then the harness's outage and total failover time against the cluster's ground
 * truth (GET /truth `Timeline`). A fresh lab every CHUNK iterations: each failover uses a spare.
 */
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { HistLine } from './lib/accuracy.ts';
import { type ClusterTruth, failoverPairs, type FailoverPairs } from './lib/failover-accuracy.ts';

export const FAILOVER_SCENARIO = 'fo-fan-then-oshang';
const CHUNK = 3;

interface ClusterLab {
  labFile: string;
  truth: string;
  password: string;
  stop: () => void;
}

/** `ftlab lab up` with only the default cluster (and its manager); resolves once lab.json is written. */
async function startClusterLab(cli: string, root: string, dir: string, scale: number): Promise<ClusterLab> {
  const config = path.join(dir, 'cluster-lab.yaml');
  writeFileSync(config, 'devices:\n  cluster1: { kind: cluster }\n');
  const labFile = path.join(dir, 'lab.json');
  const child = spawn(process.execPath, [cli, 'lab', 'up', '--config', config, '--lab-file', labFile, '--time-scale', String(scale), '--log-level', 'warn'], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  const truth = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('ftlab lab up did not write its lab file within 120 s')), 120_000);
    let url = '';
    createInterface({ input: child.stdout }).on('line', (l) => {
      url ||= / truth (http:\/\/\S+)/.exec(l)?.[1] ?? '';
      if (!l.startsWith('wrote ')) return;
      clearTimeout(timer);
      resolve(url);
    });
    child.once('exit', (c) => reject(new Error(`ftlab lab up exited (${c}) before writing its lab file`)));
  });
  if (!truth) throw new Error('ftlab lab up named no ground truth for cluster1');
  const lab = JSON.parse(readFileSync(labFile, 'utf8')) as { devices: Record<string, { redfish?: { passwordFile?: string } }> };
  const pwFile = Object.values(lab.devices).find((d) => d.redfish?.passwordFile)?.redfish?.passwordFile ?? '';
  return { labFile, truth, password: readFileSync(pwFile, 'utf8').trim(), stop: () => child.kill('SIGINT') };
}

async function fetchClusterTruth(lab: ClusterLab): Promise<ClusterTruth> {
  const res = await fetch(`${lab.truth}/truth`, { headers: { authorization: `Basic ${Buffer.from(`admin:${lab.password}`).toString('base64')}` } });
  if (!res.ok) throw new Error(`GET ${lab.truth}/truth returned ${res.status}`);
  return (await res.json()) as ClusterTruth;
}

export interface FailoverSetup {
  n: number;
  scale: number;
  dir: string;
  cli: string;
  root: string;
  runCli: (args: string[], timeoutMs: number) => Promise<{ code: number | null; wallMs: number }>;
  readHistory: (file: string) => HistLine[];
}

/** N failover iterations in chunks on fresh cluster labs; the pairs and each run's exit code. */
export async function measureFailovers(s: FailoverSetup): Promise<{ pairs: FailoverPairs; exitCodes: Array<number | null> }> {
  const pairs: FailoverPairs = { outage: [], total: [] };
  const exitCodes: Array<number | null> = [];
  for (let done = 0, chunk = 0; done < s.n; chunk++) {
    const k = Math.min(CHUNK, s.n - done);
    const lab = await startClusterLab(s.cli, s.root, s.dir, s.scale);
    try {
      const out = path.join(s.dir, `failover-${chunk}`);
      const run = await s.runCli(['run', FAILOVER_SCENARIO, '--lab', lab.labFile, '--repeat', String(k), '--out', out, '--reporter', 'json'], 30 * 60_000);
      exitCodes.push(run.code);
      console.log(`  [failover] ftlab run of ${k} iteration(s) exited ${run.code} after ${Math.round(run.wallMs)} ms`);
      failoverPairs(s.readHistory(path.join(out, 'history.jsonl')), await fetchClusterTruth(lab), FAILOVER_SCENARIO, pairs);
    } finally {
      lab.stop();
    }
    done += k;
  }
  return { pairs, exitCodes };
}
