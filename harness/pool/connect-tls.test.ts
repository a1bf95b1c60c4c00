/**
 * rediss://: a redis-server of the test's own with TLS only (--port 0), its certificate signed by a
 * CA the test makes with openssl; verification on against --pool-ca. Skipped, saying why, when the
 * installed redis-server was built without TLS.
 */
import test from 'ava';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { InfraError } from '../../lib/errors.ts';
import { connectPool, parsePoolUrl } from './connect.ts';
import { poolKeys } from './keys.ts';
import { LeaseStore } from './lease.ts';
import { freePort, launch } from './testing/redis-server.ts';

const PASSWORD = 'tls-pool-secret-9c41';

/** A CA and a certificate for 127.0.0.1 signed by it; a second, unrelated CA. */
function makePki(dir: string): { ca: string; otherCa: string; cert: string; key: string } {
  const run = (...args: string[]): void => void execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  for (const name of ['ca', 'other-ca']) run('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', `/CN=ftlab test ${name}`, '-keyout', `${name}.key`, '-out', `${name}.pem`);
  run('req', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=127.0.0.1', '-keyout', 'server.key', '-out', 'server.csr');
  writeFileSync(path.join(dir, 'san.ext'), 'subjectAltName=IP:127.0.0.1\n');
  run('x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '2', '-extfile', 'san.ext', '-out', 'server.pem');
  return { ca: path.join(dir, 'ca.pem'), otherCa: path.join(dir, 'other-ca.pem'), cert: path.join(dir, 'server.pem'), key: path.join(dir, 'server.key') };
}

/** Whether the installed redis-server has TLS built in (Debian links it against libssl). */
function tlsBuiltIn(): boolean {
  try {
    return /libssl/.test(execFileSync('sh', ['-c', 'ldd "$(command -v redis-server)"'], { stdio: 'pipe' }).toString());
  } catch {
    return false;
  }
}

const TITLE = 'rediss:// with verification on: the CA of --pool-ca is trusted, another CA is an infra error naming the URL without its password';
const tlsTest = tlsBuiltIn() ? test.serial : test.skip;

tlsTest(tlsBuiltIn() ? TITLE : `${TITLE} (SKIPPED: the installed redis-server has no TLS built in)`, async (t) => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ftlab-tls-'));
  const pki = makePki(dir);
  const port = await freePort();
  const server = await launch(0, dir, ['--tls-port', String(port), '--tls-cert-file', pki.cert, '--tls-key-file', pki.key, '--tls-ca-cert-file', pki.ca, '--tls-auth-clients', 'no', '--requirepass', PASSWORD]);
  t.teardown(() => {
    server.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });
  const target = parsePoolUrl(`rediss://127.0.0.1:${port}/0`);
  const env = { REDIS_PASSWORD: PASSWORD };
  const client = await connectPool(target, { caFile: pki.ca, env });
  t.teardown(() => client.disconnect());
  const store = new LeaseStore(client, poolKeys('tls'), 60_000);
  t.truthy(await store.acquire('w1', ['ft0']), 'the pool works over TLS');
  for (const creds of [{ caFile: pki.otherCa, env }, { env }]) {
    const e = await t.throwsAsync(connectPool(target, { ...creds, connectWithinMs: 5000 }), { instanceOf: InfraError });
    t.regex(e?.message ?? '', new RegExp(`the bench pool rediss://127\\.0\\.0\\.1:${port}/0 is unreachable: .*(certificate|self-signed|issuer)`, 'i'));
    t.false((e?.message ?? '').includes(PASSWORD));
  }
  t.is(await client.get('tls:bench:ft0').then((v) => v?.endsWith('|w1')), true, 'the refused clients changed nothing');
});
