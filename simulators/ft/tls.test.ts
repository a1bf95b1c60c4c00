/**
 * `ftlab emulate ft --tls` as a user runs it: HTTPS only, the per-run CA announced as `ca`; curl
 * and the harness's RedfishClient trust it with the CA and refuse without it; the certificate the
 * TLS handshake presents is the one the CertificateService describes; the folder goes at exit.
 */
import test from 'ava';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import tls from 'node:tls';
import { withDeadline } from '../../lib/deadline.ts';
import { curl } from '../../lib/testing/curl.ts';
import { RedfishClient } from '../../drivers/redfish/client.ts';
import { RedfishTlsError } from '../../drivers/redfish/errors.ts';
import { startTlsEmulator } from './testing/tls-emulator.ts';

const BIN = new URL('../../bin/ftlab.js', import.meta.url).pathname;

function peerCertificate(url: string, ca: string): Promise<tls.DetailedPeerCertificate> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const s = tls.connect({ host: u.hostname, port: Number(u.port), ca }, () => {
      resolve(s.getPeerCertificate(true));
      s.end();
    });
    s.on('error', reject);
  });
}

test('--tls: HTTPS only with the announced CA; curl and RedfishClient accept it with --cacert/ca and refuse it without', async (t) => {
  const { child, line, exited } = await startTlsEmulator(t);
  t.regex(line.redfish, /^https:\/\/127\.0\.0\.1:\d+$/);
  t.regex(path.basename(path.dirname(line.ca)), /^ftlab-tls-/);
  t.regex(readFileSync(line.ca, 'utf8'), /^-----BEGIN CERTIFICATE-----\n/);

  const ok = await curl(['--cacert', line.ca, '-u', 'admin:ftlab', `${line.redfish}/redfish/v1/Systems/ft0`]);
  t.is(ok.code, 0);
  t.is((JSON.parse(ok.stdout) as { Id: string }).Id, 'ft0');
  t.is((await curl([`${line.redfish}/redfish/v1`])).code, 60, 'curl without the CA: peer verification failed');
  t.is((await curl([`${line.redfish.replace('https:', 'http:')}/redfish/v1`])).code, 52, 'no plain HTTP on the port (empty reply)');

  const rf = new RedfishClient({ baseUrl: line.redfish, auth: { mode: 'session', username: 'admin', password: 'ftlab' }, tls: { ca: line.ca }, retries: 0 });
  t.teardown(() => rf.close());
  t.is((await rf.getJson('/redfish/v1/Managers/bmc')).Id, 'bmc');
  const untrusted = new RedfishClient({ baseUrl: line.redfish, auth: { mode: 'basic', username: 'admin', password: 'ftlab' }, retries: 0 });
  t.teardown(() => untrusted.close());
  await t.throwsAsync(untrusted.getJson('/redfish/v1'), { instanceOf: RedfishTlsError, message: /trust it with "ca: FILE"/ });

  child.kill('SIGTERM');
  t.is(await exited, 0);
  t.false(existsSync(path.dirname(line.ca)), 'the per-run certificate folder is removed at exit');
});

test('--tls: CertificateService describes the certificate the handshake presents; NetworkProtocol shows HTTPS on, HTTP off, the IPMI port', async (t) => {
  const { line } = await startTlsEmulator(t);
  const ca = readFileSync(line.ca, 'utf8');
  const rf = new RedfishClient({ baseUrl: line.redfish, auth: { mode: 'basic', username: 'admin', password: 'ftlab' }, tls: { ca: line.ca }, retries: 0 });
  t.teardown(() => rf.close());
  const root = await rf.getJson('/redfish/v1');
  t.deepEqual(root.CertificateService, { '@odata.id': '/redfish/v1/CertificateService' });
  const svc = await rf.getJson('/redfish/v1/CertificateService');
  t.false('Actions' in svc, 'ReplaceCertificate is not offered, so not advertised');
  const locations = await rf.getJson('/redfish/v1/CertificateService/CertificateLocations');
  const certUri = '/redfish/v1/Managers/bmc/NetworkProtocol/HTTPS/Certificates/1';
  t.deepEqual((locations.Links as { Certificates: unknown }).Certificates, [{ '@odata.id': certUri }]);
  const proto = await rf.getJson('/redfish/v1/Managers/bmc/NetworkProtocol');
  const port = Number(new URL(line.redfish).port);
  t.like(proto, {
    HTTP: { ProtocolEnabled: false, Port: null },
    HTTPS: { ProtocolEnabled: true, Port: port, Certificates: { '@odata.id': '/redfish/v1/Managers/bmc/NetworkProtocol/HTTPS/Certificates' } },
    IPMI: { ProtocolEnabled: true, Port: Number(line.ipmi.split(':')[1]) },
    SSH: { ProtocolEnabled: false, Port: null },
  });
  t.deepEqual(await rf.members('/redfish/v1/Managers/bmc/NetworkProtocol/HTTPS/Certificates'), [certUri]);

  const cert = await rf.getJson(certUri);
  const peer = await peerCertificate(line.redfish, ca);
  t.is(cert.Fingerprint, peer.fingerprint256, 'the fingerprint of the certificate on the wire');
  t.is(cert.SerialNumber, peer.serialNumber);
  t.is(Buffer.from(String(cert.CertificateString).replace(/-----[A-Z ]+-----|\s/g, ''), 'base64').toString('hex'), peer.raw.toString('hex'));
  t.deepEqual(cert.Subject, { CommonName: peer.subject.CN, Organization: peer.subject.O });
  t.deepEqual(cert.Issuer, { CommonName: peer.issuer.CN, Organization: peer.issuer.O });
  t.is(cert.ValidNotBefore, new Date(peer.valid_from).toISOString().replace('.000Z', 'Z'));
  t.is(cert.ValidNotAfter, new Date(peer.valid_to).toISOString().replace('.000Z', 'Z'));
  t.deepEqual(cert.KeyUsage, ['DigitalSignature', 'ServerAuthentication']);
  t.like(cert, { CertificateType: 'PEM', FingerprintHashAlgorithm: 'TPM_ALG_SHA256', SignatureAlgorithm: 'ecdsa-with-SHA256' });
});

test('without --tls: plain HTTP as before, no ca, no CertificateService; NetworkProtocol shows HTTP on', async (t) => {
  const child = spawn(process.execPath, [BIN, 'emulate', 'ft'], { stdio: ['ignore', 'pipe', 'pipe'] });
  t.teardown(() => child.kill('SIGKILL'));
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
  const line = await withDeadline('first line', 30_000, async () => {
    while (!out.includes('\n')) await new Promise((res) => setTimeout(res, 20));
    return JSON.parse(out.split('\n')[0] ?? '') as { redfish: string; ca?: string };
  });
  t.regex(line.redfish, /^http:\/\//);
  t.is(line.ca, undefined);
  const rf = new RedfishClient({ baseUrl: line.redfish, auth: { mode: 'basic', username: 'admin', password: 'ftlab' }, retries: 0 });
  t.teardown(() => rf.close());
  t.false('CertificateService' in (await rf.getJson('/redfish/v1')));
  t.like(await rf.getJson('/redfish/v1/Managers/bmc/NetworkProtocol'), { HTTP: { ProtocolEnabled: true, Port: Number(new URL(line.redfish).port) }, HTTPS: { ProtocolEnabled: false, Port: null }, IPMI: { ProtocolEnabled: false, Port: null } });
});
