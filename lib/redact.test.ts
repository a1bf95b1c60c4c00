import test from 'ava';
import { REDACTED, redact, redactString, registerSecret } from './redact.ts';
import { createLogger } from './log.ts';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

test('credential-like keys are masked at any depth, booleans and nulls kept', (t) => {
  const out = redact({
    url: 'http://bmc',
    password: 'hunter22',
    nested: { Authorization: 'Basic abc', 'X-Auth-Token': 'tok', passwordFile: '/etc/pw', token: null },
    list: [{ secret: 's3cr3t' }],
    insecure: true,
  });
  t.deepEqual(out, {
    url: 'http://bmc',
    password: REDACTED,
    nested: { Authorization: REDACTED, 'X-Auth-Token': REDACTED, passwordFile: REDACTED, token: null },
    list: [{ secret: REDACTED }],
    insecure: true,
  });
});

test('a secret that contains a shorter registered secret is masked whole, whatever the registration order', (t) => {
  registerSecret('Zq7short');
  registerSecret('Zq7short-and-then-much-longer');
  t.is(redactString('token Zq7short-and-then-much-longer and Zq7short'), `token ${REDACTED} and ${REDACTED}`);
});

test('registered secrets are masked inside strings, and URL userinfo passwords too', (t) => {
  registerSecret('correct-horse-battery');
  t.is(redactString('login with correct-horse-battery failed'), `login with ${REDACTED} failed`);
  t.is(redactString('GET https://admin:pa55w0rd@10.0.0.1/redfish'), `GET https://admin:${REDACTED}@10.0.0.1/redfish`);
});

test('the logger never writes a registered secret to its JSON file', async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'ftlab-log-'));
  const file = path.join(dir, 'run.log');
  registerSecret('Tr0ub4dor&3');
  const log = createLogger({ console: false, jsonFile: file, level: 'debug' });
  log.info('session opened with Tr0ub4dor&3', { device: 'ft0', password: 'Tr0ub4dor&3', headers: { authorization: 'Basic xyz' } });
  await new Promise<void>((resolve) => {
    log.on('finish', () => resolve());
    log.end();
  });
  const text = readFileSync(file, 'utf8');
  t.true(text.includes('session opened with'));
  t.false(text.includes('Tr0ub4dor&3'));
  t.false(text.includes('Basic xyz'));
});

test('the documented default password is not treated as a secret (it is the product name too)', (t) => {
  registerSecret('ftlab');
  t.is(redactString('ftlab emulate ft: default account admin/ftlab'), 'ftlab emulate ft: default account admin/ftlab');
});

test('URL credentials are masked whatever the password holds; a user without a password is kept', (t) => {
  t.is(redactString('url https://admin:Sup3rS3cret@10.0.0.1/redfish'), `url https://admin:${REDACTED}@10.0.0.1/redfish`);
  t.is(redactString('"https://admin:Sup3r/S3cret@10.0.0.1"'), `"https://admin:${REDACTED}@10.0.0.1"`);
  t.is(redactString('https://admin:a@b:c@host:8443 and more'), `https://admin:${REDACTED}@host:8443 and more`);
  t.is(redactString('ftp://u:p4ss@h'), `ftp://u:${REDACTED}@h`);
  t.is(redactString('https://admin@10.0.0.1 and https://10.0.0.1:443/x'), 'https://admin@10.0.0.1 and https://10.0.0.1:443/x');
});
