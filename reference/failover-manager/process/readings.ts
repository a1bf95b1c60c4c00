/**
 * Everything the management table is built from, read from the devices (FO-04): each server's
 * inventory, each switch's VLANs, each fabric's zoning, each array's masking, the partitions.
 * A server whose BMC does not answer keeps its last reading (marked stale) so a failure of that
 * BMC can still be decided on; any other device that does not answer fails the read (infra).
 */
import { setMaxListeners } from 'node:events';
import type { LunMappingView, PartitionsView, ServerInventoryView, SwitchVlansView, ZoningView } from '../../../drivers/capabilities/index.ts';
import { errorMessage, InfraError } from '../../../lib/errors.ts';
import type { Logger } from '../../../lib/log.ts';
import type { LabDevices } from './devices.ts';

/** Concurrent requests on one signal: bounded by the lab's size, not a leak. */
export const MAX_LISTENERS = 2000;

export interface LabReadings {
  servers: ServerInventoryView[];
  switches: SwitchVlansView[];
  fabrics: ZoningView[];
  /** Each array's masking view and its target port WWPNs. */
  arrays: Array<{ mapping: LunMappingView; targetPorts: string[] }>;
  partitions: PartitionsView | null;
  /** Servers whose row is their last reading (the BMC did not answer now). */
  stale: string[];
}

async function need<T>(what: string, p: Promise<T>): Promise<T> {
  try {
    return await p;
  } catch (e) {
    throw new InfraError(`reading ${what} for the management table: ${errorMessage(e)}`, { cause: e });
  }
}

export class LabReader {
  private readonly last = new Map<string, ServerInventoryView>();

  constructor(
    private readonly devices: LabDevices,
    private readonly logger: Logger,
  ) {}

  private async server(name: string, signal: AbortSignal, stale: string[]): Promise<ServerInventoryView> {
    const dev = this.devices.servers.get(name);
    try {
      const v = await (dev ? dev.inventory.read(signal) : Promise.reject(new Error('not in the lab file')));
      this.last.set(name, v);
      return v;
    } catch (e) {
      const prev = this.last.get(name);
      if (!prev) throw new InfraError(`reading the inventory of ${name}: ${errorMessage(e)}`, { cause: e });
      this.logger.warn(`${name}: BMC did not answer; its table row is the last reading`, { component: 'failover-manager', error: errorMessage(e) });
      stale.push(name);
      return { ...prev, powerState: 'Unknown' };
    }
  }

  async read(signal: AbortSignal): Promise<LabReadings> {
    // Every request of every device read listens on this one signal (a server's inventory alone is a dozen).
    setMaxListeners(MAX_LISTENERS, signal);
    const stale: string[] = [];
    const d = this.devices;
    const [servers, switches, fabrics, arrays, partitions] = await Promise.all([
      Promise.all([...d.servers.keys()].map((n) => this.server(n, signal, stale))),
      need('the Ethernet switches', Promise.all([...d.switches.values()].map((c) => c.read(signal)))),
      need('the FC fabrics', Promise.all([...d.fabrics.values()].map((c) => c.read(signal)))),
      need('the disk arrays', Promise.all([...d.arrays.values()].map(async (a) => ({ mapping: await a.lun.read(signal), targetPorts: await a.targets(signal) })))),
      d.partitionManager ? need(`the partition manager ${d.partitionManager.name}`, d.partitionManager.control.read(signal)) : Promise.resolve(null),
    ]);
    return { servers, switches, fabrics, arrays, partitions, stale };
  }
}
