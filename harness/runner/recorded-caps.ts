/**
 * Wraps capability objects so every method call appends a `call` record (arguments redacted by
 * the history writer, AbortSignals left out, duration, ok/error). Transport errors thrown by a
 * capability are left as they are; the runner classifies them.
 */
import type { CapabilityMap, CapabilityName } from '../../drivers/capabilities/index.ts';
import type { Clock } from '../../lib/clock.ts';
import { errorMessage } from '../../lib/errors.ts';
import type { CallRecord, ScenarioRef } from '../../lib/history/records.ts';
import type { HistorySink } from '../history/writer.ts';

export interface CallContext {
  history: HistorySink;
  clock: Clock;
  device: string;
  scenario: ScenarioRef | null;
  /** Protocol behind each capability of the device (BoundDevice.protocols); recorded with every call. */
  protocols?: Partial<Record<string, string>>;
}

function recordableArgs(args: unknown[]): unknown[] {
  return args
    .filter((a) => !(a instanceof AbortSignal))
    .map((a) => (typeof a === 'function' ? '[function]' : a));
}

function isPromiseLike(v: unknown): v is PromiseLike<unknown> {
  return typeof (v as { then?: unknown } | null)?.then === 'function';
}

/** A recording view of one capability. Non-function properties (e.g. `kind`) pass through. */
export function recordCapability<T extends object>(capability: string, target: T, cc: CallContext): T {
  return new Proxy(target, {
    get(obj, prop, receiver) {
      const value: unknown = Reflect.get(obj, prop, receiver);
      if (typeof value !== 'function' || typeof prop !== 'string' || prop === 'constructor') return value;
      const fn = value as (...a: unknown[]) => unknown;
      const protocol = cc.protocols?.[capability];
      return (...args: unknown[]) => {
        const started = cc.clock.now();
        const write = (ok: boolean, error?: string): void => {
          cc.history.append<CallRecord>({
            type: 'call',
            scenario: cc.scenario,
            device: cc.device,
            capability,
            method: prop,
            args: recordableArgs(args),
            durationMs: Math.round((cc.clock.now() - started) * 1000) / 1000,
            ok,
            ...(error !== undefined ? { error } : {}),
            ...(protocol !== undefined ? { protocol } : {}),
          });
        };
        let result: unknown;
        try {
          result = fn.apply(obj, args);
        } catch (e) {
          write(false, errorMessage(e));
          throw e;
        }
        if (isPromiseLike(result)) {
          return Promise.resolve(result).then(
            (v) => {
              write(true);
              return v;
            },
            (e: unknown) => {
              write(false, errorMessage(e));
              throw e;
            },
          );
        }
        write(true);
        return result;
      };
    },
  });
}

/** Recording views of the named capabilities (those the device has). */
export function recordCapabilities<N extends CapabilityName>(caps: Partial<CapabilityMap>, names: readonly N[], cc: CallContext): Pick<CapabilityMap, N> {
  const out: Partial<CapabilityMap> = {};
  for (const n of names) {
    const c = caps[n];
    if (c) (out as Record<string, unknown>)[n] = recordCapability(n, c, cc);
  }
  return out as Pick<CapabilityMap, N>;
}
