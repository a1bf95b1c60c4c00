/**
 * The lab host: many emulated devices in one process on one lab clock. Every device model runs
 * on the same (scaled) clock, so instants compare across devices; each device keeps its own
 * endpoints (Redfish service root, IPMI, workload). The first stdout line of `ftlab emulate lab`
 * is `announcement()`.
 */
import { ScaledClock, systemClock, type Clock } from '../../lib/clock.ts';
import { ConfigError, FtlabError, InfraError, errorMessage } from '../../lib/errors.ts';
import { silentLogger, type Logger } from '../../lib/log.ts';
import { registerSecret } from '../../lib/redact.ts';
import { makeRunCertificates } from '../../lib/x509/run-certificates.ts';
import { DEFAULT_ACCOUNT } from '../redfish/accounts.ts';
import type { DeviceAnnouncement, HostContext, HostedDevice, HostedDeviceSpec } from './device-kind.ts';
import { deviceKind, deviceKindNames } from './kinds.ts';

export interface LabHostOptions {
  devices: readonly HostedDeviceSpec[];
  /** Run every model this many times faster than real time (default 1). */
  timeScale?: number;
  /** Address every endpoint binds to (default 127.0.0.1). */
  bind?: string;
  /** The account of every BMC (default admin / ftlab). */
  account?: { user: string; password: string };
  /** Base clock (tests may pass a FakeClock); the lab clock is it, scaled. */
  clock?: Clock;
  logger?: Logger;
  /** Lab-wide defects, for the announcement (already part of each device's defects). */
  defects?: readonly string[];
  /** Serve every Redfish endpoint over HTTPS only, with a CA and certificate made for this host (announced as each device's `ca`). */
  tls?: boolean;
}

export interface LabAnnouncement {
  lab: { timeScale: number; defects: string[] };
  devices: DeviceAnnouncement[];
}

export interface LabHost {
  /** The one clock every device model runs on. */
  readonly clock: Clock;
  readonly timeScale: number;
  readonly devices: readonly HostedDevice[];
  announcement(): LabAnnouncement;
  close(): Promise<void>;
}

export async function startLabHost(opts: LabHostOptions): Promise<LabHost> {
  const timeScale = opts.timeScale ?? 1;
  if (!(timeScale > 0) || !Number.isFinite(timeScale)) throw new ConfigError('--time-scale', 'expected a number > 0', { found: timeScale });
  const base = opts.clock ?? systemClock;
  const account = opts.account ?? { ...DEFAULT_ACCOUNT };
  registerSecret(account.password);
  const bind = opts.bind ?? '127.0.0.1';
  const certs = opts.tls ? makeRunCertificates({ hosts: [bind] }) : undefined;
  const ctx: HostContext = {
    clock: timeScale === 1 ? base : new ScaledClock(timeScale, base),
    timeScale,
    bind,
    account,
    logger: opts.logger ?? silentLogger,
    ...(certs ? { tls: { cert: certs.certPem, key: certs.keyPem, keyUsage: certs.keyUsage, caFile: certs.caFile } } : {}),
  };
  const kinds = opts.devices.map((spec) => {
    const kind = deviceKind(spec.kind);
    if (!kind) throw new ConfigError(`devices.${spec.name}.kind`, `expected one of: ${deviceKindNames().join(', ')}`, { found: spec.kind });
    return { spec, kind };
  });
  const results = await Promise.allSettled(kinds.map(({ spec, kind }) => kind.start(spec, ctx)));
  const devices = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) {
    await Promise.allSettled(devices.map((d) => d.close()));
    certs?.remove();
    const e: unknown = failed.reason;
    if (e instanceof FtlabError) throw e;
    throw new InfraError(`lab host: a device could not start: ${errorMessage(e)}`, { cause: e });
  }
  ctx.logger.info('lab host up', { component: 'lab-host', devices: devices.length, timeScale });
  let closed: Promise<void> | null = null;
  return {
    clock: ctx.clock,
    timeScale,
    devices,
    announcement: () => ({ lab: { timeScale, defects: [...(opts.defects ?? [])] }, devices: devices.map((d) => d.announcement) }),
    close: () => {
      closed ??= Promise.allSettled(devices.map((d) => d.close())).then(() => certs?.remove());
      return closed;
    },
  };
}
