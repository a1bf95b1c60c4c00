/**
 * Every cluster server's serial console on its own TCP port, as a console server's raw port serves
 * it: each client sees what the server prints from the moment it connects (no replay), lines end
 * in CRLF, kernel lines stamped with the uptime (SUT seconds since the server's last POST). Printed
 * when the model's event happens (a bus listener), so console lines and the model share their times.
 */
import net from 'node:net';
import { InfraError, errorMessage } from '../../../lib/errors.ts';
import type { ClusterModel } from '../model/cluster.ts';
import { FleetConsoleText } from './text.ts';

export interface FleetConsoles {
  /** Server id → its console's TCP port. */
  readonly ports: ReadonlyMap<string, number>;
  close(): Promise<void>;
}

/** `[    5.123456]`: seconds since POST, as the kernel stamps its messages. */
function uptimeStamp(ms: number): string {
  return `[${(Math.max(0, ms) / 1000).toFixed(6).padStart(12)}]`;
}

interface Port {
  server: net.Server;
  clients: Set<net.Socket>;
}

async function listen(bind: string, id: string): Promise<Port> {
  const clients = new Set<net.Socket>();
  const server = net.createServer((c) => {
    clients.add(c);
    c.on('error', () => undefined);
    c.on('close', () => clients.delete(c));
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

export async function startFleetConsoles(model: ClusterModel, bind: string): Promise<FleetConsoles> {
  const ports = new Map<string, Port>();
  try {
    for (const s of model.config.servers) ports.set(s.id, await listen(bind, s.id));
  } catch (e) {
    await Promise.all([...ports.values()].map(closePort));
    throw e;
  }
  const text = new FleetConsoleText({ config: model.config, membersOf: (id) => model.systems.get(id)?.members ?? [id] });
  const postAt = new Map<string, number>();
  const unsubscribe = model.bus.on((e) => {
    if (e.type === 'BootStateChanged' && e.state === 'Post') for (const m of model.systems.get(e.system)?.members ?? []) postAt.set(m, e.at);
    for (const l of text.linesFor(e)) {
      const line = l.kernel ? `${uptimeStamp(e.at - (postAt.get(l.server) ?? e.at))} ${l.text}` : l.text;
      for (const c of ports.get(l.server)?.clients ?? []) c.write(`${line}\r\n`);
    }
  });
  return {
    ports: new Map([...ports].map(([id, p]) => [id, (p.server.address() as net.AddressInfo).port])),
    close: async () => {
      unsubscribe();
      await Promise.all([...ports.values()].map(closePort));
    },
  };
}
