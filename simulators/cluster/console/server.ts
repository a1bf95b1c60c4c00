/**
 * Every cluster server's serial console (feeds.ts) on its own TCP port, as a console server's raw
 * port serves it (the ft server's console port: each connection one reader, greeted with its banner).
 */
import { type ConsoleServer, startConsoleServer } from '../../ft/console-server.ts';
import type { FleetConsoleFeeds } from './feeds.ts';

export interface FleetConsoles {
  /** Server id → its console's TCP port and banner. */
  readonly ports: ReadonlyMap<string, { tcp: number; banner: string }>;
  close(): Promise<void>;
}

export async function startFleetConsoles(feeds: FleetConsoleFeeds, bind: string): Promise<FleetConsoles> {
  const servers = new Map<string, ConsoleServer>();
  const closeAll = (): Promise<void> => Promise.all([...servers.values()].map((s) => s.close())).then(() => undefined);
  try {
    for (const id of feeds.servers) servers.set(id, await startConsoleServer({ attach: (output) => feeds.attach(id, output) }, id, bind));
  } catch (e) {
    await closeAll();
    throw e;
  }
  return { ports: new Map([...servers].map(([id, s]) => [id, { tcp: s.port, banner: s.banner }])), close: closeAll };
}
