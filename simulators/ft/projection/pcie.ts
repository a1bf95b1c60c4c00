/** The PCIe devices of a module (NICs and HBAs double as IO team members). */
import type { PcieDeviceSpec } from '../profile.ts';
import type { FtModel } from '../model.ts';
import type { ModuleIndex } from '../types.ts';
import { moduleUri, pcieUri } from '../uris.ts';
import { deviceOf, deviceStatus, ref, type ProjectionContext } from './common.ts';

function pcieResource(model: FtModel, m: ModuleIndex, spec: PcieDeviceSpec) {
  const d = deviceOf(model, spec.id);
  return {
    Id: spec.id,
    Name: spec.name,
    DeviceType: 'SingleFunction',
    Status: deviceStatus(d),
    Slot: { HotPluggable: true, SlotType: 'FullLength', Location: { PartLocation: { LocationType: 'Slot', ServiceLabel: `Module ${m} ${spec.id}` } } },
    Links: { Chassis: [ref(moduleUri(m))] },
    Oem: {
      FtLab: {
        '@odata.type': '#FtLabPCIeDevice.v1_0_0.FtDevice',
        SurpriseRemovalSupported: spec.surpriseRemovalSupported,
        DeviceClass: spec.kind,
        SurpriseRemoved: d.removed,
        TeamState: d.teamState,
      },
    },
  };
}

export function mountPcieDevices({ svc, model }: ProjectionContext, m: ModuleIndex): void {
  const devices = model.profile.io.pcieDevices.filter((d) => d.module === m);
  svc.collection(`${moduleUri(m)}/PCIeDevices`, {
    type: '#PCIeDeviceCollection.PCIeDeviceCollection',
    name: `Module ${m} PCIe devices`,
    members: () => devices.map((d) => pcieUri(m, d.id)),
  });
  for (const spec of devices) {
    svc.resource(pcieUri(m, spec.id), { type: '#PCIeDevice.v1_14_0.PCIeDevice', get: () => pcieResource(model, m, spec) });
  }
}
