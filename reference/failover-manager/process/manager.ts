/**
 * The manager's loop: a failure (from detection) → the table rebuilt from the devices → the
 * core's decision → the executor runs it → the table rebuilt again. One decision at a time (two
 * failures must not pick the same standby); a failure of a server already failed (its failover
 * decided, until a repair) is logged and ignored. Trouble reading the lab is logged Critical and changes nothing.
 */
import { setMaxListeners } from 'node:events';
import type { Clock } from '../../../lib/clock.ts';
import { withDeadline } from '../../../lib/deadline.ts';
import { errorMessage } from '../../../lib/errors.ts';
import type { Logger } from '../../../lib/log.ts';
import { runDecision } from '../executor/run.ts';
import type { ExecutorDeadlines, ExecutorTargets } from '../executor/targets.ts';
import type { Decision, Failure, ManagementTable } from '../plan/types.ts';
import type { CoreConfig, CoreDefects, DecisionCore } from './core-api.ts';
import type { DecisionRecord, Journal } from './journal.ts';
import { type LabReader, MAX_LISTENERS } from './readings.ts';

export interface ManagerDeps {
  core: DecisionCore;
  config: CoreConfig;
  defects: CoreDefects;
  reader: LabReader;
  targets: ExecutorTargets;
  deadlines: ExecutorDeadlines;
  journal: Journal;
  clock: Clock;
  logger: Logger;
  /** Lab ms one rebuild of the table may take. */
  readMs: number;
}

export class FailoverManager {
  table: ManagementTable | null = null;
  /** Servers the manager decided on as failed, until their BMC reports a repair. */
  private readonly failed = new Set<string>();
  private chain: Promise<void> = Promise.resolve();
  private readonly stop = new AbortController();

  constructor(private readonly d: ManagerDeps) {
    // A step reads a whole array or switch on this signal: many requests at once.
    setMaxListeners(MAX_LISTENERS, this.stop.signal);
  }

  async rebuildTable(): Promise<ManagementTable> {
    const r = await withDeadline('rebuild the management table', this.d.readMs, (s) => this.d.reader.read(s), { clock: this.d.clock, parent: this.stop.signal });
    this.table = this.d.core.buildTable(r, this.d.config, this.d.journal.now(), [...this.failed].sort());
    return this.table;
  }

  /**
   * Detection calls this; the failure is decided on after every earlier one. A failure of a server
   * already failed (a failover decided for it) is logged and dropped, when it arrives and again when
   * its turn comes: one still waiting behind a fault that needs no action (a fan) is decided in turn.
   */
  onFailure(f: Failure): void {
    if (this.ignoredAsFailed(f)) return;
    this.d.journal.event('Critical', 'FailureDetected', `${f.server} reports a ${f.faultType} failure (${f.evidence.messageId} at ${f.evidence.at})`, f.server);
    this.chain = this.chain.then(() => (this.ignoredAsFailed(f) ? undefined : this.handle(f)));
  }

  private ignoredAsFailed(f: Failure): boolean {
    if (!this.failed.has(f.server)) return false;
    this.d.journal.event('Warning', 'FailureIgnored', `${f.server}: ${f.faultType} while its failover is pending, running or done; ignored`, f.server);
    return true;
  }

  /** Detection calls this when a server's BMC reports a repair: it is no longer failed. */
  onRepaired(server: string, fault: string): void {
    if (this.failed.delete(server)) this.d.journal.event('OK', 'ServerRepaired', `${server}: its ${fault} fault was repaired; no longer failed`, server);
  }

  /** Resolves when every failure received so far has been handled. */
  idle(): Promise<void> {
    return this.chain;
  }

  private async handle(f: Failure): Promise<void> {
    if (this.stop.signal.aborted) return;
    let decision: Decision;
    try {
      decision = this.d.core.decide(await this.rebuildTable(), this.d.config, f, this.d.defects);
    } catch (e) {
      this.d.journal.event('Critical', 'DecisionFailed', `${f.server}: no decision, nothing changed: ${errorMessage(e)}`, f.server);
      this.d.logger.error(`no decision for ${f.server}: ${errorMessage(e)}`, { component: 'failover-manager' });
      return;
    }
    const rec = this.d.journal.decision(decision);
    this.d.logger.info(`decision ${rec.id} for ${f.server}: ${decision.kind} (${decision.reason})`, { component: 'failover-manager' });
    if (decision.kind === 'no-action') {
      this.d.journal.event('OK', 'NoAction', `${f.server}: ${f.faultType}: ${decision.reason}`, f.server);
      return;
    }
    this.failed.add(f.server);
    await this.execute(rec);
  }

  private async execute(rec: DecisionRecord): Promise<void> {
    const { targets, deadlines, clock, journal, logger } = this.d;
    await runDecision(rec, { targets, deadlines, clock, journal, logger, signal: this.stop.signal });
    if (rec.decision.kind === 'failover' && rec.state === 'completed') {
      journal.event('OK', 'FailoverCompleted', `${rec.decision.failure.server} failed over to ${rec.decision.standby.join('+')}`, rec.decision.failure.server);
    }
    await this.rebuildTable().catch((e: unknown) => logger.warn(`table not rebuilt after decision ${rec.id}: ${errorMessage(e)}`, { component: 'failover-manager' }));
  }

  async close(): Promise<void> {
    this.stop.abort(new Error('the manager stops'));
    await this.chain;
  }
}
