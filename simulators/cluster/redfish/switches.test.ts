/** The FC and Ethernet switch services over real sockets, driven with curl. */
import test from 'ava';
import { curl, lab, until } from '../testing/http.ts';

const A = '/redfish/v1/Fabrics/A';
const PORT1 = '/redfish/v1/Fabrics/Ethernet/Switches/sw1/Ports/1';
const IFACES1 = '/redfish/v1/Chassis/sw1/NetworkAdapters/asic/NetworkDeviceFunctions/port1/EthernetInterfaces';

test('FC: fabric logins appear as endpoints on the F_Port they came in on', async (t) => {
  const { model, url } = await lab(t);
  const fc = url('fcA');
  t.deepEqual((await curl(fc, 'GET', `${A}/Endpoints`)).body?.Members, [{ '@odata.id': `${A}/Endpoints/500601603ea00001` }]);
  t.is((await curl(fc, 'GET', `${A}/Endpoints/21000024ff000100`)).status, 404);
  model.start();
  await until(url('srv01'), 'srv01', 'OSRunning');
  t.like((await curl(fc, 'GET', `${A}/Endpoints/21000024ff000100`)).body, {
    Identifiers: [{ DurableName: '21:00:00:24:ff:00:01:00', DurableNameFormat: 'FC_WWN' }],
    ConnectedEntities: [{ EntityType: 'StorageInitiator', EntityRole: 'Initiator' }],
    Links: { ConnectedPorts: [{ '@odata.id': `${A}/Switches/fcA/Ports/0` }], Zones: [{ '@odata.id': `${A}/Zones/z-srv01` }] },
  });
  t.like((await curl(fc, 'GET', `${A}/Switches/fcA/Ports/0`)).body, { LinkStatus: 'LinkUp', FibreChannel: { PortConnectionType: 'FPort', AssociatedWorldWideNames: ['21:00:00:24:ff:00:01:00'] } });
});

test('FC: a zone edit takes effect at activation of its zone set, not before', async (t) => {
  const { model, url } = await lab(t);
  const fc = url('fcA');
  const zoneSet = await curl(fc, 'GET', `${A}/Zones/cfg-A`);
  t.like(zoneSet.body, { ZoneType: 'ZoneOfZones', Status: { State: 'Enabled' } });
  const removed = await curl(fc, 'POST', `${A}/Zones/z-srv01/Actions/Zone.RemoveEndpoint`, { Endpoint: { '@odata.id': `${A}/Endpoints/500601603ea00001` } });
  t.is(removed.status, 204);
  t.deepEqual((await curl(fc, 'GET', `${A}/Zones/z-srv01`)).body?.Links, { Endpoints: [{ '@odata.id': `${A}/Endpoints/21000024ff000100` }] });
  const effective = (): boolean => [...(model.fabric('A').effective?.zones.get('z-srv01') ?? [])].includes('50:06:01:60:3e:a0:00:01');
  t.true(effective(), 'still the activated copy');
  t.is((await curl(fc, 'POST', `${A}/Zones/cfg-A/Actions/Oem/ClusterLabZone.Activate`, {})).status, 204);
  t.false(effective());
  const bad = await curl(fc, 'POST', `${A}/Zones`, { Id: 'z-new', ZoneType: 'ZoneOfEndpoints', Links: { Endpoints: [{ '@odata.id': `${A}/Endpoints/not-a-wwpn` }] } });
  t.is(bad.status, 400);
  t.false(model.fabric('A').zones.has('z-new'));
  const made = await curl(fc, 'POST', `${A}/Zones`, { Id: 'z-new', ZoneType: 'ZoneOfEndpoints', Links: { Endpoints: [{ '@odata.id': `${A}/Endpoints/21000024ff000800` }] } });
  t.is(made.status, 201);
  t.deepEqual([...model.fabric('A').zones.get('z-new')!], ['21:00:00:24:ff:00:08:00']);
  t.is((await curl(fc, 'PATCH', `${A}/Zones/Default`, { DefaultRoutingEnabled: true })).status, 200);
  t.is(model.fabric('A').defaultZone, 'allow');
});

test('Ethernet: VLAN membership as EthernetInterfaces (option B) and as the OEM view (option C), one state', async (t) => {
  const { model, url } = await lab(t);
  const sw = url('sw1');
  t.like((await curl(sw, 'GET', PORT1)).body, { InterfaceEnabled: true, LinkStatus: 'NoLink', Oem: { ClusterLab: { Vlan: { Mode: 'Access', AccessVlanId: 10 } } } });
  t.deepEqual((await curl(sw, 'GET', IFACES1)).body?.Members, [{ '@odata.id': `${IFACES1}/vlan10` }]);
  t.like((await curl(sw, 'GET', `${IFACES1}/vlan10`)).body, { VLAN: { VLANId: 10, Tagged: false } });
  t.is((await curl(sw, 'POST', IFACES1, { VLAN: { VLANId: 20, Tagged: true } })).status, 201);
  t.like((await curl(sw, 'GET', PORT1)).body, { Oem: { ClusterLab: { Vlan: { Mode: 'Trunk', NativeVlanId: 10, TrunkVlanIds: [20] } } } });
  t.is((await curl(sw, 'DELETE', `${IFACES1}/vlan20`)).status, 204);
  t.is((await curl(sw, 'GET', `${IFACES1}/vlan20`)).status, 404);
  const patched = await curl(sw, 'PATCH', PORT1, { Oem: { ClusterLab: { Vlan: { Mode: 'Access', AccessVlanId: 99 } } } });
  t.is(patched.status, 200);
  t.deepEqual(model.switches.get('sw1')!.port('1').vlans, { mode: 'access', untagged: 99, tagged: [] });
});

test('Ethernet: a VLAN the switch does not have is refused and nothing changes; a disabled port drops the business', async (t) => {
  const { model, url } = await lab(t);
  const sw = url('sw1');
  const refused = await curl(sw, 'PATCH', PORT1, { Oem: { ClusterLab: { Vlan: { Mode: 'Trunk', NativeVlanId: 10, TrunkVlanIds: [20, 77] } } } });
  t.is(refused.status, 400);
  t.like(refused.body, { error: { '@Message.ExtendedInfo': [{ MessageId: 'ClusterLab.1.0.RequestRejected', MessageArgs: ['switch sw1 has no VLAN 77'] }] } });
  t.deepEqual(model.switches.get('sw1')!.port('1').vlans, { mode: 'access', untagged: 10, tagged: [] });
  model.start();
  await until(url('srv01'), 'srv01', 'OSRunning');
  t.is(model.businesses.answerer('crm'), 'srv01');
  t.like((await curl(sw, 'GET', PORT1)).body, { LinkStatus: 'LinkUp', Ethernet: { AssociatedMACAddresses: ['02:f7:1a:00:01:00'] } });
  t.is((await curl(sw, 'PATCH', PORT1, { InterfaceEnabled: false })).status, 200);
  t.is(model.businesses.answerer('crm'), null);
});
