/**
 * Run a decision's steps in order, each recorded with its start, end and result; stop at the
 * first that fails (the rest stay "not-run") and notify Critical. Returns the finished record.
 */
import { errorMessage } from '../../../lib/errors.ts';
import type { Logger } from '../../../lib/log.ts';
import type { DecisionRecord, Journal } from '../process/journal.ts';
import { runStep, type StepContext } from './steps.ts';

export type RunContext = Omit<StepContext, 'notify'> & { journal: Journal; logger: Logger };

function describe(r: DecisionRecord): string {
  const d = r.decision;
  return d.kind === 'failover' ? `failover of ${d.failure.server} to ${d.standby.join('+')}` : `${d.kind} for ${d.failure.server}`;
}

export async function runDecision(r: DecisionRecord, c: RunContext): Promise<DecisionRecord> {
  const server = r.decision.failure.server;
  const notify: StepContext['notify'] = (severity, message) => {
    c.journal.event(severity, 'Notification', message, server);
    c.logger.log(severity === 'OK' ? 'info' : severity === 'Warning' ? 'warn' : 'error', message, { component: 'failover-manager' });
  };
  for (const rec of r.steps) {
    const start = c.journal.wallMs();
    rec.startedAt = c.journal.now();
    rec.result = 'running';
    try {
      rec.detail = await runStep(rec.step, { ...c, notify });
      rec.result = 'ok';
    } catch (e) {
      rec.result = 'failed';
      rec.detail = errorMessage(e);
    }
    rec.endedAt = c.journal.now();
    rec.durationMs = c.journal.wallMs() - start;
    c.logger.info(`step ${rec.index + 1}/${r.steps.length} ${rec.step.op}: ${rec.result} in ${rec.durationMs} ms: ${rec.detail}`, { component: 'failover-manager', decision: r.id });
    if (rec.result === 'failed') {
      r.state = 'failed';
      r.endedAt = c.journal.now();
      notify('Critical', `${describe(r)} stopped at step ${rec.index + 1} (${rec.step.op}): ${rec.detail}`);
      return r;
    }
  }
  if (r.state === 'running') r.state = 'completed';
  r.endedAt = c.journal.now();
  return r;
}
