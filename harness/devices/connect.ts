/**
 * Inventory device → connected device: a driver per configured protocol (Redfish client with
 * session login; IPMI RMCP+ session), the capabilities each offers, and the binding of every
 * capability to one protocol (`use.X`, else the first protocol that provides it: Redfish, then
 * IPMI). A device that cannot be reached or refuses the credentials is returned `unavailable`
 * with the reason (its scenarios end as infra-error), never silently dropped.
 */
import type { CapabilityMap, CapabilityName } from '../../drivers/capabilities/index.ts';
import { ipmiCapabilities } from '../../drivers/ipmi/capabilities.ts';
import { IpmiClient } from '../../drivers/ipmi/client.ts';
import { probeRedfishCapabilities } from '../../drivers/redfish/capabilities/index.ts';
import { probeClusterCapabilities } from '../../drivers/redfish/capabilities/cluster/index.ts';
import { probeFailoverManager } from '../../drivers/redfish/capabilities/failover-manager.ts';
import { RedfishClient } from '../../drivers/redfish/client.ts';
import { consoleEndpoint } from '../../drivers/serial/open.ts';
import type { Clock } from '../../lib/clock.ts';
import { withDeadline } from '../../lib/deadline.ts';
import { errorMessage, InfraError } from '../../lib/errors.ts';
import type { Logger } from '../../lib/log.ts';
import { ipmiSession } from '../inventory/endpoints/ipmi.ts';
import type { DeviceConfig, Protocol } from '../inventory/types.ts';
import type { BoundDevice } from './device.ts';

const PROTOCOL_ORDER: readonly Protocol[] = ['redfish', 'ipmi'];

export interface ConnectOptions {
  clock: Clock;
  log: Logger;
  /** Wall ms for logging in and discovering the capabilities (default 20 s). */
  connectWithinMs?: number;
  signal?: AbortSignal;
}

/** Pick, per capability, the protocol that serves it. Exported for tests. */
export function bindCapabilities(
  cfg: Pick<DeviceConfig, 'use'>,
  offered: Partial<Record<Protocol, Partial<CapabilityMap>>>,
): { caps: Partial<CapabilityMap>; protocols: Partial<Record<CapabilityName, Protocol>>; unmet: Partial<Record<CapabilityName, string>> } {
  const caps: Partial<CapabilityMap> = {};
  const protocols: Partial<Record<CapabilityName, Protocol>> = {};
  const unmet: Partial<Record<CapabilityName, string>> = {};
  const names = new Set<CapabilityName>();
  for (const p of PROTOCOL_ORDER) for (const n of Object.keys(offered[p] ?? {}) as CapabilityName[]) names.add(n);
  for (const n of Object.keys(cfg.use) as CapabilityName[]) names.add(n);
  for (const name of names) {
    const wanted = cfg.use[name];
    const order = wanted ? [wanted] : PROTOCOL_ORDER;
    const proto = order.find((p) => offered[p]?.[name]);
    if (proto) {
      (caps as Record<string, unknown>)[name] = offered[proto]?.[name];
      protocols[name] = proto;
    } else if (wanted) {
      unmet[name] = `use.${name} is ${wanted}, but ${wanted} does not provide it on this device`;
    }
  }
  return { caps, protocols, unmet };
}

export async function connectDevice(cfg: DeviceConfig, opts: ConnectOptions): Promise<BoundDevice> {
  const log = opts.log.child({ component: 'device', device: cfg.name });
  const closers: Array<() => Promise<void>> = [];
  const endpoints: Record<string, string> = {};
  const close = async (): Promise<void> => {
    await Promise.allSettled(closers.map((c) => c()));
  };
  const base = { name: cfg.name, kind: cfg.kind, endpoints, tags: cfg.tags, ...(cfg.scenarios ? { scenarios: cfg.scenarios } : {}), ...(cfg.console ? { console: cfg.console } : {}), ...(cfg.probe ? { probe: cfg.probe } : {}), close };
  if (cfg.redfish) endpoints.redfish = cfg.redfish.url;
  if (cfg.ipmi) endpoints.ipmi = `${cfg.ipmi.host}:${cfg.ipmi.port}`;
  if (cfg.console) endpoints.console = consoleEndpoint(cfg.console);
  try {
    const offered = await withDeadline(
      `connect to device "${cfg.name}"`,
      opts.connectWithinMs ?? 20_000,
      async (signal) => {
        const out: Partial<Record<Protocol, Partial<CapabilityMap>>> = {};
        if (cfg.redfish) {
          const r = cfg.redfish;
          const client = new RedfishClient({
            baseUrl: r.url,
            auth: { mode: r.auth, username: r.user, password: r.password.value },
            ...(r.timeoutMs !== undefined ? { timeoutMs: r.timeoutMs } : {}),
            ...(r.expand === false ? { expand: false } : {}),
            ...(r.ca ? { tls: { ca: r.ca } } : r.insecure ? { tls: { insecure: true } } : {}),
            clock: opts.clock,
            logger: log,
            where: `devices.${cfg.name}.redfish`,
          });
          closers.push(() => client.close());
          const probed = await probeRedfishCapabilities(client, signal);
          const cluster = await probeClusterCapabilities(client, signal, { device: cfg.name });
          const fm = await probeFailoverManager(client, signal);
          out.redfish = { ...probed.caps, ...cluster.caps, ...('view' in fm ? { FailoverManagerView: fm.view } : {}) };
          const missing = { ...probed.missing, ...cluster.missing, ...('missing' in fm ? { FailoverManagerView: fm.missing } : {}) };
          for (const [cap, why] of Object.entries(missing)) log.debug(`redfish does not offer ${cap}: ${why}`);
        }
        if (cfg.ipmi) {
          const i = cfg.ipmi;
          const client = await IpmiClient.connect(
            { ...ipmiSession(i), privilege: 'administrator', clock: opts.clock, logger: log },
            signal,
          );
          closers.push(() => client.close());
          out.ipmi = ipmiCapabilities(client);
        }
        return out;
      },
      { clock: opts.clock, ...(opts.signal ? { parent: opts.signal } : {}) },
    );
    const bound = bindCapabilities(cfg, offered);
    for (const [cap, why] of Object.entries(bound.unmet)) log.warn(`${cap} unavailable: ${why}`);
    let timeScale = 1;
    const clock = bound.caps.FailoverManagerView ?? bound.caps.BmcClock;
    if (clock) {
      timeScale = await withDeadline(`read the time scale of "${cfg.name}"`, 10_000, (signal) => clock.timeScale(signal), { clock: opts.clock });
      if (!(timeScale > 0) || !Number.isFinite(timeScale)) throw new InfraError(`the BMC advertises time scale ${timeScale}; expected a positive finite number`);
    }
    return { ...base, caps: bound.caps, protocols: bound.protocols, timeScale };
  } catch (e) {
    await close();
    const reason = errorMessage(e);
    log.error(`device "${cfg.name}" is unavailable: ${reason}`);
    return { ...base, caps: {}, protocols: {}, timeScale: 1, unavailable: reason };
  }
}
