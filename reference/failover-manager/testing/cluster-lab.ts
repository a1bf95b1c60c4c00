/**
 * Tests only: `ftlab emulate cluster` as a child process (default cluster, high time scale, no
 * IPMI) and the lab file `ftlab lab up` would write for it (the harness's own writer), so the
 * manager reads exactly that format. Also the cluster's ground truth and BMC fault injection.
 */
import type { ExecutionContext } from 'ava';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import path from 'node:path';
import { parseClusterAnnouncement } from '../../../harness/lab/cluster-announcement.ts';
import { labFileOf, labInventory } from '../../../harness/lab/lab-inventory.ts';
import { waitFor } from '../../../lib/deadline.ts';
import { curlJson } from '../../../simulators/cluster/testing/http.ts';
import { runCluster } from '../../../simulators/cluster/testing/process.ts';

const exec = promisify(execFile);

export const ACCOUNT = { user: 'admin', password: 'fm-test-pw-7' };

export interface Truth {
  Systems: Array<{ Id: string; Members: string[]; PowerState: string; BootState: string; Dumping: boolean }>;
  Businesses: Array<{ Id: string; AnsweredBy: string | null }>;
  Servers: Array<{ Id: string; Faults: string[]; BmcAnswering: boolean }>;
  Corruptions: unknown[];
}

/** The system answering `business`, per the truth (a server, or a partition id). */
export const answeredBy = (t: Truth, business: string): string | null => t.Businesses.find((b) => b.Id === business)?.AnsweredBy ?? null;

export interface ClusterLab {
  dir: string;
  labFile: string;
  timeScale: number;
  redfish(device: string): string;
  truth(): Promise<Truth>;
  inject(server: string, action: 'InjectFault' | 'StartDump' | 'StopAnswering', body?: Record<string, unknown>): Promise<number>;
  /** The lab technician's repair of a BMC that stopped answering (the truth endpoint's control). */
  repairBmc(server: string): Promise<number>;
  /** Wait (real ms) until `test` holds of the truth. */
  until(what: string, test: (t: Truth) => boolean, ms?: number): Promise<Truth>;
}

/** `tls`: every device HTTPS only, its CA named in the lab file (the manager verifies against it). */
export async function startClusterLab(t: ExecutionContext, timeScale = 50, opts: { tls?: boolean } = {}): Promise<ClusterLab> {
  const dir = mkdtempSync(path.join(tmpdir(), 'ftlab-fm-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const pwFile = path.join(dir, 'password');
  writeFileSync(pwFile, `${ACCOUNT.password}\n`, { mode: 0o600 });
  const run = runCluster(['--time-scale', String(timeScale), '--no-ipmi', '--password-file', pwFile, '--log-level', 'warn', ...(opts.tls ? ['--tls'] : [])]);
  t.teardown(async () => {
    run.child.kill('SIGTERM');
    await run.exited;
  });
  await waitFor('the cluster announces itself', 60_000, async () => (run.stdout().includes('\n') || run.child.exitCode !== null ? true : undefined), { intervalMs: 50 });
  if (run.child.exitCode !== null) throw new Error(`emulate cluster exited ${run.child.exitCode}: ${run.stderr()}`);
  const ann = parseClusterAnnouncement(run.stdout().split('\n')[0] ?? '');
  const inv = labInventory({ devices: [], clusters: [{ announcement: ann, placement: {} }] }, { password: { value: ACCOUNT.password, source: `file:${pwFile}` }, passwordFile: pwFile });
  const labFile = path.join(dir, 'lab.json');
  writeFileSync(labFile, JSON.stringify(labFileOf(inv, pwFile, timeScale), null, 2));
  const truthUrl = ann.truth ?? '';
  const redfish = (device: string): string => ann.members.find((m) => m.name === device)?.redfish ?? '';
  const truth = async (): Promise<Truth> => (await curlJson(truthUrl, 'GET', '/truth', ACCOUNT)).body as unknown as Truth;
  return {
    dir, labFile, timeScale, redfish, truth,
    inject: async (server, action, body = {}) => {
      const ca = ann.members.find((m) => m.name === server)?.ca;
      const url = `${redfish(server)}/redfish/v1/Oem/ClusterLab/FaultInjection/Actions/ClusterLabFaultInjection.${action}`;
      const args = ['-s', '-o', '/dev/null', '-w', '%{http_code}', '-u', `${ACCOUNT.user}:${ACCOUNT.password}`, ...(ca ? ['--cacert', ca] : []), '-H', 'Content-Type: application/json', '--data-binary', JSON.stringify(body), url];
      return Number((await exec('curl', args, { timeout: 10_000 })).stdout);
    },
    repairBmc: async (server) => (await curlJson(truthUrl, 'POST', `/control/servers/${server}/bmc`, ACCOUNT, { Answering: true })).status,
    until: async (what, test, ms = 30_000) => {
      let last: Truth | null = null;
      return waitFor(what, ms, async () => {
        last = await truth();
        return test(last) ? last : undefined;
      }, { intervalMs: 50, describeLast: () => JSON.stringify(last).slice(0, 600) });
    },
  };
}
