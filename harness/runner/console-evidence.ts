/**
 * Console lines as evidence in a scenario (H-03): wait for a line within a phase deadline (SUT
 * ms), over everything the capture received since `since` (default: since the testcase began, so
 * a line printed before the wait is not lost), and check that it agrees in time with the BMC's
 * own event of the same happening (both arrival times on the harness clock).
 */
import type { BmcEvent, ConsoleCapture, ConsoleMatch } from '../../drivers/capabilities/index.ts';
import { DeadlineError } from '../../lib/errors.ts';
import type { Comparison } from '../../lib/history/records.ts';
import type { CheckOptions } from '../scenario.ts';

/** What the helpers need of a scenario context. */
export interface EvidenceContext {
  readonly timeScale: number;
  phase<T>(name: string, deadlineMs: number, fn: (signal: AbortSignal) => Promise<T>): Promise<T>;
  check(name: string, opts: CheckOptions, fn: () => true | string): boolean;
}

/**
 * The first console line matching `pattern` received since `opts.since` (harness ms, clock.now()
 * base; default the start of the capture), within the phase `phase` of `deadlineMs` SUT ms. On
 * the deadline the error names the phase, the pattern and the last line the console printed.
 */
export async function consoleEvidence(ctx: EvidenceContext, console: ConsoleCapture, phase: string, pattern: RegExp | string, deadlineMs: number, opts: { since?: number } = {}): Promise<ConsoleMatch> {
  // The phase's deadline ends the wait; the console's own is only a backstop behind it.
  const backstopMs = (2 * deadlineMs) / ctx.timeScale + 1000;
  try {
    return await ctx.phase(phase, deadlineMs, (signal) => console.waitFor(pattern, backstopMs, { ...opts, signal }));
  } catch (e) {
    if (!(e instanceof DeadlineError) || e.phase !== phase) throw e;
    const last = console.tail(1)[0];
    throw new DeadlineError(phase, deadlineMs, { cause: e, detail: `no console line of ${console.endpoint} matched ${String(pattern)}; ${last ? `last line: ${JSON.stringify(last.text)}` : 'nothing was printed'}` });
  }
}

/**
 * Check that a console line and the BMC's event of the same happening arrived within
 * `toleranceMs` SUT ms of each other (harness arrival times, converted with the time scale):
 * two independent sources telling the same story at the same time.
 */
export function consoleAgreesWithEvent(
  ctx: EvidenceContext,
  name: string,
  line: ConsoleMatch,
  event: BmcEvent,
  opts: { toleranceMs: number; toleranceBasis: string; requirements: string[] },
): boolean {
  const afterMs = (line.line.at - event.receivedAt) * ctx.timeScale;
  const apartMs = Math.abs(afterMs);
  const comparison: Comparison = {
    phase: name,
    unit: 'ms SUT after the BMC event arrived',
    figures: [
      { source: `BMC event ${event.messageId} (harness arrival)`, value: 0 },
      { source: `console line "${line.line.text}" (harness arrival)`, value: Math.round(afterMs * 1000) / 1000 },
    ],
    tolerance: opts.toleranceMs,
    toleranceBasis: opts.toleranceBasis,
  };
  return ctx.check(name, { kind: 'assertion', requirements: opts.requirements, comparison }, () =>
    apartMs <= opts.toleranceMs ? true : `the console line and the BMC event ${event.messageId} arrived ${apartMs.toFixed(1)} ms SUT apart (tolerance ${opts.toleranceMs} ms: ${opts.toleranceBasis})`,
  );
}
