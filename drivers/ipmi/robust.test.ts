/**
 * The IPMI driver against what real BMCs and real networks do: names that do not resolve,
 * failed logins that must not leak session slots, slow links, slow SEL erasure and broken SEL chains.
 * Real peers only (ipmi_sim, UDP on 127.0.0.1); no timing thresholds.
 */
import test from 'ava';
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
