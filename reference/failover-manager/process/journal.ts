/**
 * What the manager did, as the API serves it: every decision with its steps and their timings,
 * and an event log (also pushed to SSE listeners). Bounded; times are ISO strings of the real wall
 * clock and durations real ms (the lab's clock only sets the deadlines), so they line up with
 * what an outside observer records.
 */
import type { Decision, DecisionRecord, ManagerEvent, ManagerSeverity, StepRecord, StepResult } from '../plan/types.ts';

export type Severity = ManagerSeverity;
export type { DecisionRecord, ManagerEvent, StepRecord, StepResult };

const MAX = 1000;

export class Journal {
  readonly events: ManagerEvent[] = [];
  readonly decisions: DecisionRecord[] = [];
  private readonly listeners = new Set<(e: ManagerEvent) => void>();
  private nextEvent = 1;
  private nextDecision = 1;

  constructor(private readonly wallNow: () => number) {}

  now(): string {
    return new Date(this.wallNow()).toISOString();
  }

  /** Real wall-clock ms, for durations. */
  wallMs(): number {
    return this.wallNow();
  }

  event(severity: Severity, key: string, message: string, server: string | null = null): ManagerEvent {
    const e: ManagerEvent = { id: this.nextEvent++, at: this.now(), severity, messageId: `FailoverManager.${key}`, message, server };
    this.events.push(e);
    if (this.events.length > MAX) this.events.shift();
    for (const l of this.listeners) l(e);
    return e;
  }

  /** Listen to every later event; returns the unsubscribe. */
  listen(fn: (e: ManagerEvent) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  decision(decision: Decision): DecisionRecord {
    const steps = decision.kind === 'no-action' ? [] : decision.steps;
    const r: DecisionRecord = {
      id: this.nextDecision++,
      decidedAt: this.now(),
      decision,
      state: decision.kind === 'failover' ? 'running' : decision.kind,
      endedAt: null,
      steps: steps.map((step, index) => ({ index, step, startedAt: null, endedAt: null, durationMs: null, result: 'not-run', detail: null })),
    };
    this.decisions.push(r);
    if (this.decisions.length > MAX) this.decisions.shift();
    return r;
  }
}
