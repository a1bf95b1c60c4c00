/**
 * The businesses' network endpoints: per business one UDP echo (on the worker thread,
 * udp-worker.ts) and one TCP endpoint (tcp.ts) on `bind`, each on a port that stays the same
 * whichever system runs the business. Who answers is the model's (model/businesses.ts): the
 * endpoints follow its BusinessReachability events and reply in the name of that system.
 */
import { Worker } from 'node:worker_threads';
import { InfraError } from '../../../lib/errors.ts';
import { tsWorkerUrl } from '../../../lib/ts-worker.ts';
import type { ClusterModel } from '../model/cluster.ts';
import type { BusinessAnnouncement } from '../process/announcement.ts';
import { BusinessTcp } from './tcp.ts';
import type { BusinessWorkerData, BusinessWorkerReply, BusinessWorkerRequest } from './udp-worker.ts';

export class BusinessEndpoints {
  private readonly answerer: Int32Array;
  private readonly names = new Map<string, number>();
  private readonly tcp: BusinessTcp[];
  private worker: Worker | null = null;
  private unsubscribe: (() => void) | null = null;
  endpoints: BusinessAnnouncement[] = [];

  constructor(
    private readonly model: ClusterModel,
    private readonly bind: string,
  ) {
    const n = model.config.businesses.length;
    this.answerer = new Int32Array(new SharedArrayBuffer(4 * Math.max(1, n))).fill(-1);
    this.tcp = model.config.businesses.map((b) => new BusinessTcp(b.id, () => model.businesses.answerer(b.id)));
  }

  async start(): Promise<BusinessAnnouncement[]> {
    const specs = this.model.config.businesses;
    try {
      const udp = await this.startWorker();
      const tcp: number[] = [];
      for (const [i, b] of specs.entries()) tcp.push(await this.tcp[i]!.listen(this.bind, b.port));
      this.endpoints = specs.map((b, i) => ({ name: b.id, priority: b.priority, volume: b.volume, host: this.bind, udp: udp[i] ?? 0, tcp: tcp[i] ?? 0 }));
    } catch (e) {
      await this.close();
      throw e;
    }
    specs.forEach((b, i) => this.publish(i, this.model.businesses.answerer(b.id)));
    this.unsubscribe = this.model.bus.on((e) => {
      if (e.type !== 'BusinessReachability') return;
      const i = specs.findIndex((b) => b.id === e.business);
      this.publish(i, e.server);
      this.tcp[i]?.moved();
    });
    return this.endpoints;
  }

  async close(): Promise<void> {
    this.unsubscribe?.();
    this.unsubscribe = null;
    await Promise.all(this.tcp.map((t) => t.close()));
    const w = this.worker;
    this.worker = null;
    if (w) await w.terminate();
  }

  /** Tell the UDP thread who answers business `i` now (a new system name first, by message). */
  private publish(i: number, system: string | null): void {
    if (i < 0) return;
    if (system !== null && !this.names.has(system)) {
      this.names.set(system, this.names.size);
      this.worker?.postMessage({ type: 'name', index: this.names.size - 1, name: system } satisfies BusinessWorkerRequest);
    }
    Atomics.store(this.answerer, i, system === null ? -1 : (this.names.get(system) ?? -1));
  }

  private async startWorker(): Promise<number[]> {
    if (this.model.config.businesses.length === 0) return [];
    const data: BusinessWorkerData = {
      host: this.bind,
      businesses: this.model.config.businesses.map((b) => ({ id: b.id, port: b.port })),
      answerer: this.answerer.buffer as SharedArrayBuffer,
    };
    const worker = new Worker(tsWorkerUrl(new URL('./udp-worker.ts', import.meta.url)), { workerData: data });
    this.worker = worker;
    const cannot = (why: string, cause?: unknown): InfraError => new InfraError(`businesses: cannot start the UDP endpoints: ${why}`, { cause });
    return new Promise<number[]>((resolve, reject) => {
      worker.once('message', (m: BusinessWorkerReply) => (m.type === 'ready' ? resolve(m.ports) : reject(cannot(m.message))));
      worker.once('error', (e) => reject(cannot(e.message, e)));
      worker.once('exit', (code) => reject(cannot(`the UDP thread exited (${code})`)));
    });
  }
}
