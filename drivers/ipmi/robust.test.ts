/**
 * The IPMI driver against what real BMCs and real networks do: names that do not resolve,
 * failed logins that must not leak session slots, slow links, slow SEL erasure and broken SEL chains.
 * Real peers only (ipmi_sim, UDP on 127.0.0.1); no timing thresholds.
 */
import test, { type ExecutionContext } from 'ava';
import { createSocket, type Socket } from 'node:dgram';
import type { AddressInfo } from 'node:net';
import { startIpmiSim, type IpmiSim } from './testing/ipmi-sim.ts';
import { IpmiClient } from './client.ts';
import { IpmiAuthError } from './errors.ts';
import { InfraError } from '../../lib/errors.ts';

let sim: IpmiSim;

test.before(async () => {
  sim = await startIpmiSim();
});

test.after.always(async () => {
  await sim?.stop();
});

test('an unresolvable or syntactically invalid host is an InfraError naming the host (no traffic leaves)', async (t) => {
  for (const host of ['bmc.invalid', '256.1.1.1']) {
    const e = await t.throwsAsync(IpmiClient.connect({ host, user: 'admin', password: 'x', timeoutMs: 500 }), { instanceOf: InfraError });
    t.true(e?.message.includes(`"${host}"`), e?.message);
  }
});

test.serial('failed logins release their half-open sessions: 80 wrong passwords, then a login still gets a slot', async (t) => {
  // ipmi_sim has 63 session slots; a leaked slot lives until its 30 s idle timeout.
  for (let i = 0; i < 80; i++) {
    await t.throwsAsync(IpmiClient.connect({ host: sim.host, port: sim.port, user: sim.admin.user, password: `wrong-${i}`, cipherSuites: [3], timeoutMs: 2000 }), { instanceOf: IpmiAuthError });
  }
  const client = await IpmiClient.connect({ host: sim.host, port: sim.port, user: sim.admin.user, password: sim.admin.password, cipherSuites: [3], timeoutMs: 5000 });
  t.teardown(() => client.close());
  t.is((await client.deviceId()).manufacturerId, 4753);
});

/**
 * A UDP relay on 127.0.0.1 that holds every datagram `delayMs` in each direction (a slow WAN link
 * to a remote BMC). One upstream socket per client address.
 */
async function slowRelay(t: ExecutionContext, target: { host: string; port: number }, delayMs: number): Promise<number> {
  const front = createSocket('udp4');
  const upstreams = new Map<string, Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const later = (fn: () => void): void => {
    const h = setTimeout(() => {
      timers.delete(h);
      fn();
    }, delayMs);
    timers.add(h);
  };
  front.on('message', (msg, from) => {
    const key = `${from.address}:${from.port}`;
    let up = upstreams.get(key);
    if (!up) {
      const s = createSocket('udp4');
      s.bind(0, '127.0.0.1');
      s.on('message', (back) => later(() => front.send(back, from.port, from.address)));
      upstreams.set(key, s);
      up = s;
    }
    const u = up;
    later(() => u.send(msg, target.port, target.host));
  });
  await new Promise<void>((resolve) => front.bind(0, '127.0.0.1', () => resolve()));
  t.teardown(() => {
    for (const h of timers) clearTimeout(h);
    for (const s of upstreams.values()) s.close();
    front.close();
  });
  return (front.address() as AddressInfo).port;
}

test.serial('a 1.6 s round trip (800 ms each way) still logs in and reads with the default 5 s timeout', async (t) => {
  const port = await slowRelay(t, sim, 800);
  const client = await IpmiClient.connect({ host: '127.0.0.1', port, user: sim.admin.user, password: sim.admin.password });
  t.teardown(() => client.close());
  t.is(client.session.cipherSuite, 3);
  t.is((await client.deviceId()).manufacturerId, 4753);
  t.is((await client.chassisStatus()).powerOn, (await sim.power()) === 'on');
});
