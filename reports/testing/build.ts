/**
 * Test-only builder of history records with consistent times, so tests state only what matters.
 * Produces the same shapes the harness writes (lib/history/records.ts).
 */
import {
  HISTORY_VERSION,
  type AvailabilityModel,
  type BudgetRecord,
  type HistoryRecord,
  type Outcome,
  type ProbeGap,
  type ProbeRecord,
  type RunBegin,
  type ScenarioRef,
  type Verdict,
} from '../../lib/history/records.ts';

const WALL0 = Date.UTC(2026, 0, 1);

export class HistoryBuilder {
  readonly records: HistoryRecord[] = [];
  private t = 0;

  at(t: number): this {
    this.t = t;
    return this;
  }

  private base(): { t: number; wall: number } {
    return { t: this.t, wall: WALL0 + this.t };
  }

  begin(over: Partial<RunBegin> = {}): this {
    this.records.push({
      type: 'run-begin',
      ...this.base(),
      version: HISTORY_VERSION,
      runId: 'test-run',
      ftlabVersion: '0.0.0-test',
      lab: { kind: 'embedded', timeScale: 1 },
      suite: 'test',
      argv: [],
      repeat: 1,
      budgets: [],
      plan: [],
      requirements: {},
      ...over,
    });
    return this;
  }

  availability(model: AvailabilityModel): this {
    const rb = this.records.find((r) => r.type === 'run-begin');
    if (rb && rb.type === 'run-begin') rb.availability = model;
    return this;
  }

  scenario(id: string, device: string, requirements: string[], iteration = 0, title = id): this {
    this.records.push({ type: 'scenario-begin', ...this.base(), scenario: { id, iteration }, title, requirements, roles: device ? { ft: [device] } : {} });
    return this;
  }

  end(ref: ScenarioRef | string, outcome: Outcome, reason?: string, durationMs = 10): this {
    const scenario = typeof ref === 'string' ? { id: ref, iteration: 0 } : ref;
    this.records.push({ type: 'scenario-end', ...this.base(), scenario, outcome, marginal: false, durationMs, ...(reason ? { reason } : {}) });
    return this;
  }

  measure(ref: string | ScenarioRef, name: string, value: number, unit: string, verdict: Verdict, budget?: BudgetRecord, requirements: string[] = []): this {
    const scenario = typeof ref === 'string' ? { id: ref, iteration: 0 } : ref;
    this.records.push({ type: 'measurement', ...this.base(), scenario, name, value, unit, source: 'test', verdict, requirements, ...(budget ? { budget } : {}) });
    return this;
  }

  check(ref: string, name: string, evaluated: boolean, ok: boolean, detail = '', requirements: string[] = []): this {
    this.records.push({ type: 'check', ...this.base(), scenario: { id: ref, iteration: 0 }, name, kind: 'invariant', required: true, evaluated, ok, detail, requirements });
    return this;
  }

  probe(ref: string | ScenarioRef, repliedFrom: string[], gaps: ProbeGap[] = [], received = 100, extra: Partial<ProbeRecord> = {}): this {
    const scenario = typeof ref === 'string' ? { id: ref, iteration: 0 } : ref;
    this.records.push({
      type: 'probe',
      ...this.base(),
      scenario,
      probe: 'workload',
      target: '127.0.0.1:7000',
      intervalMs: 1,
      resolutionMs: 1.1,
      sent: 100,
      received,
      gaps,
      repliedFrom,
      startedAt: Math.max(0, this.t - 50),
      stoppedAt: this.t,
      ...extra,
    });
    return this;
  }

  push(r: HistoryRecord): this {
    this.records.push(r);
    return this;
  }

  runEnd(outcome: Outcome, exitCode = 0): this {
    this.records.push({ type: 'run-end', ...this.base(), outcome, exitCode });
    return this;
  }
}

export function budget(id: string, limit: number, unit = 'ms'): BudgetRecord {
  return { id, limit, unit, marginalBand: 0.2, source: 'test', requirement: [] };
}
