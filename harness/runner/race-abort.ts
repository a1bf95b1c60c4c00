import { abortReason } from '../../lib/clock.ts';

/** Run `fn`, but settle as soon as `signal` aborts (a scenario that ignores its signal cannot hold the run). */
export async function raceAbort(signal: AbortSignal, fn: () => Promise<void>): Promise<void> {
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(abortReason(signal));
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
  aborted.catch(() => undefined);
  try {
    await Promise.race([fn(), aborted]);
  } finally {
    if (onAbort) signal.removeEventListener('abort', onAbort);
  }
}
