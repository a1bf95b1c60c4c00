/**
 * The tools labs already point at BMCs, against the fleet's server BMCs (started in-process on
 * 127.0.0.1): Pacemaker's fence_ipmilan (lanplus) and fence_redfish, ipmitool, FreeIPMI ipmipower,
 * redfishtool and OpenStack's sushy — each reads the power state, powers a server off and on, and
 * the model (what the server really does) agrees at every step. A peer that is not installed
 * skips with the package to install (.ci/run installs them all).
 */
import test, { type Implementation } from 'ava';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { ipmitool, makePeerHome } from '../../ipmi/testing/peers.ts';
import { ACCOUNT, fleetLab, installed, runPeer } from './fleet-lab.ts';

const FENCE_IPMILAN = installed('/usr/sbin/fence_ipmilan', '/usr/bin/fence_ipmilan');
const FENCE_REDFISH = installed('/usr/sbin/fence_redfish', '/usr/bin/fence_redfish');
const IPMITOOL = installed('/usr/bin/ipmitool');
const IPMIPOWER = installed('/usr/sbin/ipmipower', '/usr/bin/ipmipower');
const REDFISHTOOL = installed('/usr/bin/redfishtool');
const DEBIAN_PYTHON = installed('/usr/bin/python3');

/** A fence agent reads its options from stdin, as Pacemaker hands them over (the password never in argv). */
function fence(agent: string, options: Record<string, string | number>, env?: NodeJS.ProcessEnv) {
  const input = Object.entries({ ...options, username: ACCOUNT.user, password: ACCOUNT.password }).map(([k, v]) => `${k}=${v}\n`).join('');
  return runPeer(agent, [], { input, ...(env ? { env } : {}) });
}

/** `test`, or a skip that names the package to install. */
function maybe(bin: string | undefined, pkg: string): (title: string, fn: Implementation<[]>) => void {
  return bin ? (title, fn) => test(title, fn) : (title, fn) => test.skip(`${title} (not installed: apt-get install ${pkg})`, fn);
}

maybe(FENCE_IPMILAN, 'fence-agents')('fence_ipmilan (lanplus) status / off / on fences a fleet server', async (t) => {
  const lab = await fleetLab(t);
  const agent = FENCE_IPMILAN ?? '';
  const opts = (action: string) => ({ action, ip: '127.0.0.1', ipport: lab.ipmiPort('srv01'), lanplus: 1, cipher: 17 });
  const status = await fence(agent, opts('status'));
  t.is(status.code, 0, status.stderr);
  t.regex(status.stdout, /Status: ON/);
  const off = await fence(agent, opts('off'));
  t.is(off.code, 0, off.stderr);
  t.regex(off.stdout, /Success: Powered OFF/);
  t.is(lab.power('srv01'), 'Off');
  t.is(lab.power('srv02'), 'On', 'only the fenced server');
  const offStatus = await fence(agent, opts('status'));
  t.is(offStatus.code, 2, 'the fence agents answer status OFF with exit code 2');
  t.regex(offStatus.stdout, /Status: OFF/);
  const on = await fence(agent, opts('on'));
  t.is(on.code, 0, on.stderr);
  t.is(lab.power('srv01'), 'On');
});

maybe(FENCE_REDFISH, 'fence-agents')('fence_redfish (HTTPS, certificate verified) status / off / on fences a fleet server', async (t) => {
  const lab = await fleetLab(t);
  const u = lab.redfish('srv02');
  // requests verifies against the run CA (ssl_secure: verification on).
  const env = { PATH: '/usr/bin:/bin:/usr/sbin:/sbin', HOME: '/nonexistent', REQUESTS_CA_BUNDLE: lab.ca };
  const opts = (action: string) => ({ action, ip: u.hostname, ipport: u.port, ssl_secure: 1 });
  const agent = FENCE_REDFISH ?? '';
  const status = await fence(agent, opts('status'), env);
  t.is(status.code, 0, status.stderr);
  t.regex(status.stdout, /Status: ON/);
  const off = await fence(agent, opts('off'), env);
  t.is(off.code, 0, off.stderr);
  t.is(lab.power('srv02'), 'Off');
  t.is(lab.power('srv01'), 'On', 'only the fenced server');
  t.regex((await fence(agent, opts('status'), env)).stdout, /Status: OFF/);
  const on = await fence(agent, opts('on'), env);
  t.is(on.code, 0, on.stderr);
  t.is(lab.power('srv02'), 'On');
  const untrusted = await fence(agent, opts('status'), { ...env, REQUESTS_CA_BUNDLE: '/etc/ssl/certs/ca-certificates.crt' });
  t.not(untrusted.code, 0, 'a certificate the CA bundle does not vouch for is refused');
});

maybe(IPMITOOL, 'ipmitool')('ipmitool status / off / on a fleet server', async (t) => {
  const lab = await fleetLab(t);
  const home = makePeerHome();
  t.teardown(() => home.cleanup());
  const run = (...args: string[]) => ipmitool(home, { port: lab.ipmiPort('srv05'), ...ACCOUNT }, args, { cipher: 17 });
  t.regex((await run('chassis', 'power', 'status')).stdout, /Chassis Power is on/);
  t.is((await run('chassis', 'power', 'off')).code, 0);
  t.is(lab.power('srv05'), 'Off');
  t.regex((await run('chassis', 'power', 'status')).stdout, /Chassis Power is off/);
  t.is((await run('chassis', 'power', 'on')).code, 0);
  t.is(lab.power('srv05'), 'On');
});

