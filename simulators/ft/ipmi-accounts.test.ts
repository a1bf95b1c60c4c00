/**
 * One account list on both protocols of an emulated ft server: accounts created, changed and
 * deleted over Redfish (real HTTP) take effect over IPMI (ipmitool and a raw RMCP+ console on
 * real UDP). Over-long passwords are refused over IPMI with a warning that names the account only.
 */
import test, { type ExecutionContext } from 'ava';
import { Writable } from 'node:stream';
import winston from 'winston';
import { RAKP_STATUS } from '../../drivers/ipmi/codec/rakp-status.ts';
import { PRIVILEGE } from '../../drivers/ipmi/codec/commands/spec.ts';
import { startFtServer } from './server.ts';
import { RedfishClient } from './testing/client.ts';
import { SYSTEM } from './uris.ts';
import { startIpmiFor } from './ipmi-adapter.ts';
import { ipmitool, makePeerHome } from '../ipmi/testing/peers.ts';
import { RawConsole } from '../ipmi/testing/raw-console.ts';

const ACCOUNTS = '/redfish/v1/AccountService/Accounts';
const RAKP_UNAUTHORIZED_NAME = RAKP_STATUS.UNAUTHORIZED_NAME;
const RAKP_UNAUTHORIZED_ROLE = RAKP_STATUS.UNAUTHORIZED_ROLE;

function captureLogger(): { logger: winston.Logger; lines: string[] } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(chunk.toString('utf8'));
      done();
    },
  });
  const logger = winston.createLogger({ level: 'debug', format: winston.format.json(), transports: [new winston.transports.Stream({ stream })] });
  return { logger, lines };
}

