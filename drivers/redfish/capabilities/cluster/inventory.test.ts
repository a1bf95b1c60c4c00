/**
 * Probing and ServerInventory against the real cluster services (in process, 127.0.0.1, 1000x
 * clock): each device offers exactly its capabilities and says why not the others; a server's
 * inventory equals what the cluster config says about it (an independent source), cable by cable.
 */
import test from 'ava';
import { CapabilityNotSupportedError } from '../../../capabilities/cluster-errors.ts';
import { startFtServer } from '../../../../simulators/ft/server.ts';
import { RedfishClient } from '../../client.ts';
import { RedfishDiscovery } from '../../discovery.ts';
import { RedfishBmcClock } from '../bmc-clock.ts';
import { probeClusterCapabilities } from './index.ts';
import { driverLab } from './testing/lab.ts';

test('each device offers its own capabilities and names what the others lack', async (t) => {
  const lab = await driverLab(t);
  const offered = async (name: string) => {
    const { caps, missing } = await probeClusterCapabilities(lab.client(name), undefined, { device: name });
    return { caps: Object.keys(caps).sort(), missing };
  };
  const srv = await offered('srv06');
  t.deepEqual(srv.caps, ['ClusterLabFaultInjection', 'ServerInventory']);
  t.is(srv.missing.VlanControl, 'the service root has no Fabrics');
  t.is(srv.missing.PartitionControl, 'the service root has no CompositionService');
  t.deepEqual((await offered('sw1')).caps, ['VlanControl']);
  const fc = await offered('fcA');
  t.deepEqual(fc.caps, ['FabricLogins', 'ZoneControl']);
  t.is(fc.missing.LunMapping, 'the service root has no Storage');
  t.is(fc.missing.VlanControl, 'no Fabric of FabricType Ethernet');
  const arr = await offered('array1');
  t.deepEqual(arr.caps, ['LunMapping']);
  t.is(arr.missing.ZoneControl, 'Fabric /redfish/v1/Fabrics/SAN has no Zones');
  t.is(arr.missing.FabricLogins, 'no FC Fabric has Switches');
  t.deepEqual((await offered('pm1')).caps, ['PartitionControl']);
  // Used anyway, a capability the device lacks is a typed "not supported" naming device and reason.
  const e = await t.throwsAsync(lab.caps('srv01').LunMapping.read(), { instanceOf: CapabilityNotSupportedError });
  t.is(e?.message, 'srv01 does not support LunMapping: the service root has no Storage');
});

test('ServerInventory: CPU, memory, chipset, NICs with their switch ports, HBAs with fabrics and boot targets, as configured', async (t) => {
  const lab = await driverLab(t);
  lab.model.start();
  await lab.until('srv06', 'Running');
  const inv = await lab.caps('srv06').ServerInventory.read();
  const spec = lab.model.server('srv06').spec;
  const kind = lab.model.server('srv06').kind;
  const arrayPorts = lab.model.config.arrays.flatMap((a) => a.ports);
  t.like(inv, { uri: '/redfish/v1/Systems/srv06', id: 'srv06', manufacturer: kind.manufacturer, model: kind.model, hardwareKind: 'px8', chipset: kind.chipset, powerState: 'On', memoryGiB: kind.memoryGiB, partition: null });
  t.deepEqual(inv.cpu, { model: kind.cpu.model, stepping: kind.cpu.stepping, frequencyMHz: kind.cpu.frequencyMHz, count: kind.cpu.sockets, cores: kind.cpu.sockets * kind.cpu.coresPerSocket });
  t.deepEqual(
    inv.nics,
    spec.nics.map((n) => ({ adapter: n.id, mac: n.mac, linkUp: true, switchPort: { chassisId: n.switch, portId: n.port } })),
  );
  t.deepEqual(
    inv.hbas,
    spec.hbas.map((h) => ({
      adapter: h.id,
      wwpn: h.wwpn,
      wwnn: h.wwnn,
      fabric: h.fabric,
      loggedIn: true,
      bootTargets: arrayPorts.filter((p) => p.fabric === h.fabric).map((p, i) => ({ wwpn: p.wwpn, lun: String(spec.bootLun), priority: i })),
    })),
  );
  t.deepEqual(inv.arrayTargets, arrayPorts.map((p) => p.wwpn).sort());
  const spare = await lab.caps('srv08').ServerInventory.read();
  t.like(spare, { powerState: 'Off', hardwareKind: 'gx2', partition: null });
  t.true(spare.hbas.every((h) => !h.loggedIn) && spare.nics.every((n) => !n.linkUp), 'a powered-off spare has no logins and no links');
  const member = await lab.caps('srv04').ServerInventory.read();
  t.deepEqual(member.partition, { id: 'lp1', members: ['srv03', 'srv04'], bootMember: 'srv03' });
  t.is(member.cpu.count, 2 * lab.model.server('srv04').kind.cpu.sockets, 'a partition member reports the logical server\'s sockets');
});

test('an ft BMC (no fabrics, no storage, no composition) offers none of the SAN capabilities and stays usable', async (t) => {
  const server = await startFtServer({ timeScale: 20 });
  t.teardown(() => server.close());
  const client = new RedfishClient({ baseUrl: server.redfishUrl, auth: { mode: 'session', username: 'admin', password: 'ftlab' } });
  t.teardown(() => client.close());
  const { caps, missing } = await probeClusterCapabilities(client, undefined, { device: 'ft0' });
  t.false('LunMapping' in caps || 'ZoneControl' in caps || 'VlanControl' in caps || 'PartitionControl' in caps || 'FabricLogins' in caps);
  t.deepEqual(Object.keys(missing).filter((k) => k !== 'ServerInventory').sort(), ['ClusterLabFaultInjection', 'FabricLogins', 'LunMapping', 'PartitionControl', 'VlanControl', 'ZoneControl']);
  t.is(missing.ClusterLabFaultInjection, 'the service has no /redfish/v1/Oem/ClusterLab/FaultInjection');
  t.is(missing.LunMapping, 'the service root has no Storage');
});

test('every cluster device advertises the lab time scale, which the harness reads as the BMC clock scale', async (t) => {
  const lab = await driverLab(t, { scale: 250 });
  for (const name of ['srv01', 'sw1', 'fcB', 'array1', 'pm1']) {
    t.is(await new RedfishBmcClock(lab.client(name), new RedfishDiscovery(lab.client(name))).timeScale(), 250, name);
  }
});
