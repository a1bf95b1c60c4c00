/**
 * A business's TCP endpoint (main thread): a connection accepted while the business is reachable
 * gets the identity line of the system answering, then every line it sends comes back. When the
 * system answering changes (the business moves, or goes down) its connections are reset, as a
 * server that stops takes its connections with it; a connection while unreachable is reset at once.
 */
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { InfraError } from '../../../lib/errors.ts';
import { identityLine } from '../../../lib/domains/cluster/business-wire.ts';

/** A line longer than this without a newline ends the connection (memory stays bounded). */
export const MAX_LINE_BYTES = 64 * 1024;
export const MAX_CONNECTIONS = 64;

export class BusinessTcp {
  private readonly sockets = new Set<net.Socket>();
  private server: net.Server | null = null;
  port = 0;

  constructor(
    private readonly business: string,
    private readonly answerer: () => string | null,
  ) {}

  async listen(host: string, port: number): Promise<number> {
    const server = net.createServer((s) => this.accept(s));
    server.maxConnections = MAX_CONNECTIONS;
    await new Promise<void>((resolve, reject) => {
      server.once('error', (e) => reject(new InfraError(`business ${this.business}: cannot listen on TCP ${host}:${port}: ${e.message}`, { cause: e })));
      server.listen(port, host, () => resolve());
    });
    this.server = server;
    this.port = (server.address() as AddressInfo).port;
    return this.port;
  }

  /** The system answering changed: connections to the previous one end. */
  moved(): void {
    for (const s of this.sockets) s.resetAndDestroy();
    this.sockets.clear();
  }

  async close(): Promise<void> {
    this.moved();
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((r) => server.close(() => r()));
  }

  private accept(s: net.Socket): void {
    const host = this.answerer();
    if (host === null) return void s.resetAndDestroy();
    this.sockets.add(s);
    s.on('error', () => undefined);
    s.on('close', () => this.sockets.delete(s));
    s.write(`${identityLine({ host, business: this.business })}\n`);
    let pending = Buffer.alloc(0);
    s.on('data', (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      const cut = pending.lastIndexOf(0x0a);
      if (cut >= 0) {
        s.write(pending.subarray(0, cut + 1));
        pending = pending.subarray(cut + 1);
      }
      if (pending.length > MAX_LINE_BYTES) s.destroy();
    });
  }
}
