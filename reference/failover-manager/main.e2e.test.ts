/**
 * `ftlab emulate failover-manager` with the real decision core, as a separate process on a real
 * cluster (50x) and the lab file `ftlab lab up` writes: it announces its API, its management table
 * agrees with the cluster's ground truth, and a CPU fault injected through srv01's BMC ends with
 * crm answering from srv08 — chosen by the core, carried out by the executor. SIGTERM: exit 0.
 */
import test from 'ava';
import { FM } from './api/resources.ts';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { waitFor } from '../../lib/deadline.ts';
import { curlJson } from '../../simulators/cluster/testing/http.ts';
import type { DecisionRecord } from './process/journal.ts';
import type { ManagedServer } from './plan/types.ts';
import { ACCOUNT, answeredBy, startClusterLab } from './testing/cluster-lab.ts';

const BIN = new URL('../../bin/ftlab.js', import.meta.url).pathname;

test('the manager process: table as the truth has it; CPU fault on srv01 → fenced, remapped, srv08 answers crm', async (t) => {
  const lab = await startClusterLab(t, 50);
  const truth = await lab.until('crm answers from srv01', (x) => answeredBy(x, 'crm') === 'srv01', 60_000);
  const child = spawn(process.execPath, [BIN, 'emulate', 'failover-manager', '--cluster', lab.labFile, '--log-level', 'warn'], { stdio: ['ignore', 'pipe', 'pipe'] });
  t.teardown(() => child.kill('SIGKILL'));
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((r) => child.once('exit', (c) => r(c)));
  await waitFor('the manager announces itself', 60_000, async () => (out.includes('\n') || child.exitCode !== null ? true : undefined), { intervalMs: 50 });
  t.is(child.exitCode, null, err);
  const ann = JSON.parse(out.split('\n')[0] ?? '') as { redfish: string };
  t.like(ann, { name: 'fm1', kind: 'failover-manager', cluster: 'default', defects: [] });

  const table = (await curlJson(ann.redfish, 'GET', `${FM}/ManagementTable`, ACCOUNT)).body as { Table: { servers: ManagedServer[] } };
  const systemOf = (id: string) => truth.Systems.find((s) => s.Members.includes(id));
  t.deepEqual(table.Table.servers.map((s) => [s.id, s.powerState, s.status]), truth.Servers.map((s) => [s.Id, systemOf(s.Id)?.PowerState, ['srv08', 'srv09', 'srv10', 'srv11'].includes(s.Id) ? 'unused' : 'in-use']));
  t.deepEqual(table.Table.servers.filter((s) => s.business).map((s) => [s.id, s.business?.name]), truth.Businesses.flatMap((b) => (truth.Systems.find((x) => x.Id === b.AnsweredBy)?.Members ?? []).map((m) => [m, b.Id])).sort());

  // FO-12 through the API: the core's search for a server like srv01 (a gx2) finds the spare.
  const scaleOut = `${FM}/Actions/FailoverManager.SelectScaleOut`;
  t.like(await curlJson(ann.redfish, 'POST', scaleOut, ACCOUNT, { like: 'srv01' }), { status: 200, body: { Selection: { kind: 'selected', servers: ['srv08'] } } });
  const refused = await curlJson(ann.redfish, 'POST', scaleOut, ACCOUNT, { kind: 'gx2' });
  t.is(refused.status, 400);
  t.regex((refused.body?.error as { message?: string } | undefined)?.message ?? '', /^SelectScaleOut body: expected \{"like": "<server id>"\}: the server whose hardware/);

  t.true([200, 204].includes(await lab.inject('srv01', 'InjectFault', { Fault: 'Cpu' })));
  const after = await lab.until('crm answers from srv08', (x) => answeredBy(x, 'crm') === 'srv08', 60_000);
  t.is(after.Systems.find((s) => s.Id === 'srv01')?.PowerState, 'Off');
  t.deepEqual(after.Corruptions, []);
  const decisions = await waitFor('the decision is complete', 10_000, async () => {
    const ds = (await curlJson(ann.redfish, 'GET', `${FM}/Decisions`, ACCOUNT)).body?.Members as DecisionRecord[];
    return ds.every((d) => d.state !== 'running') ? ds : undefined;
  }, { intervalMs: 100 });
  t.is(decisions.length, 1);
  t.like(decisions[0], { state: 'completed', decision: { kind: 'failover', standby: ['srv08'], failure: { server: 'srv01', faultType: 'Cpu' } } });
  t.is(decisions[0]?.steps[0]?.step.op, 'fence');
  t.true(decisions[0]?.steps.every((s) => s.result === 'ok'));

  child.kill('SIGTERM');
  t.is(await exited, 0, err);
});

function runCli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const c = spawn(process.execPath, [BIN, 'emulate', 'failover-manager', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    c.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    c.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    c.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

const DEFECTS = ['boot-before-fence', 'map-before-unmap', 'ignore-policy', 'ignore-priority', 'skip-zoning', 'skip-vlan', 'wrong-hardware', 'partial-on-no-standby', 'same-lun-renumbered', 'no-dump-wait'];

test('--list-defects lists every defect profile of the issue, one a line; an unknown --defect is exit 2 naming them', async (t) => {
  const list = await runCli(['--list-defects']);
  t.is(list.code, 0, list.stderr);
  t.deepEqual(list.stdout.trim().split('\n').map((l) => l.split(/\s+/)[0]).sort(), [...DEFECTS].sort());
  // Defects are checked before anything connects: a lab file whose one server listens nowhere will do.
  const dir = mkdtempSync(path.join(tmpdir(), 'fm-defects-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(path.join(dir, 'pw'), 'pw-1\n');
  const labFile = path.join(dir, 'lab.json');
  writeFileSync(labFile, JSON.stringify({ devices: { srv01: { kind: 'server', redfish: { url: 'http://127.0.0.1:9', user: 'admin', passwordFile: 'pw' } } }, clusters: { c: { servers: ['srv01'] } } }));
  const bad = await runCli(['--cluster', labFile, '--defect', 'skip-zoning', '--defect', 'nope']);
  t.is(bad.code, 2, bad.stderr);
  t.regex(bad.stderr, /--defect: expected a defect profile, one of: .*skip-zoning.* \(found "nope"\)/);
  t.is(bad.stdout, '');
});
