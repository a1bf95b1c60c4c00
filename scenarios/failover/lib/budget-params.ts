/**
 * The parameters of budgets/failover.yaml a failover scenario passes: `dumpMs`, the dump the fence
 * waits for, and `managerMs`, the manager's own work on real time that the lab's time scale does
 * not compress (MANAGER_WORK_MS real ms, in SUT ms at this lab's scale).
 */
import type { ScenarioContext } from '../../../harness/scenario.ts';

/** Real ms of the manager's own work a phase may carry (see the head of budgets/failover.yaml). */
export const MANAGER_WORK_MS = 1500;

export function foBudgetParams(ctx: Pick<ScenarioContext, 'timeScale'>, dumpMs = 0): { dumpMs: number; managerMs: number } {
  return { dumpMs, managerMs: MANAGER_WORK_MS * ctx.timeScale };
}
