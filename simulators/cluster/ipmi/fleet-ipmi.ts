/**
 * IPMI for every server of a cluster: one RMCP+ BMC per server, each on its own UDP port, on the
 * shared IPMI server (simulators/ipmi). What they serve is the cluster model's (backend.ts): power
 * and Reset semantics, sensors, and a SEL fed from the model's events for that server. One bus
 * listener feeds all SELs (events are routed by system to its members), the SDRs and the device
 * identity are shared, so a BMC costs its socket, its session table and its SEL records.
 *
 * A BMC the model says stops answering (OEM fault injection) closes its socket, and opens it again
 * on the same port when it answers again (its sessions are gone, as after a BMC reboot).
 * SEL timestamps use the model's clock; session timeouts run in real time. With `consoles`, each
 * BMC serves its server's console over Serial-over-LAN (the text its TCP console port prints).
 */
import { errorMessage } from '../../../lib/errors.ts';
import { silentLogger, type Logger } from '../../../lib/log.ts';
import { startIpmiServer, type IpmiServer } from '../../ipmi/server.ts';
import type { ClusterModel } from '../model/cluster.ts';
import type { ClusterEvent } from '../model/events.ts';
import { ClusterBmcBackend, serverGuid } from './backend.ts';
import { selEventsFor } from './sel-feed.ts';
import type { FleetConsoleFeeds } from '../console/feeds.ts';

export interface ClusterIpmiOptions {
  /** Address every BMC binds (127.0.0.1 in the lab). */
  bind: string;
  /** The one Administrator account of every BMC (as for their Redfish services). */
  account: { user: string; password: string };
  logger?: Logger;
  /** The servers' consoles, served over SOL on each BMC (without them SOL reads as disabled: CC 81h). */
  consoles?: FleetConsoleFeeds;
}

export interface ClusterIpmi {
  /** "HOST:PORT" of each server's BMC, by server name. */
  endpoints: Map<string, string>;
  /** The backends (tests read their SELs). */
  backends: Map<string, ClusterBmcBackend>;
  close(): Promise<void>;
}

interface Bmc {
  backend: ClusterBmcBackend;
  server: IpmiServer | null;
  port: number;
}

/** Binds at once; a thousand binds do not need more. */
const START_BATCH = 64;

export async function startClusterIpmi(model: ClusterModel, opts: ClusterIpmiOptions): Promise<ClusterIpmi> {
  const log = (opts.logger ?? silentLogger).child({ component: 'cluster-ipmi' });
  const bmcs = new Map<string, Bmc>();
  const start = async (backend: ClusterBmcBackend, port: number): Promise<IpmiServer> =>
    startIpmiServer({
      host: opts.bind,
      port,
      accounts: [{ user: opts.account.user, password: opts.account.password, role: 'Administrator' }],
      backend,
      guid: serverGuid(model.config.name, backend.serverId),
      bmcName: `${backend.serverId} BMC`,
      logger: opts.logger ?? silentLogger,
    });
  const closeAll = async (): Promise<void> => {
    await Promise.all([...bmcs.values()].map((b) => (b.server ? b.server.close() : Promise.resolve())));
  };
  const ids = [...model.servers.keys()];
  try {
    for (let i = 0; i < ids.length; i += START_BATCH) {
      await Promise.all(
        ids.slice(i, i + START_BATCH).map(async (id) => {
          const backend = new ClusterBmcBackend(model, id, opts.consoles?.solConsole(id));
          const server = await start(backend, 0);
          bmcs.set(id, { backend, server, port: server.port });
        }),
      );
    }
  } catch (e) {
    await closeAll();
    throw e;
  }
  const stopFeeding = model.bus.on((e) => feed(model, bmcs, e, (b, answering) => void answer(b, answering)));
  const answer = async (b: Bmc, answering: boolean): Promise<void> => {
    try {
      if (!answering && b.server) {
        const s = b.server;
        b.server = null;
        await s.close();
      } else if (answering && !b.server) b.server = await start(b.backend, b.port);
      log.info(`${b.backend.serverId} BMC ${answering ? 'answers again' : 'stopped answering'} on ${opts.bind}:${b.port}`);
    } catch (err) {
      log.warn(`${b.backend.serverId} BMC could not ${answering ? 'reopen' : 'close'} ${opts.bind}:${b.port}: ${errorMessage(err)}`);
    }
  };
  const host = opts.bind.includes(':') ? `[${opts.bind}]` : opts.bind;
  log.info(`IPMI for ${bmcs.size} servers on ${opts.bind}`);
  return {
    endpoints: new Map(ids.map((id) => [id, `${host}:${bmcs.get(id)?.port ?? 0}`])),
    backends: new Map([...bmcs].map(([id, b]) => [id, b.backend])),
    close: async () => {
      stopFeeding();
      await closeAll();
    },
  };
}

/** One model event to the BMCs it concerns: SEL records, boot flags used up at POST, a BMC that stops answering. */
function feed(model: ClusterModel, bmcs: ReadonlyMap<string, Bmc>, e: ClusterEvent, answer: (b: Bmc, answering: boolean) => void): void {
  if (e.type === 'BmcAnswering') {
    const b = bmcs.get(e.server);
    if (b) answer(b, e.answering);
    return;
  }
  const targets = e.type === 'HardwareFault' || e.type === 'HardwareRepaired' ? [e.server] : 'system' in e ? (model.systems.get(e.system)?.members ?? []) : [];
  for (const id of targets) {
    const b = bmcs.get(id);
    if (!b) continue;
    for (const input of selEventsFor(e, id, b.backend.system().id)) b.backend.sel.add(input);
    if (e.type === 'BootStateChanged' && e.state === 'Post') b.backend.booted();
  }
}
