import { abortReason, type Clock, systemClock } from './clock.ts';
import { DeadlineError } from './errors.ts';

/**
 * Run `fn` with an AbortSignal that fires after `budgetMs`; reject with a DeadlineError naming
 * the phase if it has not settled by then. `fn` should pass the signal to whatever it awaits.
 */
export async function withDeadline<T>(
  phase: string,
  budgetMs: number,
  fn: (signal: AbortSignal) => Promise<T>,
  opts: { clock?: Clock; parent?: AbortSignal } = {},
): Promise<T> {
  const clock = opts.clock ?? systemClock;
  const ctrl = new AbortController();
  const err = new DeadlineError(phase, budgetMs);
  let onParentAbort: (() => void) | undefined;
  const timeout = new Promise<never>((_, reject) => {
    const timer = clock.setTimer(budgetMs, () => {
      ctrl.abort(err);
      reject(err);
    });
    ctrl.signal.addEventListener('abort', () => timer.cancel(), { once: true });
    if (opts.parent) {
      const parent = opts.parent;
      onParentAbort = () => {
        const reason = abortReason(parent);
        ctrl.abort(reason);
        reject(reason);
      };
      if (parent.aborted) onParentAbort();
      else parent.addEventListener('abort', onParentAbort, { once: true });
    }
  });
  timeout.catch(() => undefined);
  try {
    return await Promise.race([fn(ctrl.signal), timeout]);
  } finally {
    if (!ctrl.signal.aborted) ctrl.abort(new Error(`${phase}: finished`));
    if (onParentAbort) opts.parent?.removeEventListener('abort', onParentAbort);
  }
}

/**
 * Poll `probe` every `intervalMs` until it returns a value that is not undefined, or the deadline
 * passes (DeadlineError whose detail is `describeLast()` of the last observation).
 */
export async function waitFor<T>(
  phase: string,
  budgetMs: number,
  probe: (signal: AbortSignal) => Promise<T | undefined>,
  opts: { clock?: Clock; intervalMs?: number; parent?: AbortSignal; describeLast?: () => string } = {},
): Promise<T> {
  const clock = opts.clock ?? systemClock;
  const interval = opts.intervalMs ?? 100;
  try {
    return await withDeadline(
      phase,
      budgetMs,
      async (signal) => {
        for (;;) {
          const v = await probe(signal);
          if (v !== undefined) return v;
          await clock.sleep(interval, signal);
        }
      },
      { clock, ...(opts.parent ? { parent: opts.parent } : {}) },
    );
  } catch (e) {
    if (e instanceof DeadlineError && opts.describeLast) {
      throw new DeadlineError(phase, budgetMs, { cause: e, detail: opts.describeLast() });
    }
    throw e;
  }
}
