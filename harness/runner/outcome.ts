/**
 * How a scenario's end becomes an outcome (architecture.md §5.6):
 * - ctx.skip → skipped; ctx.fail → failed; SIGINT → aborted;
 * - a device that turns out to lack a capability (CapabilityNotSupportedError) → skipped with its reason;
 * - a DeadlineError from a SUT phase → failed ("the SUT did not do X in time"), from an infra step → infra-error;
 * - transport problems (connection refused/reset, credentials refused: InfraError) → infra-error;
 * - a ConfigError (a budget that does not exist, an action parameter the BMC does not allow: the
 *   harness could not ask the question) → infra-error;
 * - any other error thrown by the scenario → failed, with the error as the reason.
 * The runner then files two more cases where they belong (runner.ts): a "failed" that rests on a
 * deadline while a device's BMC no longer answers is an infra-error naming the device, and an
 * emulator process that exited during the run (RunnerOptions.lost) makes the testcase infra-error.
 */
import { CapabilityNotSupportedError } from '../../drivers/capabilities/cluster-errors.ts';
import { ConfigError, DeadlineError, errorMessage, InfraError } from '../../lib/errors.ts';
import type { Outcome } from '../../lib/history/records.ts';
import { RunAborted, SIGINT_ABORT, ScenarioFailed, ScenarioSkipped } from './control.ts';

const TRANSPORT_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
  'ECONNABORTED',
  'ERR_SOCKET_CLOSED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'CERT_HAS_EXPIRED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/** Walk an error and its causes. */
export function* causeChain(e: unknown): Generator<unknown> {
  const seen = new Set<unknown>();
  let cur: unknown = e;
  while (cur !== undefined && cur !== null && !seen.has(cur)) {
    seen.add(cur);
    yield cur;
    cur = cur instanceof Error ? cur.cause : undefined;
  }
}

/** A transport-level problem: an InfraError anywhere in the chain, or a socket/TLS error code. */
export function isTransportError(e: unknown): boolean {
  for (const c of causeChain(e)) {
    if (c instanceof InfraError) return true;
    const code = (c as { code?: unknown } | null)?.code;
    if (typeof code === 'string' && TRANSPORT_CODES.has(code)) return true;
  }
  return false;
}

export interface Classified {
  outcome: Outcome;
  reason: string;
}

export function classifyError(e: unknown, ctx: { aborted: boolean; abortReason?: string; infraPhases: ReadonlySet<string> }): Classified {
  if (e instanceof ScenarioSkipped) return { outcome: 'skipped', reason: e.message };
  if (e instanceof RunAborted) return { outcome: 'aborted', reason: e.message };
  if (ctx.aborted) return { outcome: 'aborted', reason: ctx.abortReason ?? SIGINT_ABORT };
  if (e instanceof ScenarioFailed) return { outcome: 'failed', reason: e.message };
  const unsupported = [...causeChain(e)].find((c): c is CapabilityNotSupportedError => c instanceof CapabilityNotSupportedError);
  if (unsupported) return { outcome: 'skipped', reason: unsupported.message };
  const deadline = [...causeChain(e)].find((c): c is DeadlineError => c instanceof DeadlineError);
  if (deadline && ctx.infraPhases.has(deadline.phase)) return { outcome: 'infra-error', reason: `infrastructure step ${deadline.message}` };
  if (isTransportError(e)) return { outcome: 'infra-error', reason: errorMessage(e) };
  if (deadline) return { outcome: 'failed', reason: errorMessage(e) };
  if (e instanceof ConfigError) return { outcome: 'infra-error', reason: `configuration: ${errorMessage(e)}` };
  return { outcome: 'failed', reason: `${e instanceof Error ? `${e.name}: ` : ''}${errorMessage(e)}` };
}
