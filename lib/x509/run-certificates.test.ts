/**
 * The run certificates, checked by independent parsers and real handshakes, no golden files:
 * `openssl x509 -text` and `openssl verify`, node's X509Certificate, an HTTPS server that
 * node's client and curl accept with the CA and refuse without it.
 */
import test from 'ava';
import { execFile } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import { curl } from '../testing/curl.ts';
import { ipBytes } from './certificate.ts';
import { makeRunCertificates } from './run-certificates.ts';

const run = promisify(execFile);

async function exitCode(cmd: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await run(cmd, args, { timeout: 20_000 });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const err = e as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof err.code === 'number' ? err.code : -1, stdout: err.stdout ?? '', stderr: err.stderr ?? '' };
  }
}

test('openssl reads both certificates: CA constraints and key usage, server SAN, EKU, validity', async (t) => {
  const now = new Date('2026-12-06T04:00:00Z');
  const c = makeRunCertificates({ hosts: ['127.0.0.2', '::1'], now, validityMs: 3600_000 });
  t.teardown(() => c.remove());
  const ca = (await exitCode('openssl', ['x509', '-in', c.caFile, '-text', '-noout'])).stdout;
  t.regex(ca, /Version: 3 \(0x2\)/);
  t.regex(ca, /Signature Algorithm: ecdsa-with-SHA256/);
  t.regex(ca, /X509v3 Basic Constraints: critical\s+CA:TRUE/);
  t.regex(ca, /X509v3 Key Usage: critical\s+Certificate Sign, CRL Sign/);
  t.regex(ca, /Not Before: Dec  6 03:55:00 2026 GMT/);
  t.regex(ca, /Not After : Dec  6 05:00:00 2026 GMT/);
  const srv = (await exitCode('openssl', ['x509', '-in', c.certFile, '-text', '-noout'])).stdout;
  t.regex(srv, /X509v3 Basic Constraints: critical\s+CA:FALSE/);
  t.regex(srv, /X509v3 Key Usage: critical\s+Digital Signature\n/);
  t.regex(srv, /X509v3 Extended Key Usage:\s+TLS Web Server Authentication\n/);
  t.regex(srv, /DNS:localhost, IP Address:127\.0\.0\.1, IP Address:127\.0\.0\.2, IP Address:0:0:0:0:0:0:0:1\n/);
  t.regex(srv, /Public-Key: \(256 bit\)[\s\S]*NIST CURVE: P-256/);
  // the authority key identifier of the server is the CA's subject key identifier
  const caSki = /Subject Key Identifier:\s+([0-9A-F:]+)/.exec(ca)?.[1];
  t.truthy(caSki);
  t.regex(srv, new RegExp(`Authority Key Identifier:\\s+(keyid:)?${caSki}`));
  const verify = await exitCode('openssl', ['verify', '-attime', String(now.getTime() / 1000), '-CAfile', c.caFile, c.certFile]);
  t.is(verify.code, 0, verify.stderr);
  t.regex(verify.stdout, /: OK/);
});

test('node X509Certificate: issued by the CA, signature valid, names and IPs match', (t) => {
  const c = makeRunCertificates({ hosts: ['127.0.0.5', 'bmc.lab.example', '0.0.0.0'] });
  t.teardown(() => c.remove());
  const ca = new X509Certificate(c.caPem);
  t.true(ca.ca);
  t.false(c.cert.ca);
  t.true(c.cert.checkIssued(ca));
  t.true(c.cert.verify(ca.publicKey));
  t.true(ca.verify(ca.publicKey));
  t.is(c.cert.checkIP('127.0.0.1'), '127.0.0.1');
  t.is(c.cert.checkIP('127.0.0.5'), '127.0.0.5');
  t.is(c.cert.checkIP('127.0.0.6'), undefined);
  t.is(c.cert.checkHost('localhost'), 'localhost');
  t.is(c.cert.checkHost('bmc.lab.example'), 'bmc.lab.example');
  t.is(c.cert.subjectAltName, 'DNS:localhost, DNS:bmc.lab.example, IP Address:127.0.0.1, IP Address:127.0.0.5');
  t.deepEqual(c.cert.keyUsage, ['1.3.6.1.5.5.7.3.1']);
  t.is(c.cert.serialNumber.length, 32);
  const twoDays = Date.parse(c.cert.validTo) - Date.parse(c.cert.validFrom);
  t.is(twoDays, 2 * 24 * 3600_000 + 5 * 60_000);
});

test('files: a private folder, the key 0600; remove() deletes it all', (t) => {
  const c = makeRunCertificates();
  t.is(statSync(c.dir).mode & 0o777, 0o700);
  t.is(statSync(c.keyFile).mode & 0o777, 0o600);
  t.true(existsSync(c.caFile));
  c.remove();
  t.false(existsSync(c.dir));
});

test('ipBytes: IPv4, IPv6 with ::, and IPv4-mapped forms; bad input refused', (t) => {
  t.deepEqual([...ipBytes('10.1.2.3')], [10, 1, 2, 3]);
  t.is(Buffer.from(ipBytes('fe80::1')).toString('hex'), 'fe800000000000000000000000000001');
  t.is(Buffer.from(ipBytes('::ffff:10.0.0.1')).toString('hex'), '00000000000000000000ffff0a000001');
  t.is(Buffer.from(ipBytes('::')).toString('hex'), '0'.repeat(32));
  t.throws(() => ipBytes('localhost'), { message: /expected an IPv4 or IPv6 address/ });
});

test('a real HTTPS handshake: trusted with the CA (node and curl), refused without it', async (t) => {
  const c = makeRunCertificates();
  const server = https.createServer({ key: c.keyPem, cert: c.certPem }, (_req, res) => res.end('hello'));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  t.teardown(() => {
    server.closeAllConnections();
    server.close();
    c.remove();
  });
  const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  const get = (ca?: string): Promise<string> =>
    new Promise((resolve, reject) => {
      https.get(url, { ...(ca ? { ca } : {}), agent: false, timeout: 10_000 }, (res) => {
        let s = '';
        res.on('data', (d: Buffer) => (s += d.toString()));
        res.on('end', () => resolve(s));
      }).on('error', reject);
    });
  t.is(await get(c.caPem), 'hello');
  const refused = await t.throwsAsync(get());
  t.regex((refused as NodeJS.ErrnoException | undefined)?.code ?? '', /UNABLE_TO_VERIFY_LEAF_SIGNATURE|SELF_SIGNED|UNABLE_TO_GET_ISSUER_CERT_LOCALLY/);
  const ok = await curl(['--cacert', c.caFile, url]);
  t.is(ok.code, 0, ok.stderr);
  t.is(ok.stdout, 'hello');
  const bad = await curl([url]);
  t.is(bad.code, 60, bad.stderr); // CURLE_PEER_FAILED_VERIFICATION
});
