/**
 * `ftlab run` on the embedded lab with a scenario that targets a cluster: the lab starts its
 * default cluster for it (the ft suite alone does not), the cluster role holds every member of
 * the cluster, a server role is filled from that cluster, and the fleet server's power is read
 * over Redfish through the harness's own binding.
 */
import test from 'ava';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FTLAB_BIN } from './emulator-process.ts';

const SCENARIO = `
export const clusterBind = {
  id: 'test-cluster-bind',
  title: 'a role of kind cluster binds the embedded cluster',
  requirements: ['FO-01'],
  tags: ['test'],
  suites: [],
  roles: { cl: { kind: 'cluster', needs: [] }, srv: { kind: 'server', needs: ['PowerControl'] } },
  timeoutMs: 60_000,
  async run(ctx) {
    const kinds = ctx.roleAll('cl').map((m) => m.kind).sort().join(',');
    const want = ['array', 'ethernet-switch', 'failover-manager', 'fc-switch', 'fc-switch', 'partition-manager', ...Array(11).fill('server')].join(',');
    if (kinds !== want) throw new Error('cluster members by kind: ' + kinds + ', expected ' + want);
    const state = await ctx.role('srv').caps.PowerControl.state();
    if (state !== 'On') throw new Error('srv01 (an active server) reads power ' + state);
  },
};
`;

test('a scenario with a cluster role: the embedded lab starts the cluster, binds it and the scenario passes', async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'ftlab-cluster-run-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const scenarios = path.join(dir, 'scenarios');
  mkdirSync(scenarios);
  writeFileSync(path.join(scenarios, 'cluster-bind.ts'), SCENARIO);
  writeFileSync(path.join(scenarios, 'package.json'), '{"type":"module"}\n');
  const out = path.join(dir, 'out');
  const child = spawn(process.execPath, [FTLAB_BIN, 'run', 'test-cluster-bind', '--scenarios', scenarios, '--out', out, '--log-level', 'warn'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  t.teardown(() => child.kill('SIGKILL'));
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
  t.is(code, 0, stdout + stderr);
  t.regex(stdout, /^test-cluster-bind +cluster1 srv=srv01 +passed/m);
  t.false(/MaxListenersExceeded/.test(stderr), 'seventeen devices connecting on one run signal do not warn');
  const history = readFileSync(path.join(out, 'history.jsonl'), 'utf8');
  const devices = history.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { type: string; device?: string; kind?: string }).filter((r) => r.type === 'device');
  t.is(devices.filter((d) => d.kind === 'server').length, 11, 'every server of cluster1 is a device of the run, and cluster2 (whose filter does not take the scenario) does not start');
  t.deepEqual(devices.filter((d) => d.kind === 'ft').map((d) => d.device), ['ft0', 'ft2', 'ft1']);
});
