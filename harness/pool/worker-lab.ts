/** A worker's lab: the embedded one (its own emulators) or an inventory file; its devices connected. */
import { setMaxListeners } from 'node:events';
import type { Clock } from '../../lib/clock.ts';
import type { Logger } from '../../lib/log.ts';
import { connectDevice } from '../devices/connect.ts';
import type { BoundDevice } from '../devices/device.ts';
import { loadInventory } from '../inventory/load.ts';
import type { Inventory } from '../inventory/types.ts';
import { DEFAULT_CLUSTERS, DEFAULT_DEVICES, EmbeddedLab } from '../lab/embedded.ts';
import type { LabChoice } from '../session.ts';

export interface WorkerLab {
  devices: BoundDevice[];
  inventory: Inventory;
  /** Aborted when the embedded lab's process dies. */
  lost?: AbortSignal;
  close(): Promise<void>;
}

export async function openWorkerLab(choice: LabChoice, withCluster: boolean, deps: { clock: Clock; log: Logger; signal: AbortSignal }): Promise<WorkerLab> {
  let lab: EmbeddedLab | null = null;
  let inventory: Inventory;
  if (choice.kind === 'embedded') {
    lab = await EmbeddedLab.start({
      timeScale: choice.timeScale,
      defects: choice.defects,
      devices: [...DEFAULT_DEVICES, ...(withCluster ? DEFAULT_CLUSTERS : [])],
      log: deps.log,
      ...(choice.tls === false ? { tls: false } : {}),
    });
    inventory = lab.inventory();
  } else {
    inventory = loadInventory(choice.file);
  }
  setMaxListeners(Math.max(10, inventory.devices.length + 10), deps.signal);
  let devices: BoundDevice[] = [];
  const close = async (): Promise<void> => {
    await Promise.allSettled(devices.map((d) => d.close()));
    if (lab) await lab.stop();
  };
  try {
    devices = await Promise.all(inventory.devices.map((d) => connectDevice(d, deps)));
  } catch (e) {
    await close();
    throw e;
  }
  return { devices, inventory, ...(lab ? { lost: lab.lost } : {}), close };
}
