/**
 * The default cluster's server BMCs on 127.0.0.1 at 1000x time, for the peer tests: IPMI
 * (startClusterIpmi) and Redfish over HTTPS with a run CA (fence_redfish speaks HTTPS only;
 * fence_redfish and sushy verify the certificate against the CA, redfishtool cannot: it never
 * verifies). And how to run a peer: execFile (no shell), secrets on stdin where the peer allows.
 */
import type { ExecutionContext } from 'ava';
import { execFile } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { ScaledClock } from '../../../lib/clock.ts';
import { loadClusterConfig } from '../config/load.ts';
import { startClusterIpmi } from '../ipmi/fleet-ipmi.ts';
import { ClusterModel } from '../model/cluster.ts';
import type { PowerState } from '../model/events.ts';
import { startClusterServices } from '../redfish/services.ts';
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
  const services = await startClusterServices(model, { bind: '127.0.0.1', account: ACCOUNT, tls: { cert: certs.certPem, key: certs.keyPem } });
  t.teardown(() => services.close());
  const ipmi = await startClusterIpmi(model, { bind: '127.0.0.1', account: ACCOUNT });
  t.teardown(() => ipmi.close());
  const redfish = (id: string): URL => new URL(services.devices.find((d) => d.name === id)?.redfish ?? 'https://invalid');
  const ipmiPort = (id: string): number => Number(ipmi.endpoints.get(id)?.split(':')[1]);
  const power = (id: string): PowerState => model.systemOf(id).power;
  return { model, redfish, ipmiPort, power, ca: certs.caFile };
}
