/**
 * A device that applies more than it was asked (a neighbour port's VLAN, another connection)
 * acknowledges the request; the drivers' read-back catches it and names device, resource and the
 * difference. The misbehaviour is staged on the model's event bus, the way a buggy firmware would.
 */
import test from 'ava';
import { WriteNotConfirmedError } from '../../../capabilities/cluster-errors.ts';
import { driverLab } from './testing/lab.ts';

test('VlanControl: a switch that also moves another port is caught', async (t) => {
  const lab = await driverLab(t);
  const sw = lab.model.switches.get('sw1')!;
  const [nic0, nic1] = lab.model.server('srv08').spec.nics;
  const was = sw.port(nic1!.port).vlans.untagged;
  lab.model.bus.on((e) => {
    if (e.type === 'PortVlansChanged' && e.port === nic0!.port) sw.port(nic1!.port).vlans = { mode: 'access', untagged: 20, tagged: [] };
  });
  const e = await t.throwsAsync(lab.caps('sw1').VlanControl.setUntaggedVlan(nic0!.port, 20), { instanceOf: WriteNotConfirmedError });
  t.is(e?.device, 'sw1');
  t.is(e?.resource, `/redfish/v1/Fabrics/Ethernet/Switches/sw1/Ports/${nic0!.port}`);
  t.is(e?.difference, `other ports' VLANs changed too: port ${nic1!.port} untagged ${was}, tagged none → untagged 20, tagged none`);
});

test('LunMapping: an array that drops another connection while mapping is caught', async (t) => {
  const lab = await driverLab(t);
  const a = lab.model.arrays.get('array1')!;
  lab.model.bus.on((e) => {
    if (e.type === 'ConnectionModified' && e.connection === 'hg-srv01') a.connections.delete('hg-srv07');
  });
  const e = await t.throwsAsync(lab.caps('array1').LunMapping.map({ hostGroup: 'hg-srv01', volume: 'data-db', lun: 4 }), { instanceOf: WriteNotConfirmedError });
  t.is(e?.resource, '/redfish/v1/Fabrics/SAN/Connections');
  t.regex(e?.difference ?? '', /^other connections changed too: .*hg-srv07:hg-srv07:boot-report@0.* → /);
});
