/**
 * A cluster over HTTPS: every device's Redfish is https:// with the run CA announced as `ca`, curl
 * verifies it (and refuses without it); a BMC that stops answering drops the connection before
 * the TLS handshake, and answers again once repaired.
 */
import test from 'ava';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { makeRunCertificates } from '../../../lib/x509/run-certificates.ts';
import { loadClusterConfig } from '../config/load.ts';
import { startClusterProcess } from './start.ts';

const run = promisify(execFile);
const ACCOUNT = { user: 'admin', password: 'tls-pw-1' };

async function status(url: string, args: string[], method = 'GET', body?: unknown): Promise<string> {
  const data = body === undefined ? [] : ['-H', 'Content-Type: application/json', '--data-binary', JSON.stringify(body)];
  const r = await run('curl', ['-s', '-o', '/dev/null', '-w', '%{http_code}', '-u', `${ACCOUNT.user}:${ACCOUNT.password}`, '-X', method, ...data, ...args, url], { timeout: 10_000 }).catch((e: { stdout?: string }) => ({ stdout: e.stdout ?? '' }));
  return r.stdout;
}

test('every device serves HTTPS with the run CA; a stopped BMC drops before the handshake', async (t) => {
  const certs = makeRunCertificates({ hosts: ['127.0.0.1'] });
  t.teardown(() => certs.remove());
  const c = await startClusterProcess({ config: loadClusterConfig(), timeScale: 1000, account: ACCOUNT, tls: { cert: certs.certPem, key: certs.keyPem, caFile: certs.caFile }, powerOn: false });
  t.teardown(() => c.close());
  const a = c.announcement();
  t.true(a.devices.every((d) => d.redfish.startsWith('https://127.0.0.1:') && d.ca === certs.caFile));
  const srv = a.devices.find((d) => d.name === 'srv03')!;
  const fc = a.devices.find((d) => d.name === 'fcB')!;
  t.is(await status(`${srv.redfish}/redfish/v1/Systems/srv03`, ['--cacert', certs.caFile]), '200');
  t.is(await status(`${fc.redfish}/redfish/v1/Fabrics/B`, ['--cacert', certs.caFile]), '200');
  t.is(await status(`${srv.redfish}/redfish/v1/Systems/srv03`, []), '000', 'no CA, no connection: verification is on');
  const stop = `${srv.redfish}/redfish/v1/Oem/ClusterLab/FaultInjection/Actions/ClusterLabFaultInjection.StopAnswering`;
  t.is(await status(stop, ['--cacert', certs.caFile], 'POST', {}), '204');
  const { stderr } = await run('curl', ['-sS', '--cacert', certs.caFile, `${srv.redfish}/redfish/v1`], { timeout: 10_000 }).catch((e: { stderr?: string }) => ({ stderr: e.stderr ?? '' }));
  t.regex(stderr, /curl: \(35\)|Connection reset|SSL_connect|unexpected eof/i, 'the connection ends before TLS');
  c.model.setBmcAnswering('srv03', true);
  t.is(await status(`${srv.redfish}/redfish/v1/Systems/srv03`, ['--cacert', certs.caFile]), '200');
});
