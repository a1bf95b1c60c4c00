/**
 * The businesses over real sockets on 127.0.0.1, asked with ftlab's BusinessLocator (UDP and TCP)
 * and with socat: each answers in the name of the system running it, on ports that stay when the
 * business moves to another server, and nothing answers while no system runs it.
 */
import test from 'ava';
import { execFile } from 'node:child_process';
import net from 'node:net';
import { promisify } from 'node:util';
import { waitFor } from '../../../lib/deadline.ts';
import { NetworkBusinessLocator } from '../../../drivers/business/locator.ts';
import { loadClusterConfig } from '../config/load.ts';
import { startClusterProcess } from '../process/start.ts';

const run = promisify(execFile);
const ACCOUNT = { user: 'admin', password: 'biz-pw-1' };
const SRV08 = { wwpnA: '21:00:00:24:ff:00:08:00', nicPort: '29' };
const ARRAY_A = '50:06:01:60:3e:a0:00:01';

async function cluster(t: { teardown(fn: () => Promise<void>): void }) {
  // 1000x: a boot of 77 s takes 77 ms
  const c = await startClusterProcess({ config: loadClusterConfig(), timeScale: 1000, account: ACCOUNT });
  t.teardown(() => c.close());
  const a = c.announcement();
  const udp = new NetworkBusinessLocator(a.businesses, { intervalMs: 50 });
  const tcp = new NetworkBusinessLocator(a.businesses, { protocol: 'tcp' });
  await waitFor('every business answers', 20_000, async () => (c.model.config.businesses.every((b) => c.model.businesses.answerer(b.id)) ? true : undefined), { intervalMs: 20 });
  return { c, a, udp, tcp };
}

test('every business answers over UDP and TCP in the name of the system that runs it', async (t) => {
  const { a, udp, tcp } = await cluster(t);
  t.deepEqual(a.businesses.map((b) => [b.name, b.priority, b.host]), [['crm', 'high', '127.0.0.1'], ['web', 'low', '127.0.0.1'], ['erp', 'high', '127.0.0.1'], ['batch', 'medium', '127.0.0.1'], ['db', 'high', '127.0.0.1'], ['report', 'low', '127.0.0.1']]);
  const expected = { crm: 'srv01', web: 'srv02', erp: 'lp1', batch: 'srv05', db: 'srv06', report: 'srv07' };
  for (const [business, server] of Object.entries(expected)) {
    t.like(await udp.locate(business, 5000), { reachable: true, business, server }, `${business} over UDP`);
    t.like(await tcp.locate(business, 5000), { reachable: true, business, server }, `${business} over TCP`);
  }
  const crm = a.businesses[0]!;
  const socat = run('socat', ['-t', '1', '-', `UDP:127.0.0.1:${crm.udp}`], { timeout: 10_000 });
  socat.child.stdin?.end('ping');
  t.is((await socat).stdout, 'ping\nhost=srv01 business=crm\n', 'socat gets its datagram back followed by the identity line');
});

test('a business nobody runs answers nothing; its TCP connections are reset; it comes back from another server on the same ports', async (t) => {
  const { c, a, udp, tcp } = await cluster(t);
  const crm = a.businesses.find((b) => b.name === 'crm')!;
  const conn = net.connect({ host: '127.0.0.1', port: crm.tcp });
  const closed = new Promise<void>((r) => conn.once('close', () => r()));
  conn.on('error', () => undefined);
  await new Promise<void>((r) => conn.once('data', () => r()));
  c.model.system('srv01').reset('ForceOff');
  await closed;
  const down = await udp.locate('crm', 300);
  t.false(down.reachable);
  t.regex(down.reachable ? '' : down.reason, /deadline 300 ms: no answer from 127\.0\.0\.1:\d+ \(UDP\) to \d+ request/);
  t.like(await tcp.locate('crm', 1000), { reachable: false });

  // move crm to the spare srv08: zoning on fabric A, LUN masking, its NIC port into VLAN 10, power on
  const fcA = c.model.fabric('A');
  fcA.putZone('z-srv08', [SRV08.wwpnA, ARRAY_A]);
  fcA.putZoneSet('cfg-A', [...(fcA.zoneSets.get('cfg-A') ?? []), 'z-srv08']);
  const array = c.model.arrays.get('array1')!;
  await Promise.all([fcA.activate('cfg-A'), array.putHostGroup('hg-srv08', [SRV08.wwpnA]), c.model.switches.get('sw1')!.setPortVlans(SRV08.nicPort, { mode: 'access', untagged: 10, tagged: [] })]);
  await array.putConnection({ id: 'hg-srv08', hostGroup: 'hg-srv08', volumes: [{ volume: 'boot-crm', lun: 0 }] });
  c.model.system('srv08').reset('On');
  await waitFor('crm runs on srv08', 20_000, async () => (c.model.businesses.answerer('crm') === 'srv08' ? true : undefined), { intervalMs: 20 });
  t.like(await udp.locate('crm', 5000), { reachable: true, server: 'srv08' });
  t.like(await tcp.locate('crm', 5000), { reachable: true, server: 'srv08' });
  t.deepEqual(c.announcement().businesses.find((b) => b.name === 'crm'), crm, 'same address and ports');
});
