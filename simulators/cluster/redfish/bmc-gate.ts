/**
 * A server BMC that stops answering (fault injection "BMC stops answering"): while the model says
 * so, its Redfish service drops every connection at the socket, before TLS and HTTP see it, and the
 * connections open when it stopped end (after the reply in flight, so the request that stopped
 * it is answered). The server itself runs on. IPMI reads the same flag (ServerRt.bmcAnswering).
 */
import type { Socket } from 'node:net';
import type { ClusterModel } from '../model/cluster.ts';
import type { EventRouter } from './event-router.ts';

/** Connections that ended get this long to flush before they are destroyed (real ms). */
const LINGER_MS = 1000;

export class BmcGate {
  private readonly open = new Set<Socket>();
  /** Connections dropped while the BMC did not answer. */
  dropped = 0;

  constructor(
    private readonly model: ClusterModel,
    private readonly server: string,
    router: EventRouter,
  ) {
    router.on(server, (e) => {
      if (e.type === 'BmcAnswering' && !e.answering) setImmediate(() => this.endOpen());
    });
  }

  /** For RedfishService.listen({ onConnection }). */
  readonly onConnection = (socket: Socket): void => {
    if (!this.model.server(this.server).bmcAnswering) {
      this.dropped++;
      socket.destroy();
      return;
    }
    this.open.add(socket);
    socket.once('close', () => this.open.delete(socket));
  };

  private endOpen(): void {
    for (const s of this.open) {
      s.end();
      setTimeout(() => s.destroy(), LINGER_MS).unref();
    }
    this.open.clear();
  }
}
