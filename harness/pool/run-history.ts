/**
 * The history of a pool run: the run's own records, stamped here, and each testcase's records as
 * its worker recorded them, shifted onto this run's time base (their spacing kept), appended to
 * history.jsonl as they arrive (a crash loses nothing already received).
 */
import { appendFileSync, writeFileSync } from 'node:fs';
import type { HistoryRecord, ScenarioBegin, ScenarioEnd, ScenarioRef } from '../../lib/history/records.ts';
import { redact } from '../../lib/redact.ts';
import type { Unstamped } from '../history/writer.ts';

export class RunHistory {
  readonly records: HistoryRecord[] = [];
  private readonly startWall = Date.now();
  private readonly start = performance.now();

  constructor(readonly file: string) {
    writeFileSync(file, '');
  }

  append<R extends HistoryRecord>(record: Unstamped<R>): R {
    const stamped = redact({ t: round3(performance.now() - this.start), wall: Date.now(), ...record }) as unknown as R;
    this.push(stamped);
    return stamped;
  }

  /** A worker's records of one testcase, moved so that the first is at its wall time on this run's base. */
  appendFromWorker(records: readonly HistoryRecord[]): void {
    const [first] = records;
    if (!first) return;
    const shift = first.wall - this.startWall - first.t;
    for (const r of records) this.push({ ...r, t: round3(r.t + shift) });
  }

  /** A testcase no worker ran to its end: its begin and end, with the reason. */
  appendUnrun(scenario: ScenarioRef, title: string, requirements: string[], outcome: ScenarioEnd['outcome'], reason: string): void {
    this.append<ScenarioBegin>({ type: 'scenario-begin', scenario, title, requirements, roles: {} });
    this.append<ScenarioEnd>({ type: 'scenario-end', scenario, outcome, reason, marginal: false, durationMs: 0 });
  }

  private push(r: HistoryRecord): void {
    this.records.push(r);
    appendFileSync(this.file, `${JSON.stringify(r)}\n`);
  }
}

function round3(n: number): number {
  return Math.round(n * 1000) / 1000;
}
