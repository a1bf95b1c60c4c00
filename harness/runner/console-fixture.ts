/**
 * A device's console captured for the whole testcase (H-03): opened as a late fixture before
 * run() (so before the first fault) and closed with the event streams, after the undos and the
 * settle period. Every line is timestamped on the harness clock as it arrives, recorded in the
 * history (`console` records) and appended to DIR/consoles/<device>.log. The scenario sees it as
 * its role's ConsoleCapture, whose waits look at everything captured since the testcase began
 * unless told otherwise. A console that cannot be opened is an infrastructure problem naming its
 * endpoint: an infra-error when the scenario needs the console, a warning otherwise.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { ConsoleCapture, ConsoleLine, ConsoleMatch } from '../../drivers/capabilities/index.ts';
import type { SerialConsole } from '../../drivers/serial/console.ts';
import { type ConsoleTarget, consoleEndpoint, openConsole } from '../../drivers/serial/open.ts';
import type { Clock } from '../../lib/clock.ts';
import { withDeadline } from '../../lib/deadline.ts';
import { errorMessage, InfraError } from '../../lib/errors.ts';
import type { ConsoleRecord, ScenarioRef } from '../../lib/history/records.ts';
import type { Logger } from '../../lib/log.ts';
import type { HistoryWriter } from '../history/writer.ts';
import type { FixtureStack } from './fixtures.ts';

export interface ConsoleFixtureDeps {
  scenario: ScenarioRef;
  history: HistoryWriter;
  clock: Clock;
  log: Logger;
  fixtures: FixtureStack;
  /** DIR/consoles: one log per device, appended testcase after testcase; unset: no log files. */
  logDir?: string;
  /** The scenario cannot do without it: a console that cannot be opened ends the testcase as infra-error. */
  required: boolean;
  signal: AbortSignal;
}

/**
 * The console of one device in one testcase, as its role's ConsoleCapture. Until the capture is
 * open (or when it could not be), every use is an InfraError naming the console.
 */
export class TestcaseConsole implements ConsoleCapture {
  readonly kind = 'ConsoleCapture' as const;
  readonly endpoint: string;
  private capture: SerialConsole | null = null;
  private startedAt = 0;
  private lastLineAt = 0;
  private clock: Clock | null = null;
  private failure: string | null = null;

  constructor(
    readonly device: string,
    private readonly target: ConsoleTarget,
  ) {
    this.endpoint = consoleEndpoint(target);
  }

  /** Open it as a late fixture (torn down after the undos and the settle period). */
  async open(d: ConsoleFixtureDeps, readyWithinMs: number): Promise<void> {
    const phase = `open the console of ${this.device} (${this.endpoint})`;
    try {
      await d.fixtures.pushLate(
        `console of ${this.device}`,
        () => withDeadline(phase, readyWithinMs, (signal) => this.start(d, signal), { clock: d.clock, parent: d.signal }),
        async () => {
          await this.capture?.close();
        },
      );
    } catch (e) {
      this.failure = `the console of ${this.device} (${this.endpoint}) could not be opened: ${errorMessage(e)}`;
      if (d.required) throw new InfraError(this.failure, { cause: e });
      d.log.warn(`${this.failure}; this testcase runs without its console`, { component: 'console', device: this.device });
    }
  }

  private async start(d: ConsoleFixtureDeps, signal: AbortSignal): Promise<void> {
    const logFile = d.logDir ? path.join(d.logDir, `${this.device.replace(/[^A-Za-z0-9._@+-]/g, '_')}.log`) : undefined;
    if (d.logDir) mkdirSync(d.logDir, { recursive: true, mode: 0o700 });
    const onLine = (l: ConsoleLine): void => {
      this.lastLineAt = l.at;
      d.history.append<ConsoleRecord>({ type: 'console', scenario: d.scenario, device: this.device, at: d.history.sinceStart(l.at), text: l.text, endpoint: this.endpoint });
    };
    this.startedAt = d.clock.now();
    this.clock = d.clock;
    this.capture = await openConsole(this.target, { clock: d.clock, onLine, ...(logFile ? { logFile } : {}) }, signal);
  }

  private live(): SerialConsole {
    if (this.capture) return this.capture;
    throw new InfraError(this.failure ?? `the console of ${this.device} (${this.endpoint}) is not captured yet`);
  }

  /**
   * Settles once the console has printed nothing for `quietMs` (counted from the call at the
   * earliest: a line can trail an event that arrived first), or after `withinMs` at the most
   * (at once when it is not captured): what a console prints trails the events it reports (a
   * panic's trace follows its first line), and first-failure data wants those lines too.
   */
  async quiet(quietMs: number, withinMs: number): Promise<void> {
    const clock = this.clock;
    if (!this.capture || !clock) return;
    const asked = clock.now();
    const until = asked + withinMs;
    for (;;) {
      const wait = Math.min(Math.max(this.lastLineAt, asked) + quietMs, until) - clock.now();
      if (wait <= 0) return;
      await new Promise<void>((resolve) => clock.setTimer(wait, resolve));
    }
  }

  /** Harness ms (clock.now() base) the capture began: the default `since` of every wait. */
  get since(): number {
    return this.startedAt;
  }

  waitFor(pattern: RegExp | string, deadlineMs: number, opts: { since?: number; signal?: AbortSignal } = {}): Promise<ConsoleMatch> {
    return this.live().waitFor(pattern, deadlineMs, { since: opts.since ?? this.startedAt, ...(opts.signal ? { signal: opts.signal } : {}) });
  }

  tail(n: number): ConsoleLine[] {
    return this.live().tail(n);
  }

  linesSince(since: number): ConsoleLine[] {
    return this.live().linesSince(since);
  }

  write(text: string): Promise<void> {
    return this.live().write(text);
  }

  /** The runner closes the capture when the testcase ends; a scenario cannot end it early. */
  close(): Promise<void> {
    return Promise.resolve();
  }
}
