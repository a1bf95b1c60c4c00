/** The NIC team bond0 (active-backup across modules) and its member ports. */
import type { FtModel } from '../model.ts';
import { SYSTEM, ethUri, moduleUri } from '../uris.ts';
import { deviceOf, deviceStatus, macOf, moduleOfId, ref, type ProjectionContext } from './common.ts';

function teamResource(model: FtModel) {
  const nicMembers = model.nicTeam.members;
  const up = model.powerState === 'On' && !model.nicTeam.inGap();
  const anyUsable = nicMembers.some((n) => model.device(n)?.usable);
  return {
    Id: 'bond0',
    Name: 'NIC team (active-backup across modules)',
    EthernetInterfaceType: 'Virtual',
    TeamMode: 'ActiveBackup',
    MACAddress: macOf('bond0'),
    LinkStatus: up ? 'LinkUp' : 'LinkDown',
    InterfaceEnabled: true,
    Status: {
      State: model.powerState === 'On' ? 'Enabled' : 'Disabled',
      Health: model.powerState !== 'On' ? 'OK' : !anyUsable ? 'Critical' : nicMembers.every((n) => model.device(n)?.usable) ? 'OK' : 'Warning',
    },
    Links: { RelatedInterfaces: nicMembers.map((n) => ref(ethUri(n))) },
    Oem: { FtLab: { '@odata.type': '#FtLabEthernetInterface.v1_0_0.FtTeam', ActiveMember: model.nicTeam.active, FailoverInProgress: model.nicTeam.inGap() } },
  };
}

function memberResource(model: FtModel, n: string) {
  const m = moduleOfId(n);
  const d = deviceOf(model, n);
  return {
    Id: n,
    Name: `Module ${m} NIC port 0`,
    EthernetInterfaceType: 'Physical',
    MACAddress: macOf(n),
    LinkStatus: !d.present || d.removed ? 'NoLink' : d.linkUp ? 'LinkUp' : 'LinkDown',
    Status: deviceStatus(d),
    Links: { Chassis: ref(moduleUri(m)), AffiliatedInterfaces: [ref(ethUri('bond0'))] },
  };
}

export function mountNics({ svc, model }: ProjectionContext): void {
  const nicMembers = model.nicTeam.members;
  svc.collection(`${SYSTEM}/EthernetInterfaces`, {
    type: '#EthernetInterfaceCollection.EthernetInterfaceCollection',
    name: 'Ethernet Interfaces',
    members: () => [ethUri('bond0'), ...nicMembers.map(ethUri)],
  });
  svc.resource(ethUri('bond0'), { type: '#EthernetInterface.v1_12_0.EthernetInterface', get: () => teamResource(model) });
  for (const n of nicMembers) {
    svc.resource(ethUri(n), { type: '#EthernetInterface.v1_12_0.EthernetInterface', get: () => memberResource(model, n) });
  }
}