maybe(IPMIPOWER, 'freeipmi-tools')('FreeIPMI ipmipower status / off / on several fleet servers in one call', async (t) => {
  const lab = await fleetLab(t);
  const home = makePeerHome();
  t.teardown(() => home.cleanup());
  const ids = ['srv01', 'srv02', 'srv08'];
  const hosts = ids.map((id) => `127.0.0.1:${lab.ipmiPort(id)}`).join(',');
  const conf = path.join(home.dir, 'freeipmi.conf');
  writeFileSync(conf, `password ${ACCOUNT.password}\n`, { mode: 0o600 });
  const run = async (flag: string) => {
    // A longer retransmission timeout than ipmipower's 400 ms: a loaded CI machine should not turn
    // this into a test of retransmissions (simulators/ipmi/handshake-retransmit.test.ts covers those).
    const r = await runPeer(IPMIPOWER ?? '', ['-D', 'LAN_2_0', '-u', ACCOUNT.user, `--config-file=${conf}`, '--session-timeout=15000', '--retransmission-timeout=2000', '-h', hosts, flag]);
    t.is(r.code, 0, r.stderr);
    return r.stdout.trim().split('\n').sort();
  };
  // ipmipower names each host without its port: which line is which server the model says.
  t.deepEqual(await run('--stat'), ['127.0.0.1: off', '127.0.0.1: on', '127.0.0.1: on']);
  t.deepEqual(ids.map(lab.power), ['On', 'On', 'Off']);
  t.deepEqual(await run('--off'), ['127.0.0.1: ok', '127.0.0.1: ok', '127.0.0.1: ok']);
  t.deepEqual(ids.map(lab.power), ['Off', 'Off', 'Off']);
  t.deepEqual(await run('--stat'), ['127.0.0.1: off', '127.0.0.1: off', '127.0.0.1: off']);
  t.deepEqual(await run('--on'), ['127.0.0.1: ok', '127.0.0.1: ok', '127.0.0.1: ok']);
  t.deepEqual(ids.map(lab.power), ['On', 'On', 'On']);
  t.is(lab.power('srv05'), 'On', 'the others untouched');
});

maybe(REDFISHTOOL, 'redfishtool')('redfishtool reads the power state and resets a fleet server', async (t) => {
  const lab = await fleetLab(t);
  const u = lab.redfish('srv06');
  // redfishtool takes the password in argv only: the test account's, on 127.0.0.1, for the length of one call.
  const run = (...args: string[]) => runPeer(REDFISHTOOL ?? '', ['-r', u.host, '-u', ACCOUNT.user, '-p', ACCOUNT.password, '-S', 'Always', 'Systems', '-F', ...args]);
  const get = await run('get');
  t.is(get.code, 0, get.stderr);
  t.like(JSON.parse(get.stdout), { Id: 'srv06', PowerState: 'On' });
  t.is((await run('reset', 'ForceOff')).code, 0);
  t.is(lab.power('srv06'), 'Off');
  t.like(JSON.parse((await run('get')).stdout), { PowerState: 'Off' });
  t.is((await run('reset', 'On')).code, 0);
  t.is(lab.power('srv06'), 'On');
});

const SUSHY = `
import sys, sushy
root = sushy.Sushy(sys.argv[1] + '/redfish/v1', username=sys.argv[2], password=sys.stdin.readline().strip(), verify=sys.argv[3])
system = root.get_system(root.get_system_collection().members_identities[0])
print(system.identity, system.power_state.value)
system.reset_system(sushy.ResetType(sys.argv[4]))
system.refresh()
print(system.identity, system.power_state.value)
`;

const sushyPresent = DEBIAN_PYTHON !== undefined && spawnSync(DEBIAN_PYTHON, ['-c', 'import sushy'], { timeout: 30_000 }).status === 0;

maybe(sushyPresent ? DEBIAN_PYTHON : undefined, 'python3-sushy')('sushy (python3 -c) reads the power state and resets a fleet server', async (t) => {
  const lab = await fleetLab(t);
  const u = lab.redfish('srv07');
  const reset = (type: string) => runPeer(DEBIAN_PYTHON ?? '', ['-c', SUSHY, u.origin, ACCOUNT.user, lab.ca, type], { input: `${ACCOUNT.password}\n` });
  const off = await reset('ForceOff');
  t.is(off.code, 0, off.stderr);
  t.deepEqual(off.stdout.trim().split('\n'), ['srv07 On', 'srv07 Off']);
  t.is(lab.power('srv07'), 'Off');
  const on = await reset('On');
  t.is(on.code, 0, on.stderr);
  t.deepEqual(on.stdout.trim().split('\n'), ['srv07 Off', 'srv07 On']);
  t.is(lab.power('srv07'), 'On');
});
