/** The mirrored storage mirror0 (RAID1 across module disks) with its multipath set, and its boot volume. */
import { STORAGE, SYSTEM, VOLUME, pcieUri } from '../uris.ts';
import { moduleOfId, ref, type ProjectionContext } from './common.ts';
import { reportedStoragePath } from '../reported.ts';

export function mountStorage({ svc, model }: ProjectionContext): void {
  svc.collection(`${SYSTEM}/Storage`, { type: '#StorageCollection.StorageCollection', name: 'Storage', members: () => [STORAGE] });
  const paths = model.storageSet.members;
  svc.resource(STORAGE, {
    type: '#Storage.v1_15_0.Storage',
    get: () => ({
      Id: 'mirror0',
      Name: 'Mirrored disks across modules (RAID1, multipath)',
      Status: { State: 'Enabled', Health: paths.every((x) => model.device(x)?.usable) ? 'OK' : 'Warning' },
      Volumes: ref(`${STORAGE}/Volumes`),
      Oem: {
        FtLab: {
          '@odata.type': '#FtLabStorage.v1_0_0.FtPaths',
          ActivePath: reportedStoragePath(model),
          Paths: paths.map((x) => ({ Id: x, State: model.storageSet.memberState(x), Device: ref(pcieUri(moduleOfId(x), x)) })),
        },
      },
    }),
  });
  svc.collection(`${STORAGE}/Volumes`, { type: '#VolumeCollection.VolumeCollection', name: 'Volumes', members: () => [VOLUME] });
  svc.resource(VOLUME, {
    type: '#Volume.v1_9_0.Volume',
    get: () => ({
      Id: 'boot',
      Name: 'Boot volume (RAID1 across module disks)',
      RAIDType: 'RAID1',
      CapacityBytes: 960 * 1000 ** 3,
      Status: { State: model.storageSet.active ? 'Enabled' : 'UnavailableOffline', Health: model.storageSet.inGap() ? 'Warning' : 'OK' },
    }),
  });
}
