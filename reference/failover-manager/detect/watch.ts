/**
 * Detection (FO-01): one SSE subscription per server BMC (the driver reconnects with backoff and
 * resumes with Last-Event-ID). A dropped stream starts a liveness probe of the BMC's service root;
 * a BMC that has not answered for `silenceMs` is reported once as a BMC_NOT_ANSWERING failure, and
 * as answering again when the probe or an event gets through.
 */
import type { EventSubscription } from '../../../drivers/capabilities/index.ts';
import type { Clock } from '../../../lib/clock.ts';
import { withDeadline } from '../../../lib/deadline.ts';
import type { Logger } from '../../../lib/log.ts';
import type { Failure } from '../plan/types.ts';
import type { ServerDevice } from '../process/devices.ts';
import type { Journal } from '../process/journal.ts';
import { bmcNotAnswering, meaningOf } from './failure-of.ts';

export interface WatchSettings {
  /** Lab ms a BMC may stay silent before it is a failure. */
  silenceMs: number;
  /** Lab ms between liveness probes while the stream is down. */
  probeMs: number;
}

export interface WatchDeps {
  clock: Clock;
  journal: Journal;
  logger: Logger;
  onFailure(f: Failure): void;
  onRepaired(server: string, fault: string): void;
}

class ServerWatch {
  dumping = false;
  private sub: EventSubscription | null = null;
  private downSince: number | null = null;
  private reported = false;
  private probing: Promise<void> | null = null;
  private readonly stop = new AbortController();

  constructor(
    private readonly server: ServerDevice,
    private readonly s: WatchSettings,
    private readonly d: WatchDeps,
  ) {}

  start(): Promise<void> {
    this.sub = this.server.events.subscribe({}, (e) => {
      this.answering();
      const m = meaningOf(this.server.name, e);
      if (m && 'dumping' in m) this.dumping = m.dumping;
      else if (m && 'repaired' in m) this.d.onRepaired(this.server.name, m.repaired);
      else if (m) this.d.onFailure(m.failure);
    }, () => this.dropped());
    return this.sub.ready;
  }

  private answering(): void {
    if (this.downSince === null) return;
    this.downSince = null;
    if (this.reported) this.d.journal.event('OK', 'BmcAnswering', `the BMC of ${this.server.name} answers again`, this.server.name);
    this.reported = false;
  }

  private dropped(): void {
    if (this.stop.signal.aborted) return;
    this.downSince ??= this.d.clock.now();
    this.probing ??= this.probe().finally(() => (this.probing = null));
  }

  /** Ask the service root until it answers; report the BMC once when silent past silenceMs. */
  private async probe(): Promise<void> {
    const signal = this.stop.signal;
    while (this.downSince !== null && !signal.aborted) {
      const ok = await withDeadline(`probe the BMC of ${this.server.name}`, this.s.probeMs, (sig) => this.server.client.getJson('/redfish/v1', { signal: sig }), { clock: this.d.clock, parent: signal }).then(() => true, () => false);
      if (ok) return this.answering();
      if (!this.reported && this.downSince !== null && this.d.clock.now() - this.downSince >= this.s.silenceMs) {
        this.reported = true;
        this.d.logger.warn(`the BMC of ${this.server.name} has not answered for ${this.s.silenceMs} ms`, { component: 'failover-manager' });
        this.d.onFailure(bmcNotAnswering(this.server.name, this.d.journal.now()));
      }
      await this.d.clock.sleep(this.s.probeMs, signal).catch(() => undefined);
    }
  }

  async close(): Promise<void> {
    this.stop.abort(new Error('the manager stops'));
    await this.sub?.close();
    await this.probing;
  }
}

export class Detector {
  private readonly watches = new Map<string, ServerWatch>();

  constructor(servers: Iterable<ServerDevice>, s: WatchSettings, d: WatchDeps) {
    for (const srv of servers) this.watches.set(srv.name, new ServerWatch(srv, s, d));
  }

  /** Resolves once every stream is open (rejects with the first that cannot open). */
  async start(): Promise<void> {
    await Promise.all([...this.watches.values()].map((w) => w.start()));
  }

  dumping(server: string): boolean {
    return this.watches.get(server)?.dumping ?? false;
  }

  async close(): Promise<void> {
    await Promise.all([...this.watches.values()].map((w) => w.close()));
  }
}
