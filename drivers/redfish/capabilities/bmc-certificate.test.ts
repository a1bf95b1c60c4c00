/** BmcCertificate against `ftlab emulate ft --tls`: the handshake's certificate, the listing, trust and plain HTTP. */
import test from 'ava';
import { InfraError } from '../../../lib/errors.ts';
import { startTlsEmulator } from '../../../simulators/ft/testing/tls-emulator.ts';
import { RedfishClient } from '../client.ts';
import { sendJson, startPeer } from '../testing/peer.ts';
import { redfishCapabilities } from './index.ts';

test('the certificate presented in the handshake is the one listed for HTTPS, with the claims of its resource', async (t) => {
  const { line } = await startTlsEmulator(t);
  const client = new RedfishClient({ baseUrl: line.redfish, auth: { mode: 'basic', username: 'admin', password: 'ftlab' }, tls: { ca: line.ca } });
  t.teardown(() => client.close());
  const cap = redfishCapabilities(client).BmcCertificate!;
  const presented = await cap.presented();
  t.truthy(presented);
  t.is(presented?.host, '127.0.0.1');
  t.true(presented?.altNames.includes('127.0.0.1'));
  t.true((presented?.validFrom ?? Infinity) <= Date.now() && Date.now() <= (presented?.validTo ?? 0));
  const listed = await cap.listed();
  t.is(listed.length, 1);
  const [only] = listed;
  t.is(only?.pem?.fingerprint256, presented?.fingerprint256);
  t.is(only?.claims.fingerprint, presented?.fingerprint256);
  t.is(Date.parse(only?.claims.validNotAfter ?? ''), Math.floor((presented?.validTo ?? 0) / 1000) * 1000);
  t.is(only?.missing, undefined);
});

test('the handshake verifies as the client does: without the lab CA it is an infra error naming the endpoint', async (t) => {
  const { line } = await startTlsEmulator(t);
  const client = new RedfishClient({ baseUrl: line.redfish, auth: { mode: 'basic', username: 'admin', password: 'ftlab' } });
  t.teardown(() => client.close());
  const e = await t.throwsAsync(redfishCapabilities(client).BmcCertificate!.presented(), { instanceOf: InfraError });
  t.regex(e?.message ?? '', new RegExp(`${new URL(line.redfish).host}: TLS handshake`));
});

test('over plain HTTP nothing is presented', async (t) => {
  const peer = await startPeer((_req, res) => sendJson(res, 200, { Id: 'RootService' }));
  t.teardown(() => peer.close());
  const client = new RedfishClient({ baseUrl: peer.url });
  t.teardown(() => client.close());
  t.is(await redfishCapabilities(client).BmcCertificate!.presented(), null);
});
