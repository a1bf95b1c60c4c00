/**
 * An outside probe of one cluster business, as its clients see it: ask the business's advertised
 * address (BusinessLocator over the network, drivers/business) who answers, again and again, and
 * keep every answer with the harness time it was asked and answered. What the probe saw is judged
 * by the scenario (which server answered, when it answered again); the probe itself decides nothing.
 */
import { NetworkBusinessLocator } from '../../drivers/business/locator.ts';
import type { BusinessLocator } from '../../drivers/capabilities/business-locator.ts';
import { sleepOn, type Clock } from '../../lib/clock.ts';
import { InfraError } from '../../lib/errors.ts';
import type { BusinessConfig } from '../inventory/types.ts';

/** One question to the business: asked at `sent`, settled at `at` (harness ms); `server` when it answered. */
export interface BusinessAnswer {
  sent: number;
  at: number;
  server: string | null;
}

export interface BusinessProbe {
  readonly business: string;
  /** What the probe saw so far, in order. */
  answers(): readonly BusinessAnswer[];
  /** Stop asking; resolves when the question in flight is settled. */
  stop(): Promise<readonly BusinessAnswer[]>;
}

export interface BusinessProbeOptions {
  clock: Clock;
  /** Harness ms between two questions, and the longest one question waits for an answer. */
  intervalMs: number;
  /** A locator of its own (tests); default: over UDP to the businesses' advertised addresses. */
  locator?: BusinessLocator;
}

/** Start asking `business` (one of `businesses`) who answers, every `intervalMs`, until stop(). */
export function startBusinessProbe(businesses: readonly BusinessConfig[], business: string, opts: BusinessProbeOptions): BusinessProbe {
  const locator = opts.locator ?? new NetworkBusinessLocator(businesses, { clock: opts.clock, intervalMs: Math.max(5, opts.intervalMs / 4) });
  if (!locator.businesses().includes(business)) throw new Error(`business probe: no business "${business}" in the cluster (expected one of: ${locator.businesses().join(', ') || '(none)'})`);
  const seen: BusinessAnswer[] = [];
  const stopper = new AbortController();
  const loop = async (): Promise<void> => {
    while (!stopper.signal.aborted) {
      const sent = opts.clock.now();
      const r = await locator.locate(business, opts.intervalMs, stopper.signal);
      if (stopper.signal.aborted) return;
      seen.push({ sent, at: opts.clock.now(), server: r.reachable ? r.server : null });
      const rest = sent + opts.intervalMs - opts.clock.now();
      if (rest > 0) await sleepOn(opts.clock, rest, stopper.signal).catch(() => undefined);
    }
  };
  let failure: unknown = null;
  const running = loop().catch((e: unknown) => void (failure = e));
  return {
    business,
    answers: () => seen,
    async stop() {
      stopper.abort();
      await running;
      if (failure) throw new InfraError(`business probe of ${business}: it stopped asking`, { cause: failure });
      return seen;
    },
  };
}

/** Who answers each of `businesses` now (null: nobody within `deadlineMs` harness ms), asked once each, together. */
export async function locateBusinesses(businesses: readonly BusinessConfig[], deadlineMs: number, clock: Clock, signal?: AbortSignal): Promise<Map<string, string | null>> {
  const locator = new NetworkBusinessLocator(businesses, { clock });
  const found = await Promise.all(businesses.map(async (b) => [b.name, await locator.locate(b.name, deadlineMs, signal)] as const));
  return new Map(found.map(([name, r]) => [name, r.reachable ? r.server : null]));
}
