/**
 * Fence (FO-03): ask the server's BMC for a graceful shutdown; while the BMC says a dump is being
 * written (and the plan says to wait for it) that time does not count against the shutdown
 * deadline, up to the dump deadline; a server still on after that is forced off. Returns what
 * happened, for the step's record.
 */
import type { PowerControl } from '../../../drivers/capabilities/index.ts';
import { RedfishHttpError } from '../../../drivers/redfish/errors.ts';
import { waitForPowerState } from '../../../drivers/redfish/capabilities/power-control.ts';
import type { Clock } from '../../../lib/clock.ts';
import { errorMessage } from '../../../lib/errors.ts';
import type { Step } from '../plan/types.ts';
import type { ExecutorDeadlines, ExecutorTargets } from './targets.ts';

type FenceStep = Extract<Step, { op: 'fence' }>;

/** Poll until Off; false once the shutdown deadline (not counting dump time) has passed. */
async function shutDownInTime(power: PowerControl, dumping: () => boolean, d: ExecutorDeadlines, clock: Clock, signal: AbortSignal): Promise<{ off: boolean; dumpWaitMs: number }> {
  const start = clock.now();
  let last = start;
  let dumpWaitMs = 0;
  for (;;) {
    if ((await power.state(signal)) === 'Off') return { off: true, dumpWaitMs };
    const now = clock.now();
    if (dumping() && dumpWaitMs < d.dumpMs) dumpWaitMs = Math.min(d.dumpMs, dumpWaitMs + (now - last));
    last = now;
    if (now - start - dumpWaitMs >= d.shutdownMs) return { off: false, dumpWaitMs };
    await clock.sleep(d.pollMs, signal);
  }
}

export async function fence(step: FenceStep, t: ExecutorTargets, d: ExecutorDeadlines, clock: Clock, signal: AbortSignal): Promise<string> {
  const power = t.power(step.server);
  if ((await power.state(signal)) === 'Off') return 'already off';
  let refused = '';
  try {
    await power.request('GracefulShutdown', signal);
  } catch (e) {
    // A BMC that refuses the graceful request (no OS to ask) is forced off below.
    if (!(e instanceof RedfishHttpError && e.status >= 400 && e.status < 500)) throw e;
    refused = `GracefulShutdown refused (${errorMessage(e)}); `;
  }
  const dumping = step.waitForDump ? () => t.dumping(step.server) : () => false;
  const r = refused ? { off: false, dumpWaitMs: 0 } : await shutDownInTime(power, dumping, d, clock, signal);
  const waited = r.dumpWaitMs > 0 ? `, waited ${Math.round(r.dumpWaitMs)} lab ms for a dump` : '';
  if (r.off) return `shut down gracefully${waited}`;
  await power.request('ForceOff', signal);
  await waitForPowerState(power, 'Off', { budgetMs: d.powerMs, action: 'ForceOff', clock, intervalMs: d.pollMs, signal });
  return `${refused}ForceOff after ${refused ? 'the refusal' : `${d.shutdownMs} lab ms without shutting down`}${waited}`;
}
