/**
 * The BusinessLocator's strictness over real sockets on 127.0.0.1: a reply from another port, a
 * reply naming another business, or one that does not repeat this request is foreign and never
 * an answer; a TCP greeting of another business is refused.
 */
import test from 'ava';
import dgram from 'node:dgram';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { udpReply } from '../../lib/domains/cluster/business-wire.ts';
import { NetworkBusinessLocator } from './locator.ts';

async function udpSocket(t: { teardown(fn: () => void): void }): Promise<dgram.Socket> {
  const s = dgram.createSocket('udp4');
  t.teardown(() => s.close());
  await new Promise<void>((r) => s.bind(0, '127.0.0.1', () => r()));
  return s;
}

test('UDP: foreign replies are ignored and counted; the exact answer is taken', async (t) => {
  const business = await udpSocket(t);
  const other = await udpSocket(t);
  let mode: 'foreign' | 'honest' = 'foreign';
  business.on('message', (msg, from) => {
    if (mode === 'honest') return void business.send(udpReply(msg, { host: 'srv07', business: 'crm' }), from.port, from.address);
    other.send(udpReply(msg, { host: 'evil', business: 'crm' }), from.port, from.address); // right words, wrong port
    business.send(udpReply(msg, { host: 'srv09', business: 'web' }), from.port, from.address); // another business
    business.send(udpReply(Buffer.from('ftlab-locate 0123'), { host: 'srv09', business: 'crm' }), from.port, from.address); // not this request
  });
  const port = (business.address() as AddressInfo).port;
  const locator = new NetworkBusinessLocator([{ name: 'crm', host: '127.0.0.1', udp: port, tcp: 1 }], { intervalMs: 40 });
  const foreign = await locator.locate('crm', 300);
  t.false(foreign.reachable);
  t.regex(foreign.reachable ? '' : foreign.reason, /deadline 300 ms: no answer from 127\.0\.0\.1:\d+ \(UDP\) to \d+ request\(s\); \d+ foreign datagram\(s\) ignored/);
  mode = 'honest';
  const ok = await locator.locate('crm', 2000);
  t.like(ok, { reachable: true, business: 'crm', server: 'srv07' });
  t.true(ok.reachable && ok.rttMs >= 0 && ok.rttMs < 2000);
  await t.throwsAsync(() => locator.locate('nope', 100), { message: /business nope: expected one of: crm/ });
});

test('TCP: a greeting of another business is foreign; a refused connection is unreachable', async (t) => {
  const server = net.createServer((s) => s.end('host=srv01 business=web\n'));
  t.teardown(() => server.close());
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as AddressInfo).port;
  const locator = new NetworkBusinessLocator([{ name: 'crm', host: '127.0.0.1', udp: 1, tcp: port }], { protocol: 'tcp' });
  const r = await locator.locate('crm', 2000);
  t.false(r.reachable);
  t.regex(r.reachable ? '' : r.reason, /127\.0\.0\.1:\d+ \(TCP\): foreign greeting "host=srv01 business=web"/);
  server.close();
  await new Promise((res) => setTimeout(res, 50));
  const refused = await locator.locate('crm', 2000);
  t.regex(refused.reachable ? '' : refused.reason, /ECONNREFUSED/);
});
