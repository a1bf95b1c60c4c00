/**
 * One listener on the model's event stream for every device service, handing each event to the
 * devices it concerns only: a system's events to its member servers' BMCs, a server's own events
 * (faults, BMC answering) to its BMC, partitions composed or dissolved to the partition manager, the rest to the device named in `device`. With a thousand
 * server BMCs, an event costs one lookup instead of a thousand listeners.
 */
import type { ClusterModel } from '../model/cluster.ts';
import type { ClusterEvent } from '../model/events.ts';
import { partitionManagerName } from './partition-manager.ts';

export type DeviceHandler = (e: ClusterEvent) => void;

export class EventRouter {
  private readonly handlers = new Map<string, DeviceHandler[]>();
  private readonly unsubscribe: () => void;

  constructor(private readonly model: ClusterModel) {
    this.unsubscribe = model.bus.on((e) => {
      for (const name of this.concerned(e)) for (const h of this.handlers.get(name) ?? []) h(e);
    });
  }

  /** `handler` sees the events that concern device `name`. */
  on(name: string, handler: DeviceHandler): void {
    this.handlers.set(name, [...(this.handlers.get(name) ?? []), handler]);
  }

  close(): void {
    this.unsubscribe();
    this.handlers.clear();
  }

  private concerned(e: ClusterEvent): readonly string[] {
    if (e.type === 'PartitionComposed' || e.type === 'PartitionDissolved') return [partitionManagerName(this.model)];
    if ('server' in e && typeof e.server === 'string' && e.type !== 'BusinessReachability') return [e.server];
    if ('system' in e) return this.model.systems.get(e.system)?.members ?? [];
    return [e.device];
  }
}
