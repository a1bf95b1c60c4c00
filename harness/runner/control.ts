/** Control-flow signals a scenario raises through its context (ctx.fail / ctx.skip). */
import { FtlabError } from '../../lib/errors.ts';

export class ScenarioFailed extends FtlabError {}
export class ScenarioSkipped extends FtlabError {}

/** The run was interrupted (SIGINT); scenarios in progress end as "aborted". */
export class RunAborted extends FtlabError {
  constructor(message = 'run aborted (SIGINT)') {
    super(message);
  }
}
