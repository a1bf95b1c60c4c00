/**
 * The ft server's serial console (console-feed.ts) on a TCP port, as a console server's raw port
 * serves it: each connection is one reader of the feed; what it types is the reader's input.
 */
import net from 'node:net';
import { InfraError, errorMessage } from '../../lib/errors.ts';
import type { ConsoleFeed } from './console-feed.ts';

export interface ConsoleServer {
  readonly port: number;
  close(): Promise<void>;
}

export async function startConsoleServer(feed: ConsoleFeed, host: string, port = 0): Promise<ConsoleServer> {
  const clients = new Set<net.Socket>();
  const server = net.createServer((c) => {
    clients.add(c);
    const reader = feed.attach((text) => c.write(text));
    c.on('data', (d: Buffer) => reader.input(d));
    c.on('error', () => undefined);
    c.on('close', () => {
      reader.detach();
      clients.delete(c);
    });
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
  } catch (e) {
    throw new InfraError(`ft console: cannot listen on TCP ${host}:${port}: ${errorMessage(e)}`, { cause: e });
  }
  return {
    port: (server.address() as net.AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const c of clients) c.destroy();
        server.close(() => resolve());
      }),
  };
}
