/**
 * BusinessLocator over the network (drivers/capabilities/business-locator.ts): each business's
 * advertised address, asked over UDP (default) or TCP. Works against any service that speaks the
 * cluster's business wire format; host names are resolved once per request.
 */
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import type { Clock } from '../../lib/clock.ts';
import { ConfigError, InfraError } from '../../lib/errors.ts';
import type { BusinessAddress, BusinessLocation, BusinessLocator } from '../capabilities/business-locator.ts';
import { locateTcp } from './tcp-locate.ts';
import { locateUdp } from './udp-locate.ts';

export interface NetworkLocatorOptions {
  protocol?: 'udp' | 'tcp';
  clock?: Clock;
  /** UDP: resend interval while nothing answered (default 100 ms). */
  intervalMs?: number;
}

export class NetworkBusinessLocator implements BusinessLocator {
  readonly kind = 'BusinessLocator' as const;

  constructor(
    private readonly addresses: readonly BusinessAddress[],
    private readonly opts: NetworkLocatorOptions = {},
  ) {}

  businesses(): readonly string[] {
    return this.addresses.map((a) => a.name);
  }

  async locate(business: string, deadlineMs: number, signal?: AbortSignal): Promise<BusinessLocation> {
    const a = this.addresses.find((x) => x.name === business);
    if (!a) throw new ConfigError(`business ${business}`, `expected one of: ${this.businesses().join(', ') || '(none)'}`);
    const address = isIP(a.host) ? a.host : await resolve(a.host);
    const clock = this.opts.clock ? { clock: this.opts.clock } : {};
    return this.opts.protocol === 'tcp'
      ? locateTcp({ name: a.name, address, port: a.tcp }, deadlineMs, clock, signal)
      : locateUdp({ name: a.name, address, port: a.udp }, deadlineMs, { ...clock, ...(this.opts.intervalMs ? { intervalMs: this.opts.intervalMs } : {}) }, signal);
  }
}

async function resolve(host: string): Promise<string> {
  try {
    return (await lookup(host)).address;
  } catch (e) {
    throw new InfraError(`business host ${host}: cannot resolve it`, { cause: e });
  }
}
