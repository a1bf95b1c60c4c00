/**
 * One cluster emulator process (`ftlab emulate cluster`, or a `cluster` device of a lab host):
 * the model on the lab clock, one Redfish service root per device, per-server extra services
 * (IPMI, plugged in through `serverServices`, serving the consoles over SOL), every server's serial
 * console on a TCP port (console/), the business endpoints and the ground-truth endpoint. Everything binds `bind`; `close()` stops every socket and every pending transition.
 */
import { type Clock, ScaledClock, systemClock } from '../../../lib/clock.ts';
import { FtlabError, InfraError, errorMessage } from '../../../lib/errors.ts';
import { silentLogger, type Logger } from '../../../lib/log.ts';
import { registerSecret } from '../../../lib/redact.ts';
import type { ClusterConfig } from '../config/types.ts';
import { ClusterModel } from '../model/cluster.ts';
import type { ClusterDefect } from '../model/defects.ts';
import { startClusterServices } from '../redfish/services.ts';
import { BusinessEndpoints } from '../business/endpoints.ts';
import { startTruthServer } from '../truth/server.ts';
import { startFleetConsoles } from '../console/server.ts';
import { FleetConsoleFeeds } from '../console/feeds.ts';
import type { ClusterAnnouncement, MemberAnnouncement } from './announcement.ts';
import { OwnedClock } from './owned-clock.ts';

export interface ServerServiceContext {
  bind: string;
  account: { user: string; password: string };
  logger: Logger;
  /** Every server's serial console (hooks serve it over SOL). */
  consoles: FleetConsoleFeeds;
}

/** Extra services per server (fleet IPMI): `field` is the key its endpoints get in each server's announcement entry. */
export interface ServerServicesHook {
  field: 'ipmi';
  start(model: ClusterModel, ctx: ServerServiceContext): Promise<{ endpoints: ReadonlyMap<string, string>; close(): Promise<void> }>;
}

export interface ClusterProcessOptions {
  config: ClusterConfig;
  /** The lab clock (already scaled), as a lab host shares it; otherwise the system clock scaled by timeScale. */
  clock?: Clock;
  timeScale?: number;
  defects?: readonly ClusterDefect[];
  /** Address every endpoint binds to (default 127.0.0.1). */
  bind?: string;
  account: { user: string; password: string };
  /** Serve every Redfish service over HTTPS only; `caFile` is announced as each device's `ca`. */
  tls?: { cert: string; key: string; caFile: string };
  logger?: Logger;
  serverServices?: readonly ServerServicesHook[];
  /** Power on the systems that have a business, as a lab starts (default true). */
  powerOn?: boolean;
}

export interface ClusterProcess {
  readonly model: ClusterModel;
  announcement(): ClusterAnnouncement;
  close(): Promise<void>;
}

/** Close functions, run newest first; a failed start unwinds what it started. */
class Stack {
  private readonly closers: Array<() => Promise<void> | void> = [];
  push(fn: () => Promise<void> | void): void {
    this.closers.unshift(fn);
  }
  async closeAll(): Promise<void> {
    for (const fn of this.closers.splice(0)) await Promise.resolve().then(fn).catch(() => undefined);
  }
}

/** Per-server services of every hook; returns each server's extra announcement fields. */
async function startServerServices(model: ClusterModel, opts: ClusterProcessOptions, ctx: ServerServiceContext, stack: Stack): Promise<Map<string, Record<string, string>>> {
  const extra = new Map<string, Record<string, string>>();
  for (const hook of opts.serverServices ?? []) {
    const started = await hook.start(model, ctx);
    stack.push(() => started.close());
    for (const [server, endpoint] of started.endpoints) extra.set(server, { ...extra.get(server), [hook.field]: endpoint });
  }
  return extra;
}

/** Every endpoint of the cluster, each pushed on `stack` once started; returns the announcement. */
async function startEndpoints(model: ClusterModel, opts: ClusterProcessOptions, ctx: ServerServiceContext, stack: Stack): Promise<ClusterAnnouncement> {
  const services = await startClusterServices(model, { ...ctx, timeScale: opts.timeScale ?? 1, ...(opts.tls ? { tls: opts.tls } : {}) });
  stack.push(() => services.close());
  const extra = await startServerServices(model, opts, ctx, stack);
  const consoles = await startFleetConsoles(ctx.consoles, ctx.bind);
  stack.push(() => consoles.close());
  const businesses = new BusinessEndpoints(model, ctx.bind);
  stack.push(() => businesses.close());
  await businesses.start();
  const timeScale = opts.timeScale ?? 1;
  const truth = await startTruthServer(model, { bind: ctx.bind, timeScale, account: ctx.account });
  stack.push(() => truth.close());
  const consoleOf = (name: string): Partial<MemberAnnouncement> => {
    const port = consoles.ports.get(name);
    return port === undefined ? {} : { console: { host: ctx.bind, ...port } };
  };
  const devices: MemberAnnouncement[] = services.devices.map((d) => ({ ...d, ...extra.get(d.name), ...consoleOf(d.name), ...(opts.tls ? { ca: opts.tls.caFile } : {}) }));
  return { cluster: { name: opts.config.name, timeScale, defects: [...model.defects], truth: truth.url }, devices, businesses: businesses.endpoints };
}

export async function startClusterProcess(opts: ClusterProcessOptions): Promise<ClusterProcess> {
  const timeScale = opts.timeScale ?? 1;
  const clock = new OwnedClock(opts.clock ?? (timeScale === 1 ? systemClock : new ScaledClock(timeScale)));
  registerSecret(opts.account.password);
  const model = new ClusterModel(opts.config, clock, opts.defects ?? []);
  const ctx: ServerServiceContext = { bind: opts.bind ?? '127.0.0.1', account: opts.account, logger: opts.logger ?? silentLogger, consoles: new FleetConsoleFeeds(model) };
  const stack = new Stack();
  stack.push(() => clock.dispose());
  stack.push(() => ctx.consoles.close());
  let announcement: ClusterAnnouncement;
  try {
    announcement = await startEndpoints(model, opts, ctx, stack);
  } catch (e) {
    await stack.closeAll();
    if (e instanceof FtlabError) throw e;
    throw new InfraError(`cluster ${opts.config.name}: cannot start: ${errorMessage(e)}`, { cause: e });
  }
  if (opts.powerOn ?? true) model.start();
  ctx.logger.info('cluster up', { component: 'cluster', cluster: opts.config.name, devices: announcement.devices.length, timeScale });
  let closed: Promise<void> | null = null;
  return {
    model,
    announcement: () => structuredClone(announcement),
    close: () => (closed ??= stack.closeAll()),
  };
}