async function setup(t: ExecutionContext) {
  const { logger, lines } = captureLogger();
  const ft = await startFtServer({ port: 0, timeScale: 50, accounts: [{ user: 'admin', password: 'ft-Secret-1', role: 'Administrator' }] });
  const ipmi = await startIpmiFor(ft, { host: '127.0.0.1', port: 0, user: 'admin', password: 'ft-Secret-1', logger });
  const home = makePeerHome();
  const raw = await RawConsole.connect(ipmi.server.port);
  t.teardown(async () => {
    await raw.close();
    await ipmi.close();
    await ft.close();
    home.cleanup();
  });
  const rf = new RedfishClient(ft.redfishUrl, 'admin', 'ft-Secret-1');
  const create = async (user: string, password: string, role: string): Promise<string> => {
    const r = await rf.post(ACCOUNTS, { UserName: user, Password: password, RoleId: role });
    if (r.status !== 201) throw new Error(`create ${user}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.headers.get('location')?.replace(/^https?:\/\/[^/]+/, '') ?? '';
  };
  return { ft, ipmi, home, raw, rf, create, lines, port: ipmi.server.port };
}

test('an Operator created over Redfish logs in over IPMI as Operator, and no higher', async (t) => {
  const { home, raw, create, port } = await setup(t);
  await create('oper1', 'Oper-pass-1', 'Operator');
  const info = await ipmitool(home, { port, user: 'oper1', password: 'Oper-pass-1' }, ['session', 'info', 'active'], { cipher: 17, privilege: 'OPERATOR' });
  t.is(info.code, 0, info.stderr);
  t.regex(info.stdout, /privilege level\s*:\s*OPERATOR/i);
  // The Operator role allows chassis control (needs Operator), and not an Administrator session.
  const power = await ipmitool(home, { port, user: 'oper1', password: 'Oper-pass-1' }, ['chassis', 'power', 'status'], { cipher: 3, privilege: 'OPERATOR' });
  t.is(power.code, 0, power.stderr);
  const admin = await raw.login({ user: 'oper1', password: 'Oper-pass-1', privilege: PRIVILEGE.ADMINISTRATOR });
  t.deepEqual(admin, { ok: false, stage: 'rakp2', status: RAKP_UNAUTHORIZED_ROLE });
  const asOperator = await raw.login({ user: 'oper1', password: 'Oper-pass-1', privilege: PRIVILEGE.OPERATOR });
  t.true(asOperator.ok);
});

test('a password changed over Redfish: the old one fails RAKP2, the new one logs in; role and Enabled follow too', async (t) => {
  const { raw, rf, create } = await setup(t);
  const uri = await create('oper2', 'Oper-pass-2', 'Operator');
  t.true((await raw.login({ user: 'oper2', password: 'Oper-pass-2', privilege: PRIVILEGE.OPERATOR })).ok);

  const patched = await rf.request('PATCH', uri, { Password: 'New-pass-22' });
  t.is(patched.status, 200, JSON.stringify(patched.body));
  t.deepEqual(await raw.login({ user: 'oper2', password: 'Oper-pass-2', privilege: PRIVILEGE.OPERATOR }), { ok: false, stage: 'rakp2-code', status: 0x0f }, 'the old password no longer keys RAKP2');
  t.true((await raw.login({ user: 'oper2', password: 'New-pass-22', privilege: PRIVILEGE.OPERATOR })).ok);

  t.is((await rf.request('PATCH', uri, { RoleId: 'ReadOnly' })).status, 200);
  t.deepEqual(await raw.login({ user: 'oper2', password: 'New-pass-22', privilege: PRIVILEGE.OPERATOR }), { ok: false, stage: 'rakp2', status: RAKP_UNAUTHORIZED_ROLE });
  t.true((await raw.login({ user: 'oper2', password: 'New-pass-22', privilege: PRIVILEGE.USER })).ok, 'ReadOnly is IPMI User');

  t.is((await rf.request('PATCH', uri, { Enabled: false })).status, 200);
  t.deepEqual(await raw.login({ user: 'oper2', password: 'New-pass-22', privilege: PRIVILEGE.USER }), { ok: false, stage: 'rakp2', status: RAKP_UNAUTHORIZED_NAME });
  t.is((await rf.request('PATCH', uri, { Enabled: true })).status, 200);
  t.true((await raw.login({ user: 'oper2', password: 'New-pass-22', privilege: PRIVILEGE.USER })).ok, 're-enabled with the password it had');
});

test('an account deleted over Redfish is refused over IPMI, and its open IPMI session ends', async (t) => {
  const { ipmi, raw, rf, create } = await setup(t);
  const uri = await create('oper3', 'Oper-pass-3', 'Operator');
  const login = await raw.login({ user: 'oper3', password: 'Oper-pass-3', privilege: PRIVILEGE.OPERATOR });
  if (!login.ok) return t.fail(`login failed: ${JSON.stringify(login)}`);
  t.is((await raw.call(login.session, 0x06, 0x01)).completionCode, 0);
  const sessionsBefore = ipmi.server.sessionCount();

  t.is((await rf.request('DELETE', uri)).status, 204);
  t.is(ipmi.server.sessionCount(), sessionsBefore - 1, 'the deleted user\'s session is gone');
  raw.send(raw.request(login.session, 0x06, 0x01));
  await t.throwsAsync(raw.next('answer in a session of a deleted user', 500), { message: /no datagram/ });
  t.deepEqual(await raw.login({ user: 'oper3', password: 'Oper-pass-3', privilege: PRIVILEGE.USER }), { ok: false, stage: 'rakp2', status: RAKP_UNAUTHORIZED_NAME });
  // The other accounts are untouched.
  t.true((await raw.login({ user: 'admin', password: 'ft-Secret-1', privilege: PRIVILEGE.ADMINISTRATOR })).ok);
  t.is((await rf.get<{ PowerState: string }>(SYSTEM)).PowerState, 'On');
});

test('a password over 20 bytes works over Redfish, is refused over IPMI (not truncated), with a warning naming the account only', async (t) => {
  const { ft, raw, rf, create, lines } = await setup(t);
  const long = 'Long-password-of-32-bytes-000001';
  t.is(Buffer.byteLength(long), 32);
  const uri = await create('longpw', long, 'Operator');
  t.is((await new RedfishClient(ft.redfishUrl, 'longpw', long).request('GET', SYSTEM)).status, 200, 'Redfish accepts it');
  t.deepEqual(await raw.login({ user: 'longpw', password: long, privilege: PRIVILEGE.USER }), { ok: false, stage: 'rakp2', status: RAKP_UNAUTHORIZED_NAME });
  t.deepEqual(await raw.login({ user: 'longpw', password: long.slice(0, 20), privilege: PRIVILEGE.USER }), { ok: false, stage: 'rakp2', status: RAKP_UNAUTHORIZED_NAME }, 'no truncation');
  const warnings = lines.filter((l) => l.includes('"warn"') && l.includes('longpw'));
  t.true(warnings.some((l) => /longer than 20 bytes/.test(l)), lines.join(''));
  t.false(lines.some((l) => l.includes(long) || l.includes(long.slice(0, 20))), 'the password never reaches the log');
  t.true(lines.some((l) => /cannot log in over IPMI: its password is longer than 20 bytes/.test(l)), 'the RAKP1 refusal says why');

  // A short password set later makes the account usable over IPMI.
  t.is((await rf.request('PATCH', uri, { Password: 'Short-pass-9' })).status, 200);
  t.true((await raw.login({ user: 'longpw', password: 'Short-pass-9', privilege: PRIVILEGE.OPERATOR })).ok);
});
