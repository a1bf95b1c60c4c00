/**
 * The Redfish writes the harness drivers need, driven with curl over 127.0.0.1: host groups
 * (EndpointGroups POST/PATCH/DELETE), who reaches a volume (`Links.ClientEndpoints`), ZoneETag on
 * zone edits, and the partition manager's composition service.
 */
import test from 'ava';
import { curl, lab } from '../testing/http.ts';

const SAN = '/redfish/v1/Fabrics/SAN';
const SRV08 = ['21000024ff000800', '21000024ff000801'];
const ep = (id: string) => ({ '@odata.id': `${SAN}/Endpoints/${id}` });

test('host groups: create with initiator endpoints, change members (If-Match), refuse deleting one in use, delete', async (t) => {
  const { model, url } = await lab(t);
  const arr = url('array1');
  const a = model.arrays.get('array1')!;
  const made = await curl(arr, 'POST', `${SAN}/EndpointGroups`, { Id: 'hg-srv08', GroupType: 'Initiator', Links: { Endpoints: SRV08.map(ep) } });
  t.is(made.status, 201);
  t.deepEqual([...a.hostGroups.get('hg-srv08')!], ['21:00:00:24:ff:00:08:00', '21:00:00:24:ff:00:08:01']);
  t.like((await curl(arr, 'GET', `${SAN}/Endpoints/${SRV08[0]}`)).body, { ConnectedEntities: [{ EntityRole: 'Initiator' }] });
  t.is((await curl(arr, 'POST', `${SAN}/EndpointGroups`, { Id: 'hg-srv08', Links: { Endpoints: [] } })).status, 409);
  t.is((await curl(arr, 'POST', `${SAN}/EndpointGroups`, { Id: 'hg-x', Links: { Endpoints: [ep('nope')] } })).status, 400);
  const stale = await curl(arr, 'PATCH', `${SAN}/EndpointGroups/hg-srv08`, { Links: { Endpoints: [ep(SRV08[0]!)] } }, { 'If-Match': '"old"' });
  t.is(stale.status, 412);
  const etag = (await curl(arr, 'GET', `${SAN}/EndpointGroups/hg-srv08`)).body?.['@odata.etag'] as string;
  t.is((await curl(arr, 'PATCH', `${SAN}/EndpointGroups/hg-srv08`, { Links: { Endpoints: [ep(SRV08[0]!)] } }, { 'If-Match': etag })).status, 200);
  t.deepEqual([...a.hostGroups.get('hg-srv08')!], ['21:00:00:24:ff:00:08:00']);
  t.is((await curl(arr, 'GET', `${SAN}/Endpoints/${SRV08[1]}`)).status, 404, 'an initiator in no group and reaching nothing is gone');
  const inUse = await curl(arr, 'DELETE', `${SAN}/EndpointGroups/hg-srv06`);
  t.is(inUse.status, 409);
  t.like(inUse.body, { error: { '@Message.ExtendedInfo': [{ MessageArgs: ['host group hg-srv06 is used by connection hg-srv06'] }] } });
  t.is((await curl(arr, 'DELETE', `${SAN}/EndpointGroups/hg-srv08`)).status, 204);
  t.is((await curl(arr, 'GET', `${SAN}/EndpointGroups/hg-srv08`)).status, 404);
  t.false(a.hostGroups.has('hg-srv08'));
});

test('a volume lists the initiators that reach it now', async (t) => {
  const { url } = await lab(t);
  const vol = await curl(url('array1'), 'GET', '/redfish/v1/Storage/array1/Volumes/boot-db');
  t.deepEqual(vol.body?.Links, { ClientEndpoints: [ep('21000024ff000600'), ep('21000024ff000601')] });
});

test('zone edits honour ZoneETag', async (t) => {
  const { model, url } = await lab(t);
  const fc = url('fcA');
  const zone = '/redfish/v1/Fabrics/A/Zones/z-srv02';
  const add = `${zone}/Actions/Zone.AddEndpoint`;
  const member = { '@odata.id': '/redfish/v1/Fabrics/A/Endpoints/21000024ff000800' };
  t.is((await curl(fc, 'POST', add, { Endpoint: member, ZoneETag: '"old"' })).status, 412);
  t.false(model.fabric('A').zones.get('z-srv02')!.has('21:00:00:24:ff:00:08:00'));
  const etag = (await curl(fc, 'GET', zone)).body?.['@odata.etag'];
  t.is((await curl(fc, 'POST', add, { Endpoint: member, ZoneETag: etag })).status, 204);
  t.true(model.fabric('A').zones.get('z-srv02')!.has('21:00:00:24:ff:00:08:00'));
});

test('partition manager: resource blocks per partition-capable server, compose by POST to Systems, dissolve by DELETE', async (t) => {
  const { model, url } = await lab(t);
  const pm = url('pm1');
  t.like((await curl(pm, 'GET', '/redfish/v1/CompositionService/ResourceBlocks/srv03')).body, { ResourceBlockType: ['ComputerSystem'], CompositionStatus: { CompositionState: 'Composed' }, Links: { ComputerSystems: [{ '@odata.id': '/redfish/v1/Systems/lp1' }] } });
  t.like((await curl(pm, 'GET', '/redfish/v1/CompositionService/ResourceZones/px4')).body, { Oem: { ClusterLab: { MaxPartitionServers: 2 } } });
  const blocks = ['srv09', 'srv10'].map((s) => ({ '@odata.id': `/redfish/v1/CompositionService/ResourceBlocks/${s}` }));
  const made = await curl(pm, 'POST', '/redfish/v1/Systems', { Name: 'lp2', Links: { ResourceBlocks: blocks } });
  t.is(made.status, 201);
  t.like(made.body, { Id: 'lp2', SystemType: 'Composed', PowerState: 'Off', Links: { ResourceBlocks: blocks } });
  t.deepEqual(model.system('lp2').members, ['srv09', 'srv10']);
  const twice = await curl(pm, 'POST', '/redfish/v1/Systems', { Name: 'lp3', Links: { ResourceBlocks: blocks } });
  t.is(twice.status, 409);
  t.is((await curl(pm, 'DELETE', '/redfish/v1/Systems/lp2')).status, 204);
  t.is((await curl(pm, 'GET', '/redfish/v1/Systems/lp2')).status, 404);
  t.like((await curl(pm, 'GET', '/redfish/v1/CompositionService/ResourceBlocks/srv09')).body, { CompositionStatus: { CompositionState: 'Unused' }, Links: { ComputerSystems: [] } });
});
