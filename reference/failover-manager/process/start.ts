/**
 * Start the manager on a lab: connect to every device, build the table, open every server BMC's
 * event stream, then serve the API. Each wait has a deadline; what cannot be reached is an
 * InfraError naming it. `close()` stops detection, lets a running step end, closes every socket.
 */
import { type Clock, systemClock } from '../../../lib/clock.ts';
import { withDeadline } from '../../../lib/deadline.ts';
import { errorMessage, InfraError } from '../../../lib/errors.ts';
import type { Logger } from '../../../lib/log.ts';
import type { ApiAccount } from '../api/auth.ts';
import { startApi } from '../api/server.ts';
import { makeRunCertificates } from '../../../lib/x509/run-certificates.ts';
import { Detector } from '../detect/watch.ts';
import type { CoreConfig, CoreDefects, DecisionCore } from './core-api.ts';
import { connectLab } from './devices.ts';
import { Journal } from './journal.ts';
import type { Lab } from './lab-file.ts';
import { FailoverManager } from './manager.ts';
import { LabReader } from './readings.ts';
import { labTargets } from './targets.ts';

export interface ManagerOptions {
  name: string;
  lab: Lab;
  core: DecisionCore;
  config: CoreConfig;
  defects: CoreDefects;
  defectNames: string[];
  /** Lab time (the lab file's time scale over the system clock) and that scale. */
  clock: Clock;
  timeScale: number;
  logger: Logger;
  bind: string;
  port: number;
  /** Serve the API over HTTPS with certificates made for this run (their CA announced as `ca`). */
  tls?: boolean;
  account: ApiAccount;
}

export interface ManagerAnnouncement {
  name: string;
  kind: 'failover-manager';
  /** The API's base URL (its service root is /redfish/v1). */
  redfish: string;
  /** How to authenticate: HTTP Basic on every request (the API has no session service). */
  auth: 'basic';
  /** With --tls: the CA certificate that signed the API's certificate. */
  ca?: string;
  cluster: string;
  defects: string[];
}

export interface RunningManager {
  announcement: ManagerAnnouncement;
  manager: FailoverManager;
  close(): Promise<void>;
}

/** Real ms: reads of the whole lab, opening the streams, a power change, a poll period, a liveness probe. */
const READ_MS = 30_000;
const OPEN_MS = 30_000;
const POWER_MS = 30_000;
const POLL_MS = 200;
const PROBE_MS = 1000;
/** A BMC's silence before it is a failure: lab ms, at least SILENCE_FLOOR_MS real ms (a loaded machine is no failure). */
const SILENCE_MS = 15_000;
const SILENCE_FLOOR_MS = 5000;

async function infra<T>(what: string, ms: number, clock: Clock, fn: (s: AbortSignal) => Promise<T>): Promise<T> {
  try {
    return await withDeadline(what, ms, fn, { clock });
  } catch (e) {
    throw new InfraError(`${what}: ${errorMessage(e)}`, { cause: e });
  }
}

export async function startManager(o: ManagerOptions): Promise<RunningManager> {
  const devices = connectLab(o.lab, o.clock, o.logger);
  const journal = new Journal(() => systemClock.wallNow());
  const { shutdownMs, dumpMs } = o.core.settings(o.config);
  const lab = (realMs: number): number => realMs * o.timeScale;
  let detector: Detector | null = null;
  const manager = new FailoverManager({
    core: o.core, config: o.config, defects: o.defects, journal, clock: o.clock, logger: o.logger, readMs: lab(READ_MS),
    reader: new LabReader(devices, o.logger),
    targets: labTargets(o.lab, devices, (s) => detector?.dumping(s) ?? false),
    deadlines: { shutdownMs, dumpMs, powerMs: lab(POWER_MS), pollMs: lab(POLL_MS) },
  });
  detector = new Detector(devices.servers.values(), { silenceMs: Math.max(SILENCE_MS, lab(SILENCE_FLOOR_MS)), probeMs: lab(PROBE_MS) }, { clock: o.clock, journal, logger: o.logger, onFailure: (f) => manager.onFailure(f), onRepaired: (s, fault) => manager.onRepaired(s, fault) });
  const stop = async (): Promise<void> => {
    await detector?.close();
    await manager.close();
    await devices.close();
  };
  try {
    await infra('build the management table', lab(READ_MS), o.clock, () => manager.rebuildTable());
    await infra('open the event stream of every server BMC', lab(OPEN_MS), o.clock, () => detector?.start() ?? Promise.resolve());
    // removed on close, and at exit whatever happens (makeRunCertificates registers that)
    const certs = o.tls ? makeRunCertificates({ hosts: [o.bind] }) : undefined;
    const api = await startApi({ table: () => manager.table, journal, timeScale: o.timeScale, config: () => o.core.configJson(o.config), scaleOut: async (req) => o.core.selectForScaleOut(await manager.rebuildTable(), o.config, req) }, o.account, { bind: o.bind, port: o.port, ...(certs ? { tls: { cert: certs.certPem, key: certs.keyPem } } : {}) });
    journal.event('OK', 'ManagerStarted', `watching ${devices.servers.size} servers of cluster ${o.lab.cluster.name}`);
    return {
      announcement: { name: o.name, kind: 'failover-manager', redfish: api.url, auth: 'basic', ...(certs ? { ca: certs.caFile } : {}), cluster: o.lab.cluster.name, defects: o.defectNames },
      manager,
      close: async () => {
        await api.close();
        await stop();
        certs?.remove();
      },
    };
  } catch (e) {
    await stop();
    throw e;
  }
}
