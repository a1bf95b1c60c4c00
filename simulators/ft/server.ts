/**
 * One emulated ft server: the model, its Redfish BMC (service core + projection + OEM fault
 * injection and truth) and its workload, all on 127.0.0.1 unless told otherwise. Used by the CLI
 * (`ftlab emulate ft`), the embedded lab and the tests.
 */
import { ScaledClock, systemClock, type Clock } from '../../lib/clock.ts';
import { InfraError, errorMessage } from '../../lib/errors.ts';
import { silentLogger, type Logger } from '../../lib/log.ts';
import { registerSecret } from '../../lib/redact.ts';
import type { SelStore } from '../ipmi/sel-store.ts';
import { DEFAULT_ACCOUNT } from '../redfish/accounts.ts';
import { RedfishService, type Account, type ListenTls, type ManagerEndpoints } from '../redfish/index.ts';
import { BootOverride } from './boot-override.ts';
import type { DefectName } from './defects.ts';
import { FtEventPublisher } from './event-publisher.ts';
import { mountFaultInjection } from './fault-injection.ts';
import { FtModel } from './model.ts';
import { loadDefaultProfile, type FtProfile } from './profile.ts';
import { mountProjection, type MountedProjection } from './projection.ts';
import { FTLAB_REGISTRY } from './registry.ts';
import { mountFtSel } from './sel.ts';
import { ftSensors, mountSensors, type FtSensor } from './sensors.ts';
import { ENCLOSURE, FAULT_INJECTION, TRUTH, moduleUri } from './uris.ts';
import { Workload } from './workload.ts';
import { ConsoleFeed } from './console-feed.ts';
import { type ConsoleServer, startConsoleServer } from './console-server.ts';
import { type ConsolePty, startConsolePty } from './console-pty.ts';

export interface FtServerOptions {
  host?: string;
  /** Redfish port (0 = a free one). */
  port?: number;
  profile?: FtProfile;
  /** Run the model this many times faster than real time (advertised at Oem.FtLab.TimeScale). */
  timeScale?: number;
  defects?: readonly DefectName[];
  /** Default: admin / ftlab (Administrator). */
  accounts?: Account[];
  workloadUdpPort?: number;
  workloadTcpPort?: number;
  /** The serial console's TCP port (0 = a free one). */
  consolePort?: number;
  /** Also offer the console on a pseudo-terminal made with socat (announced as `console.pty`). */
  consolePty?: boolean;
  /** The device's name in its console banner and messages (default "ft"). */
  name?: string;
  /** Base clock (tests may pass a FakeClock; the time scale is applied on top when > 1). */
  clock?: Clock;
  /**
   * The lab clock of a lab host: already running at `timeScale`, shared by every device in the
   * process so that instants compare across devices. Used as is (`clock` is then ignored).
   */
  labClock?: Clock;
  logger?: Logger;
  /**
   * Serve Redfish over HTTPS only, with this certificate chain and key (PEM); `keyUsage` names the
   * certificate's KeyUsage bits for its Certificate resource (CertificateService).
   */
  tls?: ListenTls & { keyUsage: readonly string[] };
}

export interface FtServer {
  readonly model: FtModel;
  readonly svc: RedfishService;
  readonly logs: MountedProjection;
  /** The one SEL (IPMI records; `logs.sel` is its Redfish view, kept in step both ways). */
  readonly sel: SelStore;
  /** The sensors both views serve (IPMI SDRs + readings, Redfish Chassis/{id}/Sensors). */
  readonly sensors: readonly FtSensor[];
  readonly host: string;
  readonly port: number;
  /** http://HOST:PORT, or https://HOST:PORT with `tls` */
  readonly redfishUrl: string;
  readonly workload: { host: string; udp: number; tcp: number };
  /** The serial console (raw TCP, as a console server's port, greeting each connection with `banner`; and a pty path with `consolePty`). */
  readonly console: { host: string; tcp: number; banner: string; pty?: string };
  /** The console stream itself (the TCP port, SOL and a pty are its readers). */
  readonly consoleFeed: ConsoleFeed;
  readonly timeScale: number;
  readonly defects: readonly DefectName[];
  /** The one boot override (Redfish `Boot`, IPMI boot flags). */
  readonly boot: BootOverride;
  /** The BMC's endpoints as its manager reports them (NetworkProtocol); IPMI adds its port when it starts. */
  readonly endpoints: ManagerEndpoints;
  /** The first stdout line of `ftlab emulate ft`. */
  banner(): Record<string, unknown>;
  close(): Promise<void>;
}

export { DEFAULT_ACCOUNT };

