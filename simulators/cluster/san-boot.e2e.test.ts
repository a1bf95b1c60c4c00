/**
 * Issue 11's "Done when", by hand over 127.0.0.1: start `ftlab emulate cluster`, then with curl
 * only — remove a server's LUN masking on the array, power-cycle the server, see "no bootable
 * device" (BootProgress and its event log); give the masking back, power-cycle, and see the
 * business answer from that server (socat over UDP, curl over TCP).
 */
import test from 'ava';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { waitFor, withDeadline } from '../../lib/deadline.ts';
import { curlJson } from './testing/http.ts';
import { announcementOf, runCluster } from './testing/process.ts';

const run = promisify(execFile);
const AUTH = { user: 'admin', password: 'ftlab' };
const CONNECTION = '/redfish/v1/Fabrics/SAN/Connections';
const RESET = '/redfish/v1/Systems/srv02/Actions/ComputerSystem.Reset';

async function bootState(srv: string): Promise<string> {
  const p = (await curlJson(srv, 'GET', '/redfish/v1/Systems/srv02', AUTH)).body?.BootProgress as { LastState?: string; OemLastState?: string } | undefined;
  return p?.OemLastState ?? p?.LastState ?? '?';
}

async function reaches(srv: string, state: string): Promise<void> {
  let last = '';
  await waitFor(`srv02 reaches ${state}`, 60_000, async () => ((last = await bootState(srv)) === state ? true : undefined), { intervalMs: 100, describeLast: () => last });
}

test('SAN boot by hand: unmask, power-cycle, no bootable device; remask, power-cycle, the business answers from that server', async (t) => {
  // 100x: a boot of 77 s takes 0.77 s
  const r = runCluster(['--time-scale', '100', '--no-ipmi']);
  t.teardown(() => r.child.kill('SIGKILL'));
  const a = await announcementOf(r);
  const url = (name: string): string => a.devices.find((d) => d.name === name)?.redfish ?? '';
  const web = a.businesses.find((b) => b.name === 'web');
  if (!web) return t.fail('no business web announced');
  const srv = url('srv02');
  const arr = url('array1');
  await reaches(srv, 'OSRunning');

  const mapping = await curlJson(arr, 'GET', `${CONNECTION}/hg-srv02`, AUTH);
  t.is(mapping.status, 200);
  t.is((await curlJson(arr, 'DELETE', `${CONNECTION}/hg-srv02`, AUTH)).status, 204);
  t.is((await curlJson(srv, 'POST', RESET, AUTH, { ResetType: 'PowerCycle' })).status, 204);
  await reaches(srv, 'NoBootableDevice');
  const log = await curlJson(srv, 'GET', '/redfish/v1/Systems/srv02/LogServices/EventLog/Entries?$expand=.', AUTH);
  t.true((log.body?.Members as Array<{ MessageId: string }>).some((m) => m.MessageId === 'ClusterLab.1.0.NoBootableDevice'));
  const udpDown = await run('socat', ['-t', '1', '-', `UDP:127.0.0.1:${web.udp}`], { timeout: 10_000 }).catch((e: { stdout?: string }) => ({ stdout: e.stdout ?? '' }));
  t.is(udpDown.stdout, '', 'nothing answers for web while it has no server');

  const back = await curlJson(arr, 'POST', CONNECTION, AUTH, {
    Id: 'hg-srv02',
    ConnectionType: 'Storage',
    VolumeInfo: (mapping.body?.VolumeInfo as Array<{ Volume: unknown; LUN: number }>).map((v) => ({ Volume: v.Volume, LUN: v.LUN })),
    Links: { InitiatorEndpointGroups: [{ '@odata.id': '/redfish/v1/Fabrics/SAN/EndpointGroups/hg-srv02' }] },
  });
  t.is(back.status, 201);
  t.is((await curlJson(srv, 'POST', RESET, AUTH, { ResetType: 'PowerCycle' })).status, 204);
  await reaches(srv, 'OSRunning');
  const socat = run('socat', ['-t', '2', '-', `UDP:127.0.0.1:${web.udp}`], { timeout: 10_000 });
  socat.child.stdin?.end('who?');
  t.is((await socat).stdout, 'who?\nhost=srv02 business=web\n');
  const tcp = await run('curl', ['-s', '--max-time', '1', `telnet://127.0.0.1:${web.tcp}`], { timeout: 10_000 }).catch((e: { stdout?: string }) => ({ stdout: e.stdout ?? '' }));
  t.is(tcp.stdout, 'host=srv02 business=web\n', 'curl over TCP reads the greeting');
  const truth = await curlJson(a.cluster.truth, 'GET', '/truth', AUTH);
  t.deepEqual(truth.body?.Corruptions, []);
  r.child.kill('SIGTERM');
  t.is(await withDeadline('the cluster exits', 30_000, () => r.exited), 0);
});
