/**
 * The default cluster's server BMCs on 127.0.0.1 at 1000x time, for the peer tests: IPMI
 * (startClusterIpmi) and Redfish over HTTPS with a run CA (fence_redfish speaks HTTPS only; every
 * peer verifies the certificate against the CA). And how to run a peer: execFile (no shell),
 * secrets on stdin.
 */
import type { ExecutionContext } from 'ava';
import { execFile } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { ScaledClock } from '../../../lib/clock.ts';
import { waitFor } from '../../../lib/deadline.ts';
import { loadClusterConfig } from '../config/load.ts';
import { startClusterIpmi } from '../ipmi/fleet-ipmi.ts';
import { ClusterModel } from '../model/cluster.ts';
import type { PowerState } from '../model/events.ts';
import { CLUSTER_REGISTRY } from '../redfish/registry.ts';
import { mountServer } from '../redfish/server.ts';
import { RedfishService } from '../../redfish/index.ts';
import { makeRunCertificates } from '../../../lib/x509/run-certificates.ts';

export const ACCOUNT = { user: 'admin', password: 'Peer-fleet-pw1' };
/** 1000x: a 77 s boot takes 77 ms. */
const SCALE = 1000;

export interface PeerRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Run `file args` with `input` on stdin; never throws (a missing binary is code -1). */
export function runPeer(file: string, args: readonly string[], opts: { input?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<PeerRun> {
  return new Promise((resolve) => {
    const child = execFile(file, [...args], { env: opts.env ?? { PATH: `${process.env.PATH ?? ''}:/usr/sbin:/sbin` }, timeout: opts.timeoutMs ?? 60_000, encoding: 'utf8' }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr });
    });
    child.stdin?.end(opts.input ?? '');
  });
}

/** The first of `paths` that is executable, or undefined (the peer is not installed). */
export function installed(...paths: string[]): string | undefined {
  return paths.find((p) => {
    try {
      accessSync(p, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

export async function fleetLab(t: ExecutionContext) {
  const model = new ClusterModel(loadClusterConfig(), new ScaledClock(SCALE));
  model.start();
  const certs = makeRunCertificates({ hosts: ['127.0.0.1'] });
  t.teardown(() => certs.remove());
  const urls = new Map<string, URL>();
  for (const id of model.servers.keys()) {
    const svc = new RedfishService({ clock: model.clock, accounts: [{ ...ACCOUNT, role: 'Administrator' }], product: `ftlab emulated server ${id}`, vendor: 'ftlab', oemRegistries: [CLUSTER_REGISTRY] });
    mountServer(svc, model, id);
    const handle = await svc.listen({ host: '127.0.0.1', port: 0, tls: { cert: certs.certPem, key: certs.keyPem } });
    t.teardown(() => handle.close());
    urls.set(id, new URL(handle.url));
  }
  const ipmi = await startClusterIpmi(model, { bind: '127.0.0.1', account: ACCOUNT });
  t.teardown(() => ipmi.close());
  const redfish = (id: string): URL => urls.get(id) ?? new URL('https://invalid');
  const ipmiPort = (id: string): number => Number(ipmi.endpoints.get(id)?.split(':')[1]);
  const power = (id: string): PowerState => model.systemOf(id).power;
  const until = (id: string, state: PowerState): Promise<true> =>
    waitFor(`${id} power ${state}`, 10_000, () => Promise.resolve(power(id) === state ? true : undefined), { intervalMs: 10, describeLast: () => power(id) });
  return { model, redfish, ipmiPort, power, until, ca: certs.caFile };
}
