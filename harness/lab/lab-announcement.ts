/**
 * The first stdout line of a lab host (`ftlab emulate lab`): the lab's time scale and defects,
 * and a device list, each entry one device's endpoints (the `ftlab emulate ft` shape plus a name),
 * or a cluster of kind `cluster` with its member devices (cluster-announcement.ts).
 */
import { InfraError } from '../../lib/errors.ts';
import { clusterAnnouncementFrom, type ClusterAnnouncement } from './cluster-announcement.ts';
import { announcementFrom, parseJsonLine, type FtAnnouncement } from './emulator-process.ts';

export interface DeviceAnnouncement extends FtAnnouncement {
  name: string;
}

export interface LabAnnouncement {
  timeScale: number;
  defects: string[];
  devices: DeviceAnnouncement[];
  clusters: ClusterAnnouncement[];
}

export const CLUSTER_HOST_KIND = 'cluster';

export function parseLabAnnouncement(line: string): LabAnnouncement {
  const v = parseJsonLine(line);
  const lab = v !== null && typeof v === 'object' && 'lab' in v && v.lab !== null && typeof v.lab === 'object' ? v.lab : null;
  const list = v !== null && typeof v === 'object' && 'devices' in v && Array.isArray(v.devices) ? (v.devices as unknown[]) : null;
  if (!lab || !list) throw new InfraError(`the lab host's announcement lacks "lab"/"devices": ${line.slice(0, 200)}`);
  const devices: DeviceAnnouncement[] = [];
  const clusters: ClusterAnnouncement[] = [];
  list.forEach((d: unknown, i) => {
    const o = (d !== null && typeof d === 'object' ? d : {}) as Record<string, unknown>;
    if (typeof o.name !== 'string' || !o.name) throw new InfraError(`the lab host's announcement: devices[${i}] lacks "name": ${line.slice(0, 200)}`);
    if (o.kind === CLUSTER_HOST_KIND) clusters.push(clusterAnnouncementFrom(o.name, o, o.members, o.businesses));
    else devices.push({ name: o.name, ...announcementFrom(d, JSON.stringify(d)) });
  });
  const timeScale = 'timeScale' in lab && typeof lab.timeScale === 'number' ? lab.timeScale : 1;
  const defects = 'defects' in lab && Array.isArray(lab.defects) ? lab.defects.map(String) : [];
  return { timeScale, defects, devices, clusters };
}
