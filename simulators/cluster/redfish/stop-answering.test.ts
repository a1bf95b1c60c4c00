/**
 * "BMC stops answering" over real sockets: after StopAnswering the server's Redfish drops every
 * connection (curl gets no HTTP answer, an open SSE stream ends) while the server and its business
 * run on and the other BMCs answer; a repair from the control side, or the timer, brings it back.
 */
import test from 'ava';
import { waitFor } from '../../../lib/deadline.ts';
import { NetworkBusinessLocator } from '../../../drivers/business/locator.ts';
import { loadClusterConfig } from '../config/load.ts';
import { startClusterProcess } from '../process/start.ts';
import { curlJson } from '../testing/http.ts';
import { curlSse } from '../testing/sse.ts';

const ACCOUNT = { user: 'admin', password: 'gate-pw-1' };
const STOP = '/redfish/v1/Oem/ClusterLab/FaultInjection/Actions/ClusterLabFaultInjection.StopAnswering';

async function cluster(t: { teardown(fn: () => Promise<void>): void }, timeScale: number) {
  const c = await startClusterProcess({ config: loadClusterConfig(), timeScale, account: ACCOUNT });
  t.teardown(() => c.close());
  const a = c.announcement();
  const url = (name: string): string => a.devices.find((d) => d.name === name)?.redfish ?? '';
  return { c, a, url };
}

test('a BMC that stops answering drops connections until repaired from the control side; the server runs on', async (t) => {
  const { c, a, url } = await cluster(t, 1000);
  await waitFor('crm runs', 20_000, async () => (c.model.businesses.answerer('crm') ? true : undefined), { intervalMs: 20 });
  const sse = await curlSse(t, url('srv01'), ACCOUNT);
  t.like(await curlJson(url('srv01'), 'POST', STOP, ACCOUNT, { DurationSeconds: -1 }), { status: 400 });
  t.is((await curlJson(url('srv01'), 'POST', STOP, ACCOUNT, {})).status, 204, 'the request that stops it is answered');
  t.is((await curlJson(url('srv01'), 'GET', '/redfish/v1/Systems/srv01', ACCOUNT)).status, 0, 'no HTTP answer at all');
  await sse.ended;
  t.is((await curlJson(url('srv02'), 'GET', '/redfish/v1/Systems/srv02', ACCOUNT)).status, 200, 'the other BMCs answer');
  t.like(await new NetworkBusinessLocator(a.businesses).locate('crm', 5000), { reachable: true, server: 'srv01' }, 'the server runs on');
  const truth = await curlJson(a.cluster.truth, 'GET', '/truth', ACCOUNT);
  t.like((truth.body?.Servers as unknown[])[0], { Id: 'srv01', BmcAnswering: false });
  t.like(await curlJson(a.cluster.truth, 'POST', '/control/servers/srv01/bmc', ACCOUNT, { Answering: true }), { status: 200, body: { Id: 'srv01', BmcAnswering: true } });
  t.like(await curlJson(url('srv01'), 'GET', '/redfish/v1/Systems/srv01', ACCOUNT), { status: 200, body: { PowerState: 'On', BootProgress: { LastState: 'OSRunning' } } });
});

test('StopAnswering with DurationSeconds: the BMC answers again after that much lab time', async (t) => {
  const { url } = await cluster(t, 10);
  // 20 s of lab time at 10x: 2 s
  t.is((await curlJson(url('srv05'), 'POST', STOP, ACCOUNT, { DurationSeconds: 20 })).status, 204);
  t.is((await curlJson(url('srv05'), 'GET', '/redfish/v1/Systems/srv05', ACCOUNT)).status, 0);
  await waitFor('srv05 answers again', 30_000, async () => ((await curlJson(url('srv05'), 'GET', '/redfish/v1/Systems/srv05', ACCOUNT)).status === 200 ? true : undefined), { intervalMs: 200 });
  t.pass();
});
