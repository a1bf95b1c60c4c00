/**
 * The opt-in weak modes against a real OpenIPMI ipmi_sim: IPMI 1.5 sessions (MD5 challenge/response
 * and per-message MD5 auth codes) and RMCP+ cipher suite 0; and the refusal of IPMI 1.5 without
 * `allowInsecure` (cipher suite 0's refusal is in client.test.ts).
 * The one peer ipmi_sim cannot play — a BMC offering only IPMI 1.5 — is a minimal UDP responder
 * built on the codec's BMC side, answering Get Channel Authentication Capabilities as a pre-2.0
 * BMC does (0xCC to the "extended data" bit, then 1.5-only capabilities).
 */
import test from 'ava';
import { execFile } from 'node:child_process';
import { createSocket, type Socket } from 'node:dgram';
import { promisify } from 'node:util';
import { ConfigError } from '../../lib/errors.ts';
import { startIpmiSim, type IpmiSim } from './testing/ipmi-sim.ts';
import { IpmiClient } from './client.ts';
import { IpmiSession } from './session.ts';
import { IpmiAuthError, IpmiPolicyError, IpmiSessionClosedError } from './errors.ts';
import { AUTH_TYPE, decodeSession15, encodeSession15 } from './codec/session15.ts';
import { decodeIpmiRequest, encodeIpmiResponse } from './codec/message.ts';
import { decodeChannelAuthRequest, encodeChannelAuthResponse, GET_CHANNEL_AUTH_CAPABILITIES } from './codec/commands/channel-auth.ts';
import { CC } from './codec/completion-codes.ts';

const execFileP = promisify(execFile);

let sim: IpmiSim;

test.before(async () => {
  sim = await startIpmiSim();
});

test.after.always(async () => {
  await sim?.stop();
});

function adminOptions(extra: Partial<ConstructorParameters<typeof IpmiSession>[0]>): ConstructorParameters<typeof IpmiSession>[0] {
  return { host: sim.host, port: sim.port, user: sim.admin.user, password: sim.admin.password, timeoutMs: 2000, ...extra };
}

/** ipmitool over IPMI 1.5 with MD5 (password from the environment), as an independent peer. */
async function ipmitool15(...args: string[]): Promise<string> {
  const { stdout } = await execFileP('ipmitool', ['-I', 'lan', '-A', 'MD5', '-H', sim.host, '-p', String(sim.port), '-U', sim.admin.user, '-E', ...args], {
    env: { ...process.env, IPMI_PASSWORD: sim.admin.password },
    timeout: 20_000,
  });
  return stdout.trim();
}

test.serial('IPMI 1.5 (opted in): MD5 login, Get Device ID, chassis power on/off/status change the simulator state', async (t) => {
  const c = await IpmiClient.connect(adminOptions({ protocol: '1.5', allowInsecure: true }));
  t.teardown(() => c.close());
  t.is(c.session.protocol, '1.5');
  t.is(c.session.cipherSuite, undefined);
  const id = await c.deviceId();
  t.is(id.manufacturerId, 4753);
  t.is(id.productId, 0x0f10);

  await sim.setPower(false);
  t.false((await c.chassisStatus()).powerOn);
  await c.chassisControl('on');
  t.is(await sim.power(), 'on');
  t.true((await c.chassisStatus()).powerOn);
  t.is(await ipmitool15('chassis', 'power', 'status'), 'Chassis Power is on');
  await c.chassisControl('off');
  t.is(await sim.power(), 'off');
  t.false((await c.chassisStatus()).powerOn);
  t.is(await ipmitool15('chassis', 'power', 'status'), 'Chassis Power is off');
  const log = await sim.chassisLog();
  t.true(log.lastIndexOf('set power 1') < log.lastIndexOf('set power 0'));
  t.is(c.session.stats.logins, 1);
});

test.serial('IPMI 1.5: every in-session request carries a fresh sequence number the BMC accepts (many requests, one session)', async (t) => {
  const c = await IpmiClient.connect(adminOptions({ protocol: '1.5', allowInsecure: true }));
  t.teardown(() => c.close());
  const sid = c.session.managedSessionId;
  for (let i = 0; i < 20; i++) t.is((await c.deviceId()).manufacturerId, 4753);
  t.is(c.session.managedSessionId, sid);
  t.is(c.session.stats.logins, 1);
  t.is(c.session.stats.requests, 20);
});

test('IPMI 1.5: a wrong password is an authentication error at Activate Session, without the password in it', async (t) => {
  const wrong = 'not-the-password-15';
  const s = new IpmiSession(adminOptions({ password: wrong, protocol: '1.5', allowInsecure: true, timeoutMs: 800, retries: 1 }));
  t.teardown(() => s.close());
  const err = await t.throwsAsync(s.open(), { instanceOf: IpmiAuthError });
  t.is(err?.stage, 'activate-session');
  t.regex(err?.message ?? '', /wrong password/);
  t.false((err?.message ?? '').includes(wrong));
});

test('IPMI 1.5: an unknown user is refused at Get Session Challenge with its completion code', async (t) => {
  const s = new IpmiSession(adminOptions({ user: 'nobody', protocol: '1.5', allowInsecure: true }));
  t.teardown(() => s.close());
  const err = await t.throwsAsync(s.open(), { instanceOf: IpmiAuthError });
  t.is(err?.stage, 'session-challenge');
  t.regex(err?.message ?? '', /0x81 invalid user name/);
});