export async function startFtServer(opts: FtServerOptions = {}): Promise<FtServer> {
  const host = opts.host ?? '127.0.0.1';
  const timeScale = opts.timeScale ?? 1;
  const base = opts.clock ?? systemClock;
  const clock = opts.labClock ?? (timeScale === 1 ? base : new ScaledClock(timeScale, base));
  const profile = opts.profile ?? loadDefaultProfile();
  const defects = [...(opts.defects ?? [])];
  const accounts = opts.accounts ?? [{ user: DEFAULT_ACCOUNT.user, password: DEFAULT_ACCOUNT.password, role: 'Administrator' as const }];
  for (const a of accounts) registerSecret(a.password);
  const logger = opts.logger ?? silentLogger;

  const model = new FtModel({ clock, profile, defects, timeScale });
  const workload = new Workload(model, { host, udpPort: opts.workloadUdpPort ?? 0, tcpPort: opts.workloadTcpPort ?? 0 });
  const ports = await workload.start();
  const consoleFeed = new ConsoleFeed(model);
  let consoleServer: ConsoleServer | undefined;
  let consolePty: ConsolePty | undefined;
  try {
    consoleServer = await startConsoleServer(consoleFeed, opts.name ?? 'ft', host, opts.consolePort ?? 0);
    if (opts.consolePty) consolePty = await startConsolePty(consoleFeed);
  } catch (e) {
    await Promise.allSettled([workload.close(), consoleServer?.close()]);
    consoleFeed.close();
    model.dispose();
    throw e;
  }

  const svc = new RedfishService({
    clock,
    accounts,
    product: `FtLab emulated ft server (${profile.name})`,
    vendor: 'FtLab',
    logger,
    oemRegistries: [FTLAB_REGISTRY],
    serviceRootExtras: () => ({
      Oem: {
        FtLab: {
          '@odata.type': '#FtLabServiceRoot.v1_0_0.FtLab',
          FaultInjection: { '@odata.id': FAULT_INJECTION },
          Truth: { '@odata.id': TRUTH },
          Workload: { Host: host, Udp: ports.udp, Tcp: ports.tcp },
          TimeScale: timeScale,
          Defects: defects,
          Profile: profile.name,
        },
      },
    }),
  });
  const publisher = new FtEventPublisher(svc, model);
  const boot = new BootOverride(model);
  const endpoints: ManagerEndpoints = { host };
  const certificate = opts.tls ? { pem: opts.tls.cert, keyUsage: opts.tls.keyUsage } : undefined;
  const logs = mountProjection({ svc, model, publisher, boot, bmc: { endpoints, ...(certificate ? { certificate } : {}) } });
  const sel = mountFtSel(model, logs.sel, logger);
  const sensors = ftSensors(model);
  mountSensors(svc, sensors, [ENCLOSURE, moduleUri(0), moduleUri(1)]);
  mountFaultInjection({ svc, model, audit: logs.managerLog, workloadStats: () => workload.stats });

  let handle: Awaited<ReturnType<RedfishService['listen']>>;
  try {
    handle = await svc.listen({ host, port: opts.port ?? 0, ...(opts.tls ? { tls: { cert: opts.tls.cert, key: opts.tls.key } } : {}) });
  } catch (e) {
    await Promise.allSettled([workload.close(), consoleServer.close(), consolePty?.close()]);
    consoleFeed.close();
    boot.dispose();
    sel.close();
    model.dispose();
    publisher.close();
    throw new InfraError(`ft server: cannot serve Redfish on ${host}:${opts.port ?? 0}: ${errorMessage(e)}`, { cause: e });
  }
  endpoints.redfish = { port: handle.port, tls: opts.tls !== undefined };
  logger.info('ft server up', { component: 'ft', redfish: handle.url, workload: ports, timeScale, defects });

  const consoleEndpoints = { host, tcp: consoleServer.port, banner: consoleServer.banner, ...(consolePty ? { pty: consolePty.path } : {}) };
  let closed: Promise<void> | null = null;
  return {
    model,
    svc,
    logs,
    sel: sel.store,
    sensors,
    host,
    port: handle.port,
    redfishUrl: handle.url,
    workload: { host, udp: ports.udp, tcp: ports.tcp },
    console: consoleEndpoints,
    consoleFeed,
    timeScale,
    defects,
    boot,
    endpoints,
    banner: () => ({
      kind: 'ft',
      redfish: handle.url,
      workload: { host, udp: ports.udp, tcp: ports.tcp },
      console: consoleEndpoints,
      timeScale,
      defects,
      profile: profile.name,
    }),
    close: () => {
      closed ??= (async () => {
        publisher.close();
        boot.dispose();
        sel.close();
        model.dispose();
        await Promise.allSettled([handle.close(), workload.close(), consoleServer.close(), consolePty?.close()]);
        consoleFeed.close();
      })();
      return closed;
    },
  };
}
