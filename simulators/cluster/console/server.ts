/**
 * Every cluster server's serial console (feeds.ts) on its own TCP port, as a console server's raw
 * port serves it: each connection is one reader of that server's feed.
 */
import net from 'node:net';
import { InfraError, errorMessage } from '../../../lib/errors.ts';
import type { FleetConsoleFeeds } from './feeds.ts';

export interface FleetConsoles {
  /** Server id → its console's TCP port. */
  readonly ports: ReadonlyMap<string, number>;
  close(): Promise<void>;
}

interface Port {
  server: net.Server;
  clients: Set<net.Socket>;
}

async function listen(feeds: FleetConsoleFeeds, bind: string, id: string): Promise<Port> {
  const clients = new Set<net.Socket>();
  const server = net.createServer((c) => {
    clients.add(c);
    const reader = feeds.attach(id, (text) => c.write(text));
    c.on('error', () => undefined);
    c.on('close', () => {
      reader.detach();
      clients.delete(c);
    });
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, bind, () => resolve());
    });
  } catch (e) {
    throw new InfraError(`cluster console of ${id}: cannot listen on TCP ${bind}: ${errorMessage(e)}`, { cause: e });
  }
  return { server, clients };
}

function closePort(p: Port): Promise<void> {
  return new Promise((resolve) => {
    for (const c of p.clients) c.destroy();
    p.server.close(() => resolve());
  });
}

export async function startFleetConsoles(feeds: FleetConsoleFeeds, bind: string): Promise<FleetConsoles> {
  const ports = new Map<string, Port>();
  try {
    for (const id of feeds.servers) ports.set(id, await listen(feeds, bind, id));
  } catch (e) {
    await Promise.all([...ports.values()].map(closePort));
    throw e;
  }
  return {
    ports: new Map([...ports].map(([id, p]) => [id, (p.server.address() as net.AddressInfo).port])),
    close: async () => {
      await Promise.all([...ports.values()].map(closePort));
    },
  };
}
