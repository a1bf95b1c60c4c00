/**
 * The first stdout line of a lab host (`ftlab emulate lab`): the lab's time scale and defects,
 * and a device list, each entry one device's endpoints (the `ftlab emulate ft` shape plus a name).
 */
import { InfraError } from '../../lib/errors.ts';
import { announcementFrom, parseJsonLine, type FtAnnouncement } from './emulator-process.ts';

export interface DeviceAnnouncement extends FtAnnouncement {
  name: string;
}

export interface LabAnnouncement {
  timeScale: number;
  defects: string[];
  devices: DeviceAnnouncement[];
}

export function parseLabAnnouncement(line: string): LabAnnouncement {
  const v = parseJsonLine(line);
  const lab = v !== null && typeof v === 'object' && 'lab' in v && v.lab !== null && typeof v.lab === 'object' ? v.lab : null;
  const list = v !== null && typeof v === 'object' && 'devices' in v && Array.isArray(v.devices) ? (v.devices as unknown[]) : null;
  if (!lab || !list) throw new InfraError(`the lab host's announcement lacks "lab"/"devices": ${line.slice(0, 200)}`);
  const devices = list.map((d: unknown, i): DeviceAnnouncement => {
    const name = d !== null && typeof d === 'object' && 'name' in d ? d.name : undefined;
    if (typeof name !== 'string' || !name) throw new InfraError(`the lab host's announcement: devices[${i}] lacks "name": ${line.slice(0, 200)}`);
    return { name, ...announcementFrom(d, JSON.stringify(d)) };
  });
  const timeScale = 'timeScale' in lab && typeof lab.timeScale === 'number' ? lab.timeScale : 1;
  const defects = 'defects' in lab && Array.isArray(lab.defects) ? lab.defects.map(String) : [];
  return { timeScale, defects, devices };
}
