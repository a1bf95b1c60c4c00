import test from 'ava';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { RedfishClient } from './client.ts';
import { RedfishTlsError } from './errors.ts';
import { sendJson, startPeer, type Peer } from './testing/peer.ts';

/** A self-signed certificate for 127.0.0.1, made with the openssl CLI for this test run. */
function makeCert(): { dir: string; keyFile: string; certFile: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'ftlab-tls-'));
  const keyFile = path.join(dir, 'key.pem');
  const certFile = path.join(dir, 'cert.pem');
  execFileSync(
    'openssl',
    ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', keyFile, '-out', certFile, '-days', '2', '-subj', '/CN=ftlab test BMC', '-addext', 'subjectAltName=IP:127.0.0.1'],
    { stdio: 'ignore' },
  );
  return { dir, keyFile, certFile };
}

let peer: Peer;
let certFile: string;
let certDir: string | undefined;

test.before(async () => {
  const cert = makeCert();
  certFile = cert.certFile;
  certDir = cert.dir;
  peer = await startPeer((_req, res) => sendJson(res, 200, { Id: 'RootService' }), { key: readFileSync(cert.keyFile, 'utf8'), cert: readFileSync(cert.certFile, 'utf8') });
});

test.after.always(async () => {
  await peer?.close();
  if (certDir) rmSync(certDir, { recursive: true, force: true });
});

test('verification is on by default: a self-signed BMC certificate is refused with a hint', async (t) => {
  const c = new RedfishClient({ baseUrl: peer.url, retries: 2, retryDelayMs: 1 });
  t.teardown(() => c.close());
  const e = await t.throwsAsync(c.getJson('/redfish/v1'), { instanceOf: RedfishTlsError });
  t.regex(e?.message ?? '', /TLS certificate not accepted .*"ca: FILE".*"insecure: true"/);
  t.is(peer.seen.length, 0, 'no request reached the server, and a TLS failure is not retried');
});

test('the certificate is accepted when its CA file is given', async (t) => {
  const c = new RedfishClient({ baseUrl: peer.url, tls: { ca: certFile } });
  t.teardown(() => c.close());
  t.deepEqual(await c.getJson('/redfish/v1'), { Id: 'RootService' });
});

test('insecure: true accepts any certificate', async (t) => {
  const c = new RedfishClient({ baseUrl: peer.url, tls: { insecure: true } });
  t.teardown(() => c.close());
  t.deepEqual(await c.getJson('/redfish/v1'), { Id: 'RootService' });
});
