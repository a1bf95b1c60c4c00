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
  const o = v !== null && typeof v === 'object' ? (v as { lab?: unknown; devices?: unknown }) : null;
  const lab = o?.lab !== null && typeof o?.lab === 'object' ? (o.lab as { timeScale?: unknown; defects?: unknown }) : null;
  if (!o || !lab || !Array.isArray(o.devices)) throw new InfraError(`the lab host's announcement lacks "lab"/"devices": ${line.slice(0, 200)}`);
  const devices = o.devices.map((d: unknown, i): DeviceAnnouncement => {
    const name = d !== null && typeof d === 'object' ? (d as { name?: unknown }).name : undefined;
    if (typeof name !== 'string' || !name) throw new InfraError(`the lab host's announcement: devices[${i}] lacks "name": ${line.slice(0, 200)}`);
    return { name, ...announcementFrom(d, JSON.stringify(d)) };
  });
  return {
    timeScale: typeof lab.timeScale === 'number' ? lab.timeScale : 1,
    defects: Array.isArray(lab.defects) ? lab.defects.map(String) : [],
    devices,
  };
}
