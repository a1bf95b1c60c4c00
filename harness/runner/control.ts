/** Control-flow signals a scenario raises through its context (ctx.fail / ctx.skip). */
import { FtlabError } from '../../lib/errors.ts';

export class ScenarioFailed extends FtlabError {}
export class ScenarioSkipped extends FtlabError {}

/** Why a run was aborted when nothing names the signal (Ctrl-C). */
export const SIGINT_ABORT = 'run aborted (SIGINT)';

/** The run was interrupted (SIGINT, SIGTERM, SIGHUP); scenarios in progress end as "aborted". */
export class RunAborted extends FtlabError {
  constructor(message = SIGINT_ABORT) {
    super(message);
  }
}

/** The run was stopped by `signal` (the reason the CLI aborts the run's signal with). */
export const runAbortedBy = (signal: NodeJS.Signals): RunAborted => new RunAborted(`run aborted (${signal})`);

/** Why an aborted run signal was aborted, as the reason its testcases and run are given. */
export function runAbortReason(signal: AbortSignal): string {
  return signal.reason instanceof RunAborted ? signal.reason.message : SIGINT_ABORT;
}
