/**
 * IPMI 1.5 sessions are not served: every console is refused at once with a clear answer instead
 * of waiting for its timeout. ipmitool -I lan and FreeIPMI -D LAN stop at Get Channel
 * Authentication Capabilities (no 1.5 authentication type is offered); a console that asks for a
 * session challenge anyway gets completion code D6h (command sub-function disabled or unavailable).
 * Real peers on 127.0.0.1; assertions on exit status and messages, not on time.
 */
import test, { type ExecutionContext } from 'ava';
import { CC } from '../../drivers/ipmi/codec/completion-codes.ts';
import { decodeIpmiResponse, encodeIpmiRequest } from '../../drivers/ipmi/codec/message.ts';
import { AUTH_TYPE, decodeSession15, encodeSession15 } from '../../drivers/ipmi/codec/session15.ts';
import { encodeSessionChallengeRequest } from '../../drivers/ipmi/codec/commands/session-commands.ts';
import { IpmiClient } from '../../drivers/ipmi/client.ts';
import { IpmiAuthError } from '../../drivers/ipmi/errors.ts';
import { GenericBmcBackend } from './generic-backend.ts';
import { RawConsole } from './testing/raw-console.ts';
import { freeipmi, ipmitool, makePeerHome } from './testing/peers.ts';
import { startIpmiServer } from './server.ts';

const LOGIN = { user: 'admin', password: 'Admin-pass-15' };

async function setup(t: ExecutionContext) {
  const server = await startIpmiServer({ accounts: [{ ...LOGIN, role: 'Administrator' }], backend: new GenericBmcBackend() });
  const home = makePeerHome();
  t.teardown(async () => {
    await server.close();
    home.cleanup();
  });
  return { server, home, login: { ...LOGIN, port: server.port } };
}

test('ipmitool -I lan fails at once with an IPMI 1.5 error (default and every -A auth type)', async (t) => {
  const { home, login } = await setup(t);
  for (const authType of [undefined, 'MD5', 'PASSWORD', 'NONE']) {
    const r = await ipmitool(home, login, ['chassis', 'power', 'status'], { iface: 'lan', ...(authType ? { authType } : {}) });
    t.not(r.code, 0, `-A ${authType ?? '(default)'}`);
    t.regex(r.stderr, /Unable to establish IPMI v1\.5 \/ RMCP session/);
    t.regex(r.stderr, /Authentication type \w+ not supported/, `-A ${authType ?? '(default)'}: refused on the offered auth types`);
    t.notRegex(r.stderr, /timeout|No response/i);
  }
  // The same console over RMCP+ works: the refusal is about IPMI 1.5 only.
  t.is((await ipmitool(home, login, ['chassis', 'power', 'status'], { cipher: 17 })).code, 0);
});

test('FreeIPMI over IPMI 1.5 (-D LAN) is refused at once, naming the authentication type', async (t) => {
  const { home, login } = await setup(t);
  const r = await freeipmi(home, 'ipmipower', login, ['--stat']);
  t.is(r.code, 0, 'LAN_2_0 (the helper default) works');
  const v15 = await freeipmi(home, 'bmc-info', login, ['-D', 'LAN']); // the later -D wins over the helper's LAN_2_0
  t.not(v15.code, 0);
  t.regex(v15.stdout + v15.stderr, /authentication type unavailable/i);
});

test('Get Session Challenge in IPMI 1.5 framing is answered with CC D6h, not dropped', async (t) => {
  const { server } = await setup(t);
  const c = await RawConsole.connect(server.port);
  t.teardown(() => c.close());
  const req = encodeIpmiRequest({ rsAddr: 0x20, netFn: 0x06, rsLun: 0, rqAddr: 0x81, rqSeq: 5, rqLun: 0, cmd: 0x39, data: encodeSessionChallengeRequest({ authType: AUTH_TYPE.MD5, username: Buffer.from(LOGIN.user) }) });
  c.send(encodeSession15({ authType: AUTH_TYPE.NONE, seq: 0, sessionId: 0, payload: req }));
  const p = decodeSession15(await c.next('Get Session Challenge response'));
  if (!p.ok) return t.fail(p.error.message);
  t.is(p.value.authType, AUTH_TYPE.NONE);
  const r = decodeIpmiResponse(p.value.payload);
  if (!r.ok) return t.fail(r.error.message);
  t.like(r.value, { netFn: 0x07, cmd: 0x39, rqSeq: 5, completionCode: CC.SUBFUNCTION_DISABLED });
  t.is(r.value.data.length, 0);
});

test('our client asked for IPMI 1.5 gets an authentication error, not a timeout', async (t) => {
  const { login } = await setup(t);
  const e = await t.throwsAsync(IpmiClient.connect({ host: '127.0.0.1', port: login.port, user: login.user, password: login.password, protocol: '1.5', allowInsecure: true, retries: 0, keepAliveMs: 0 }));
  t.true(e instanceof IpmiAuthError, `${e?.constructor.name}: ${e?.message}`);
  t.regex(e?.message ?? '', /does not offer IPMI 1\.5 sessions/);
});
