/**
 * A serial console (console-feed.ts, or any source of the same shape) on a TCP port, as a console
 * server's raw port serves it: each connection is one reader of the source; what it types is the
 * reader's input. Like ser2net with a `banner`, every connection is greeted with the banner line
 * once it is attached to the console: a client that waits for it (the harness's TCP link) misses
 * nothing printed after that, while a TCP connect alone completes before the accept.
 */
import net from 'node:net';
import { InfraError, errorMessage } from '../../lib/errors.ts';
import type { ConsoleReader } from './console-feed.ts';

export interface ConsoleSource {
  attach(output: (text: string) => void): ConsoleReader;
}

export interface ConsoleServer {
  readonly port: number;
  /** The line each connection gets first (without its CRLF), announced with the port. */
  readonly banner: string;
  close(): Promise<void>;
}

/** The console of `device` (its name in messages and in the banner). */
export async function startConsoleServer(source: ConsoleSource, device: string, host: string, port = 0): Promise<ConsoleServer> {
  const banner = `[ftlab console of ${device}: attached]`;
  const clients = new Set<net.Socket>();
  const server = net.createServer((c) => {
    clients.add(c);
    c.write(`${banner}\r\n`);
    const reader = source.attach((text) => c.write(text));
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
    throw new InfraError(`console of ${device}: cannot listen on TCP ${host}:${port}: ${errorMessage(e)}`, { cause: e });
  }
  return {
    port: (server.address() as net.AddressInfo).port,
    banner,
    close: () =>
      new Promise<void>((resolve) => {
        for (const c of clients) c.destroy();
        server.close(() => resolve());
      }),
  };
}
