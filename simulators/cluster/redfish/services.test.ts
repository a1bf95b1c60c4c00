/**
 * The cluster's Redfish services over real sockets, driven with curl: follow a SAN boot by hand
 * (remove a server's masking, power-cycle it, see "no bootable device"; add it back, power-cycle,
 * see the business answer) and the refusals that leave the masking as it was.
 */
import test from 'ava';
import { curl, lab, until } from '../testing/http.ts';

const CONNECTION = '/redfish/v1/Fabrics/SAN/Connections';

test('one service root per device, each on its own 127.0.0.1 port', async (t) => {
  const { services } = await lab(t);
  t.deepEqual(
    services.devices.map((d) => `${d.kind}:${d.name}`),
    [...['01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '11'].map((n) => `server:srv${n}`), 'array:array1', 'fc-switch:fcA', 'fc-switch:fcB', 'ethernet-switch:sw1', 'partition-manager:pm1'],
  );
  t.is(new Set(services.devices.map((d) => d.redfish)).size, 16);
  t.true(services.devices.every((d) => /^http:\/\/127\.0\.0\.1:\d+$/.test(d.redfish)));
});

test('a server BMC shows the inventory the server management table needs', async (t) => {
  const { url } = await lab(t);
  const srv = url('srv06');
  const sys = await curl(srv, 'GET', '/redfish/v1/Systems/srv06');
  t.like(sys.body, { Manufacturer: 'Contoso', Model: 'PX8100', PowerState: 'Off', ProcessorSummary: { Count: 8, CoreCount: 480, Model: 'Xeon Platinum 8490H' }, MemorySummary: { TotalSystemMemoryGiB: 2048 }, Oem: { ClusterLab: { Chipset: 'C741', HardwareKind: 'px8', Partition: null } } });
  t.like((await curl(srv, 'GET', '/redfish/v1/Systems/srv06/Processors/CPU7')).body, { Model: 'Xeon Platinum 8490H', MaxSpeedMHz: 1900, TotalCores: 60, ProcessorId: { Step: 'E5' } });
  const hba = await curl(srv, 'GET', '/redfish/v1/Chassis/srv06/NetworkAdapters/hba1/NetworkDeviceFunctions/0');
  t.deepEqual(hba.body?.FibreChannel, {
    WWPN: '21:00:00:24:ff:00:06:01',
    WWNN: '20:00:00:24:ff:00:06:01',
    PermanentWWPN: '21:00:00:24:ff:00:06:01',
    PermanentWWNN: '20:00:00:24:ff:00:06:01',
    WWNSource: 'ConfiguredLocally',
    BootTargets: [{ WWPN: '50:06:01:68:3e:a0:00:01', LUNID: '0', BootPriority: 0 }],
  });
  t.like((await curl(srv, 'GET', '/redfish/v1/Chassis/srv06/NetworkAdapters/hba1/Ports/0')).body, { LinkStatus: 'LinkDown', FibreChannel: { FabricName: 'B' }, Oem: { ClusterLab: { Switch: 'fcB', SwitchPort: '5' } } });
  t.like((await curl(srv, 'GET', '/redfish/v1/Chassis/srv06/NetworkAdapters/nic3/Ports/0')).body, { Ethernet: { LLDPReceive: { ChassisId: 'sw1', PortId: '24' } } });
  const lp = await curl(url('srv04'), 'GET', '/redfish/v1/Systems/srv04');
  t.like(lp.body, { ProcessorSummary: { Count: 8 }, MemorySummary: { TotalSystemMemoryGiB: 1024 }, Oem: { ClusterLab: { Partition: { Id: 'lp1', ServerCount: 2, Members: ['srv03', 'srv04'], BootMember: 'srv03' } } } });
});

test('SAN boot by hand over Redfish: unmask, power-cycle, no bootable device; remask, power-cycle, the business answers', async (t) => {
  const { model, url } = await lab(t);
  model.start();
  const srv = url('srv02');
  const arr = url('array1');
  await until(srv, 'srv02', 'OSRunning');
  const before = await curl(arr, 'GET', `${CONNECTION}/hg-srv02`);
  t.deepEqual(before.body?.VolumeInfo, [{ Volume: { '@odata.id': '/redfish/v1/Storage/array1/Volumes/boot-web' }, LUN: 0, AccessCapabilities: ['Read', 'Write'] }]);
  t.is((await curl(arr, 'DELETE', `${CONNECTION}/hg-srv02`)).status, 204);
  t.is((await curl(arr, 'GET', `${CONNECTION}/hg-srv02`)).status, 404);
  t.is((await curl(srv, 'POST', '/redfish/v1/Systems/srv02/Actions/ComputerSystem.Reset', { ResetType: 'PowerCycle' })).status, 204);
  await until(srv, 'srv02', 'NoBootableDevice');
  const log = await curl(srv, 'GET', '/redfish/v1/Systems/srv02/LogServices/EventLog/Entries?$expand=.');
  const messages = (log.body?.Members as Array<{ MessageId: string }>).map((m) => m.MessageId);
  t.true(messages.includes('ClusterLab.1.0.NoBootableDevice'), messages.join(', '));
  t.is(model.businesses.answerer('web'), null);

  const created = await curl(arr, 'POST', CONNECTION, {
    Id: 'hg-srv02',
    ConnectionType: 'Storage',
    VolumeInfo: [{ Volume: { '@odata.id': '/redfish/v1/Storage/array1/Volumes/boot-web' }, LUN: 0 }],
    Links: { InitiatorEndpointGroups: [{ '@odata.id': '/redfish/v1/Fabrics/SAN/EndpointGroups/hg-srv02' }] },
  });
  t.is(created.status, 201);
  t.is((await curl(srv, 'POST', '/redfish/v1/Systems/srv02/Actions/ComputerSystem.Reset', { ResetType: 'PowerCycle' })).status, 204);
  await until(srv, 'srv02', 'OSRunning');
  t.is(model.businesses.answerer('web'), 'srv02');
  t.deepEqual(model.truth.corruptions, []);
});

test('masking changes that break a rule are refused whole over Redfish', async (t) => {
  const { model, url } = await lab(t);
  const arr = url('array1');
  const a = model.arrays.get('array1')!;
  const before = structuredClone([...a.connections.values()]);
  const unknown = await curl(arr, 'PATCH', `${CONNECTION}/hg-srv06`, {
    VolumeInfo: [{ Volume: { '@odata.id': '/redfish/v1/Storage/array1/Volumes/boot-db' }, LUN: 0 }, { Volume: { '@odata.id': '/redfish/v1/Storage/array1/Volumes/nope' }, LUN: 1 }],
  });
  t.is(unknown.status, 400);
  t.like(unknown.body, { error: { '@Message.ExtendedInfo': [{ MessageId: 'Base.1.22.PropertyValueIncorrect', MessageArgs: ['VolumeInfo/1/Volume', 'nope'] }] } });
  const clash = await curl(arr, 'POST', CONNECTION, {
    Id: 'extra',
    VolumeInfo: [{ Volume: { '@odata.id': '/redfish/v1/Storage/array1/Volumes/boot-web' }, LUN: 1 }],
    Links: { InitiatorEndpointGroups: [{ '@odata.id': '/redfish/v1/Fabrics/SAN/EndpointGroups/hg-srv06' }] },
  });
  t.is(clash.status, 409);
  t.like(clash.body, { error: { '@Message.ExtendedInfo': [{ MessageId: 'ClusterLab.1.0.RequestRejected', MessageArgs: ['connection extra: LUN 1 is already used for host group hg-srv06'] }] } });
  const stale = await curl(arr, 'PATCH', `${CONNECTION}/hg-srv06`, { VolumeInfo: [] }, { 'If-Match': '"not-the-etag"' });
  t.is(stale.status, 412, 'a change against another version of the masking is refused');
  const noGroup = await curl(arr, 'POST', CONNECTION, { Id: 'x', VolumeInfo: [] });
  t.is(noGroup.status, 400);
  t.deepEqual([...a.connections.values()], before);
  t.is((await curl(arr, 'GET', `${CONNECTION}/extra`)).status, 404);
});

test('fault injection through a BMC\'s OEM service: a CPU fault stops the OS; a dump delays a graceful shutdown', async (t) => {
  // 20x: the 90 s dump lasts 4.5 s, ample time for curl to ask for the shutdown while it runs.
  const { model, url } = await lab(t, 20);
  model.start();
  const srv = url('srv05');
  await until(srv, 'srv05', 'OSRunning');
  const fi = '/redfish/v1/Oem/ClusterLab/FaultInjection/Actions';
  const seen: string[] = [];
  model.bus.on((e) => {
    if (e.device === 'srv05' && (e.type === 'DumpFinished' || e.type === 'PowerChanged')) seen.push(e.type === 'PowerChanged' ? `Power${e.state}` : e.type);
  });
  t.is((await curl(srv, 'POST', `${fi}/ClusterLabFaultInjection.StartDump`, {})).status, 204);
  t.is((await curl(srv, 'POST', '/redfish/v1/Systems/srv05/Actions/ComputerSystem.Reset', { ResetType: 'GracefulShutdown' })).status, 204);
  await until(srv, 'srv05', 'None');
  t.deepEqual(seen, ['PowerPoweringOff', 'DumpFinished', 'PowerOff'], 'the shutdown waited for the dump');
  const bad = await curl(srv, 'POST', `${fi}/ClusterLabFaultInjection.InjectFault`, { Fault: 'Toaster' });
  t.is(bad.status, 400);
  t.like(bad.body, { error: { '@Message.ExtendedInfo': [{ MessageId: 'Base.1.22.ActionParameterValueNotInList' }] } });
  const other = url('srv06');
  t.is((await curl(other, 'POST', `${fi}/ClusterLabFaultInjection.InjectFault`, { Fault: 'Cpu' })).status, 204);
  await until(other, 'srv06', 'Crashed');
  t.like((await curl(other, 'GET', '/redfish/v1/Systems/srv06')).body, { Status: { Health: 'Critical' } });
  t.like((await curl(other, 'GET', '/redfish/v1/Oem/ClusterLab/FaultInjection')).body, { ActiveFaults: ['Cpu'] });
  t.is(model.businesses.answerer('db'), null);
});
