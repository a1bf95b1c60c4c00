/**
 * Every device's own event stream, read over SSE with curl while the cluster boots a server,
 * loses its LUN masking, finds no bootable device and has its zoning activated: each device
 * reports its own changes, with the resource they concern.
 */
import test from 'ava';
import { curl, lab } from '../testing/http.ts';
import { curlSse, type SseEvent } from '../testing/sse.ts';

const AUTH = { user: 'admin', password: 'cluster-pw-1' };
const origin = (e: SseEvent): string => e.OriginOfCondition?.['@odata.id'] ?? '';

test('server, array, FC switch and Ethernet switch events over SSE', async (t) => {
  const { model, url } = await lab(t);
  const [srv, arr, fc, sw] = await Promise.all(['srv02', 'array1', 'fcA', 'sw1'].map((d) => curlSse(t, url(d), AUTH)));
  model.start();
  await srv!.until('srv02 boot progress', (e) => e.MessageId === 'ClusterLab.1.0.BootProgress' && e.MessageArgs?.[1] === 'FabricLogin');
  await srv!.until('srv02 OS running', (e) => e.MessageId === 'ClusterLab.1.0.OsRunning');
  await fc!.until('srv02 logs into fabric A', (e) => e.MessageId === 'ResourceEvent.1.4.ResourceCreated' && origin(e) === '/redfish/v1/Fabrics/A/Endpoints/21000024ff000200');
  await sw!.until('srv02 nic0 link up', (e) => e.MessageId === 'ResourceEvent.1.4.ResourceStateChanged' && e.MessageArgs?.join() === '/redfish/v1/Fabrics/Ethernet/Switches/sw1/Ports/5,LinkUp');

  t.is((await curl(url('array1'), 'DELETE', '/redfish/v1/Fabrics/SAN/Connections/hg-srv02')).status, 204);
  await arr!.until('masking removed', (e) => e.MessageId === 'ResourceEvent.1.4.ResourceRemoved' && origin(e) === '/redfish/v1/Fabrics/SAN/Connections/hg-srv02');
  t.is((await curl(url('srv02'), 'POST', '/redfish/v1/Systems/srv02/Actions/ComputerSystem.Reset', { ResetType: 'PowerCycle' })).status, 204);
  await srv!.until('powered off', (e) => e.MessageId === 'ResourceEvent.1.4.ResourcePoweredOff');
  await fc!.until('srv02 logs out', (e) => e.MessageId === 'ResourceEvent.1.4.ResourceRemoved' && origin(e) === '/redfish/v1/Fabrics/A/Endpoints/21000024ff000200');
  await sw!.until('srv02 nic0 link down', (e) => e.MessageArgs?.join() === '/redfish/v1/Fabrics/Ethernet/Switches/sw1/Ports/5,LinkDown');
  const nbd = await srv!.until('no bootable device', (e) => e.MessageId === 'ClusterLab.1.0.NoBootableDevice');
  t.is(origin(nbd), '/redfish/v1/Systems/srv02');

  await model.switches.get('sw1')!.setPortVlans('6', { mode: 'trunk', untagged: 1, tagged: [20] });
  await sw!.until('port 6 VLANs changed', (e) => e.MessageId === 'ResourceEvent.1.4.ResourceChanged' && origin(e) === '/redfish/v1/Fabrics/Ethernet/Switches/sw1/Ports/6');
  await model.fabric('A').activate('cfg-A');
  const act = await fc!.until('zone set activated', (e) => e.MessageId === 'ClusterLab.1.0.ZoneSetActivated');
  t.deepEqual(act.MessageArgs, ['A', 'cfg-A']);

  // each device reports only its own changes
  t.false(srv!.events().some((e) => origin(e).startsWith('/redfish/v1/Fabrics')), 'no fabric events on a server BMC');
  t.false(arr!.events().some((e) => origin(e).includes('/Ethernet/')), 'no switch events on the array');
  t.false(fc!.events().some((e) => origin(e).startsWith('/redfish/v1/Fabrics/B')), 'no fabric B events on fcA');
  t.false(sw!.events().some((e) => origin(e).startsWith('/redfish/v1/Systems')), 'no server events on the switch');
});
