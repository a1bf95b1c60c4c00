/** The cluster's Redfish services on 127.0.0.1 at 1000x time, and curl to drive them. */
import type { ExecutionContext } from 'ava';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { ScaledClock } from '../../../lib/clock.ts';
import { waitFor } from '../../../lib/deadline.ts';
import { loadClusterConfig } from '../config/load.ts';
import { ClusterModel } from '../model/cluster.ts';
import { startClusterServices } from '../redfish/services.ts';

const run = promisify(execFile);
const USER = 'admin';
const PASSWORD = 'cluster-pw-1';
/** 1000x: a 77 s boot takes 77 ms, a 500 ms commit 0.5 ms. */
const SCALE = 1000;

export interface CurlReply {
  status: number;
  body: Record<string, unknown> | null;
}

export async function curl(base: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<CurlReply> {
  return curlJson(base, method, path, { user: USER, password: PASSWORD }, body, headers);
}

/** curl with an account of its own; `status` 0 when curl got no HTTP answer at all. */
export async function curlJson(base: string, method: string, path: string, auth: { user: string; password: string }, body?: unknown, headers: Record<string, string> = {}): Promise<CurlReply> {
  const args = ['-s', '-u', `${auth.user}:${auth.password}`, '-X', method, '-w', '\n%{http_code}', `${base}${path}`];
  for (const [k, v] of Object.entries(headers)) args.push('-H', `${k}: ${v}`);
  if (body !== undefined) args.push('-H', 'Content-Type: application/json', '--data-binary', JSON.stringify(body));
  let stdout: string;
  try {
    ({ stdout } = await run('curl', args, { timeout: 10_000 }));
  } catch (e) {
    // curl exits non-zero when nothing answered (refused, reset, empty reply): -w still printed 000
    const out = (e as { stdout?: unknown }).stdout;
    if (typeof out !== 'string' || !out.endsWith('000')) throw e;
    stdout = out;
  }
  const cut = stdout.lastIndexOf('\n');
  const text = stdout.slice(0, cut);
  return { status: Number(stdout.slice(cut + 1)), body: text ? (JSON.parse(text) as Record<string, unknown>) : null };
}

export async function lab(t: ExecutionContext, scale = SCALE) {
  const model = new ClusterModel(loadClusterConfig(), new ScaledClock(scale));
  const services = await startClusterServices(model, { bind: '127.0.0.1', account: { user: USER, password: PASSWORD } });
  t.teardown(() => services.close());
  const url = (name: string): string => services.devices.find((d) => d.name === name)?.redfish ?? '';
  return { model, services, url };
}

export async function bootState(base: string, id: string): Promise<string> {
  const r = await curl(base, 'GET', `/redfish/v1/Systems/${id}`);
  const p = r.body?.BootProgress as { LastState?: string; OemLastState?: string } | undefined;
  return p?.OemLastState ?? p?.LastState ?? `HTTP ${r.status}`;
}

export async function until(base: string, id: string, state: string): Promise<void> {
  let last = '';
  await waitFor(`${id} reaches ${state}`, 30_000, async () => ((last = await bootState(base, id)) === state ? true : undefined), { intervalMs: 20, describeLast: () => last });
}