test('IPMI 1.5: closing ends the session; later calls are refused', async (t) => {
  const c = await IpmiClient.connect(adminOptions({ protocol: '1.5', allowInsecure: true }));
  await c.deviceId();
  await c.close();
  t.is(c.session.status, 'closed');
  await t.throwsAsync(c.deviceId(), { instanceOf: IpmiSessionClosedError });
});

test("protocol '1.5' without the opt-in is a configuration error naming allowInsecure", (t) => {
  const err = t.throws(() => new IpmiSession(adminOptions({ protocol: '1.5' })), { instanceOf: ConfigError });
  t.is(err?.where, 'IPMI session options.protocol');
  t.regex(err?.message ?? '', /set allowInsecure: true/);
});

test('an unknown protocol value is a configuration error listing the choices', (t) => {
  const bad = { protocol: '3.0' } as unknown as Partial<ConstructorParameters<typeof IpmiSession>[0]>;
  t.throws(() => new IpmiSession(adminOptions(bad)), { instanceOf: ConfigError, message: /'auto', '2.0', '1.5'/ });
});

test.serial('cipher suite 0 (opted in): login without integrity, Get Device ID, chassis power on/off/status', async (t) => {
  const c = await IpmiClient.connect(adminOptions({ cipherSuites: [0], allowInsecure: true }));
  t.teardown(() => c.close());
  t.is(c.session.protocol, '2.0');
  t.is(c.session.cipherSuite, 0);
  t.is((await c.deviceId()).manufacturerId, 4753);
  await c.chassisControl('on');
  t.is(await sim.power(), 'on');
  t.true((await c.chassisStatus()).powerOn);
  await c.chassisControl('off');
  t.is(await sim.power(), 'off');
  t.false((await c.chassisStatus()).powerOn);
});

/** A BMC that speaks only IPMI 1.5: answers Get Channel Authentication Capabilities, nothing else. */
async function startIpmi15OnlyBmc(): Promise<{ port: number; requests: string[]; close(): Promise<void> }> {
  const sock: Socket = createSocket('udp4');
  const requests: string[] = [];
  sock.on('message', (buf, from) => {
    const pkt = decodeSession15(buf);
    if (!pkt.ok) return;
    const rq = decodeIpmiRequest(pkt.value.payload);
    if (!rq.ok || rq.value.netFn !== GET_CHANNEL_AUTH_CAPABILITIES.netFn || rq.value.cmd !== GET_CHANNEL_AUTH_CAPABILITIES.cmd) return;
    const req = decodeChannelAuthRequest(rq.value.data);
    if (!req.ok) return;
    requests.push(req.value.extended ? 'extended' : 'plain');
    const data = req.value.extended
      ? Buffer.alloc(0)
      : encodeChannelAuthResponse({
          channel: 1,
          authTypes: 1 << AUTH_TYPE.MD5,
          extendedCapabilities: false,
          kgNonZero: false,
          perMessageAuthDisabled: false,
          userLevelAuthDisabled: false,
          nonNullUsers: true,
          nullUsers: false,
          anonymousLogin: false,
          supportsIpmi20: false,
          supportsIpmi15: true,
          oemId: 0,
          oemAux: 0,
        });
    const rsp = encodeIpmiResponse({
      rqAddr: rq.value.rqAddr,
      netFn: rq.value.netFn + 1,
      rqLun: rq.value.rqLun,
      rsAddr: rq.value.rsAddr,
      rqSeq: rq.value.rqSeq,
      rsLun: rq.value.rsLun,
      cmd: rq.value.cmd,
      completionCode: req.value.extended ? CC.INVALID_DATA_FIELD : CC.OK,
      data,
    });
    sock.send(encodeSession15({ authType: AUTH_TYPE.NONE, seq: 0, sessionId: 0, payload: rsp }), from.port, from.address);
  });
  await new Promise<void>((resolve) => sock.bind(0, '127.0.0.1', resolve));
  return { port: sock.address().port, requests, close: () => new Promise<void>((r) => sock.close(() => r())) };
}

test('a BMC offering only IPMI 1.5 is refused by policy, naming allowInsecure, unless the device opts in', async (t) => {
  const bmc = await startIpmi15OnlyBmc();
  t.teardown(() => bmc.close());
  const opts = { host: '127.0.0.1', port: bmc.port, user: 'admin', password: 'irrelevant-pw', timeoutMs: 1000, retries: 1 };

  const auto = new IpmiSession(opts);
  t.teardown(() => auto.close());
  const err = await t.throwsAsync(auto.open(), { instanceOf: IpmiPolicyError });
  t.regex(err?.message ?? '', /offers only IPMI 1\.5.*set allowInsecure: true/);
  t.deepEqual(bmc.requests, ['extended', 'plain']);
  t.false(auto.channelAuth?.supportsIpmi20);

  const strict = new IpmiSession({ ...opts, protocol: '2.0', allowInsecure: true });
  t.teardown(() => strict.close());
  const err2 = await t.throwsAsync(strict.open(), { instanceOf: IpmiAuthError });
  t.regex(err2?.message ?? '', /protocol '2\.0' was asked for/);

  // Opted in, the client goes on to IPMI 1.5 (this responder then stays silent: the challenge times out).
  const optedIn = new IpmiSession({ ...opts, allowInsecure: true });
  t.teardown(() => optedIn.close());
  const err3 = await t.throwsAsync(optedIn.open());
  t.regex(err3?.message ?? '', /Get Session Challenge/);
});
