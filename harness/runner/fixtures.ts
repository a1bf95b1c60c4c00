/**
 * The fixture stack of one testcase. Each fixture registers its teardown *before* its setup runs
 * (so a setup that fails half way is still torn down); teardowns run in reverse order, each within
 * its own deadline, and every one runs even when another fails — the first error is kept.
 * `onFailure` steps (failure-data collection) run, when the testcase failed, before the faults are
 * undone and before any teardown. Late fixtures (the event streams the continuous observation
 * needs) stay up through the undos and the settle period: `teardownLate` ends them.
 */
import type { Clock } from '../../lib/clock.ts';
import { withDeadline } from '../../lib/deadline.ts';
import { errorMessage, InfraError } from '../../lib/errors.ts';
import type { Logger } from '../../lib/log.ts';

/** A per-testcase resource: set up on first use, torn down at the end of the testcase. */
export interface FixtureDef<T> {
  name: string;
  setup(signal: AbortSignal): Promise<T> | T;
  /** Called with the value, or undefined when setup did not finish. */
  teardown?(value: T | undefined): Promise<void> | void;
  /** Wall ms its teardown may take (default: the stack's). */
  teardownMs?: number;
}

export function defineFixture<T>(def: FixtureDef<T>): FixtureDef<T> {
  return def;
}

interface Entry {
  name: string;
  teardown: () => Promise<void>;
  teardownMs: number;
}

export interface StepFailure {
  name: string;
  error: string;
}

export class FixtureStack {
  private readonly entries: Entry[] = [];
  private readonly lateEntries: Entry[] = [];
  private readonly failureSteps: Array<{ name: string; fn: (signal: AbortSignal) => Promise<void> }> = [];
  private readonly values = new Map<FixtureDef<unknown>, Promise<unknown>>();
  private readonly ready = new Map<FixtureDef<unknown>, unknown>();

  constructor(private readonly opts: { clock: Clock; log: Logger; teardownMs: number }) {}

  /** Register `teardown`, then run `setup`; the value is what setup returned. */
  async push<T>(name: string, setup: () => Promise<T>, teardown: (value: T | undefined) => Promise<void> | void, teardownMs?: number): Promise<T> {
    return this.pushTo(this.entries, name, setup, teardown, teardownMs);
  }

  /** Like push, but torn down only by teardownLate (after the undos and the settle period). */
  async pushLate<T>(name: string, setup: () => Promise<T>, teardown: (value: T | undefined) => Promise<void> | void): Promise<T> {
    return this.pushTo(this.lateEntries, name, setup, teardown);
  }

  private async pushTo<T>(list: Entry[], name: string, setup: () => Promise<T>, teardown: (value: T | undefined) => Promise<void> | void, teardownMs?: number): Promise<T> {
    let value: T | undefined;
    list.push({ name, teardown: async () => teardown(value), teardownMs: teardownMs ?? this.opts.teardownMs });
    value = await setup();
    return value;
  }

  /** The fixture's value in this testcase, set up once. */
  use<T>(def: FixtureDef<T>, signal: AbortSignal): Promise<T> {
    const known = this.values.get(def as FixtureDef<unknown>);
    if (known) return known as Promise<T>;
    const value = this.push(
      `fixture ${def.name}`,
      async () => {
        const v = await def.setup(signal);
        this.ready.set(def as FixtureDef<unknown>, v);
        return v;
      },
      async (v) => def.teardown?.(v),
      def.teardownMs,
    );
    this.values.set(def as FixtureDef<unknown>, value);
    return value;
  }

  /** A fixture's value if its setup finished. */
  peek<T>(def: FixtureDef<T>): T | undefined {
    return this.ready.get(def as FixtureDef<unknown>) as T | undefined;
  }

  onFailure(name: string, fn: (signal: AbortSignal) => Promise<void>): void {
    this.failureSteps.push({ name, fn });
  }

  /** Run every onFailure step in registration order, each within `perStepMs`; returns those that failed. */
  async runFailureSteps(perStepMs: number): Promise<StepFailure[]> {
    const failed: StepFailure[] = [];
    for (const step of this.failureSteps) {
      try {
        await withDeadline(`on failure: ${step.name}`, perStepMs, step.fn, { clock: this.opts.clock });
      } catch (e) {
        failed.push({ name: step.name, error: errorMessage(e) });
        this.opts.log.warn(`on-failure step "${step.name}" failed: ${errorMessage(e)}`, { component: 'fixtures' });
      }
    }
    return failed;
  }

  /** Tear everything down, newest first; returns the first failure (all are logged). */
  teardownAll(): Promise<InfraError | null> {
    return this.drain(this.entries);
  }

  /** Tear the late fixtures down, newest first; returns the first failure (all are logged). */
  teardownLate(): Promise<InfraError | null> {
    return this.drain(this.lateEntries);
  }

  private async drain(list: Entry[]): Promise<InfraError | null> {
    let first: InfraError | null = null;
    while (list.length > 0) {
      const entry = list.pop() as Entry;
      try {
        await withDeadline(`tear down ${entry.name}`, entry.teardownMs, () => entry.teardown(), { clock: this.opts.clock });
      } catch (e) {
        this.opts.log.warn(`could not tear down ${entry.name}: ${errorMessage(e)}`, { component: 'fixtures' });
        first ??= new InfraError(`could not tear down ${entry.name}: ${errorMessage(e)}`, { cause: e });
      }
    }
    return first;
  }
}
