/**
 * The ground-truth endpoint over HTTP with curl: who runs which boot volume, who answers each
 * business, each server's fault state, and a data corruption recorded when a second server boots
 * a volume that is running already; bad requests are refused with the reason.
 */
import test from 'ava';
import { waitFor } from '../../../lib/deadline.ts';
import { loadClusterConfig } from '../config/load.ts';
import { startClusterProcess } from '../process/start.ts';
import { curlJson } from '../testing/http.ts';

const ACCOUNT = { user: 'admin', password: 'truth-pw-1' };
const SRV08_WWPN_A = '21:00:00:24:ff:00:08:00';

test('truth: systems, businesses and faults as the model has them; a second server on a running boot volume is a corruption', async (t) => {
  const c = await startClusterProcess({ config: loadClusterConfig(), timeScale: 1000, account: ACCOUNT });
  t.teardown(() => c.close());
  const truth = c.announcement().cluster.truth;
  await waitFor('crm runs', 20_000, async () => (c.model.businesses.answerer('crm') ? true : undefined), { intervalMs: 20 });
  c.model.injectFault('srv09', 'Fan');
  const doc = (await curlJson(truth, 'GET', '/truth', ACCOUNT)).body!;
  t.like(doc, { Cluster: 'default', TimeScale: 1000, Defects: [], Corruptions: [] });
  const systems = doc.Systems as Array<{ Id: string; PowerState: string; BootState: string; Volume: string | null }>;
  t.like(systems.find((s) => s.Id === 'lp1'), { PowerState: 'On', BootState: 'Running', Volume: 'boot-erp', Members: ['srv03', 'srv04'] });
  t.like(systems.find((s) => s.Id === 'srv08'), { PowerState: 'Off', BootState: 'Off', Volume: null });
  t.deepEqual((doc.Businesses as unknown[])[0], { Id: 'crm', Volume: 'boot-crm', AnsweredBy: 'srv01' });
  t.deepEqual((doc.Servers as unknown[]).find((s) => (s as { Id: string }).Id === 'srv09'), { Id: 'srv09', System: 'srv09', Faults: ['Fan'], BmcAnswering: true });

  // srv08 sees boot-crm too (zoned on A, masked) and boots it while srv01 runs it
  const fcA = c.model.fabric('A');
  fcA.putZone('z-srv08', [SRV08_WWPN_A, '50:06:01:60:3e:a0:00:01']);
  fcA.putZoneSet('cfg-A', [...(fcA.zoneSets.get('cfg-A') ?? []), 'z-srv08']);
  const array = c.model.arrays.get('array1')!;
  await Promise.all([fcA.activate('cfg-A'), array.putHostGroup('hg-srv08', [SRV08_WWPN_A])]);
  await array.putConnection({ id: 'hg-srv08', hostGroup: 'hg-srv08', volumes: [{ volume: 'boot-crm', lun: 0 }] });
  c.model.system('srv08').reset('On');
  await waitFor('a corruption is recorded', 20_000, async () => (c.model.truth.corruptions.length ? true : undefined), { intervalMs: 20 });
  const after = (await curlJson(truth, 'GET', '/truth', ACCOUNT)).body!;
  t.like((after.Corruptions as unknown[])[0], { volume: 'boot-crm', systems: ['srv01', 'srv08'] });
  t.true(typeof (after.Corruptions as Array<{ at: number }>)[0]?.at === 'number');
});

test('truth: refusals name the reason', async (t) => {
  const c = await startClusterProcess({ config: loadClusterConfig(), timeScale: 1000, account: ACCOUNT, powerOn: false });
  t.teardown(() => c.close());
  const truth = c.announcement().cluster.truth;
  t.like(await curlJson(truth, 'GET', '/truth', { user: 'admin', password: 'nope' }), { status: 401 });
  t.like(await curlJson(truth, 'GET', '/nothing', ACCOUNT), { status: 404, body: { error: 'no resource /nothing; expected /truth or /control/servers/{id}/bmc' } });
  t.like(await curlJson(truth, 'POST', '/truth', ACCOUNT, {}), { status: 405 });
  t.like(await curlJson(truth, 'POST', '/control/servers/srv99/bmc', ACCOUNT, { Answering: true }), { status: 404, body: { error: `no server srv99; expected one of: ${[...c.model.servers.keys()].join(', ')}` } });
  t.like(await curlJson(truth, 'POST', '/control/servers/srv01/bmc', ACCOUNT, { Answering: 'yes' }), { status: 400, body: { error: 'Answering: expected true or false (found "yes")' } });
});
