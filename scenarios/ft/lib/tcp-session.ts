/**
 * An application's TCP connection to the workload's echo service, held through a scenario: what
 * FT-01 and FT-03 promise an application (its connection survives a fault, no change needed), and
 * FT-05's "data sent during an IO failover waits" (TCP retransmits; nothing is lost or reordered).
 * One connection, a numbered line every SEND_INTERVAL_MS, each echo checked (echo-tally.ts); how
 * and when the connection ended is kept. Opened as a fixture: closed at the end of the testcase.
 */
import net from 'node:net';
import { randomBytes } from 'node:crypto';
import { defineFixture, type SoloContext } from '../../../harness/scenario.ts';
import type { Clock, Timer } from '../../../lib/clock.ts';
import { withDeadline } from '../../../lib/deadline.ts';
import { errorMessage, InfraError } from '../../../lib/errors.ts';
import { EchoTally, type EchoCounts } from './echo-tally.ts';
import { sutDeadline, toHarnessMs } from './time.ts';

/** Wall ms between two lines. */
const SEND_INTERVAL_MS = 20;

export interface TcpSessionSummary extends EchoCounts {
  target: string;
  /** When (clock ms) and how the connection ended (reset, closed, an error); null while it is open. */
  ended: { at: number; how: string } | null;
}

export class TcpSession {
  private readonly tally = new EchoTally(`ftlab-tcp ${randomBytes(6).toString('hex')}`);
  private ended: TcpSessionSummary['ended'] = null;
  private timer: Timer | null = null;
  private paused = false;
  private readonly waiters = new Set<() => void>();

  private constructor(
    private readonly socket: net.Socket,
    private readonly clock: Clock,
    readonly target: string,
  ) {
    socket.setEncoding('utf8');
    socket.setNoDelay(true);
    socket.on('data', (chunk: string) => {
      this.tally.received(chunk, clock.now());
      this.wake();
    });
    socket.on('error', (e: NodeJS.ErrnoException) => this.end(e.code ?? e.message));
    socket.on('end', () => this.end('closed by the workload'));
    socket.on('close', () => this.end('closed'));
    this.tick();
  }

  /** Connect to `ep` within `withinMs` wall ms; an InfraError when it cannot (nothing measured yet). */
  static async open(ep: { host: string; port: number }, clock: Clock, withinMs: number, signal?: AbortSignal): Promise<TcpSession> {
    const target = `${ep.host}:${ep.port} (TCP)`;
    const socket = await withDeadline(
      `connect to the workload at ${target}`,
      withinMs,
      (sig) =>
        new Promise<net.Socket>((resolve, reject) => {
          const s = net.connect({ host: ep.host, port: ep.port });
          const onAbort = (): void => void s.destroy();
          sig.addEventListener('abort', onAbort, { once: true });
          s.once('connect', () => {
            sig.removeEventListener('abort', onAbort);
            resolve(s);
          });
          s.once('error', (e) => reject(new InfraError(`the workload's TCP echo at ${target} refused the session: ${errorMessage(e)}`, { cause: e })));
        }),
      { clock, ...(signal ? { parent: signal } : {}) },
    );
    return new TcpSession(socket, clock, target);
  }

  summary(): TcpSessionSummary {
    return { target: this.target, ...this.tally.counts(), ended: this.ended };
  }

  /** Stop sending until every line sent is echoed, the connection ends or `withinMs` pass; then send again. */
  async caughtUp(withinMs: number): Promise<TcpSessionSummary> {
    this.paused = true;
    const until = this.clock.now() + withinMs;
    try {
      while (!this.ended && this.tally.counts().echoed < this.tally.counts().sent && this.clock.now() < until) {
        await new Promise<void>((resolve) => {
          const t = this.clock.setTimer(Math.max(0, until - this.clock.now()), resolve);
          this.waiters.add(() => {
            t.cancel();
            resolve();
          });
        });
      }
      return this.summary();
    } finally {
      this.paused = false;
    }
  }

  close(): TcpSessionSummary {
    const s = this.summary();
    this.timer?.cancel();
    this.timer = null;
    this.socket.destroy();
    return s;
  }

  private tick(): void {
    if (this.ended) return;
    if (!this.paused && !this.socket.writableNeedDrain) this.socket.write(this.tally.send(this.clock.now()));
    this.timer = this.clock.setTimer(SEND_INTERVAL_MS, () => this.tick());
  }

  private end(how: string): void {
    this.ended ??= { at: this.clock.now(), how };
    this.timer?.cancel();
    this.wake();
  }

  private wake(): void {
    for (const w of [...this.waiters]) w();
    this.waiters.clear();
  }
}

/** Open the workload TCP session `name` of this testcase (closed at its end). */
export async function holdTcpSession(ctx: SoloContext<'WorkloadLocator'>, name: string): Promise<TcpSession> {
  const ep = await ctx.phase(`${name}: find the workload`, sutDeadline(ctx, 30_000), (signal) => ctx.caps.WorkloadLocator.endpoint(signal), { infra: true });
  return ctx.use(
    defineFixture<TcpSession>({
      name,
      setup: (signal) => TcpSession.open({ host: ep.host, port: ep.tcpPort }, ctx.clock, 10_000, signal),
      teardown: (s) => void s?.close(),
    }),
  );
}

/** What is wrong with a session that must have carried everything so far: ended, an echo out of order, a line lost. */
export function sessionProblem(s: TcpSessionSummary): string | null {
  if (s.ended) return `the connection ended (${s.ended.how}) after ${s.echoed} of ${s.sent} lines came back`;
  if (s.wrong > 0) return `${s.wrong} echo(es) were not the next line sent (reordered, repeated or altered)`;
  if (s.echoed < s.sent) return `${s.sent - s.echoed} of ${s.sent} lines never came back`;
  return null;
}

/**
 * Required check: the application's session carried every line in order so far (it waits up to
 * 2 s SUT for the lines in flight), the connection still open (FT-01, FT-03).
 */
export async function checkSessionCarried(ctx: SoloContext<'WorkloadLocator'>, session: TcpSession, through: string, requirements: string[]): Promise<TcpSessionSummary> {
  const s = await session.caughtUp(toHarnessMs(ctx, 2_000));
  ctx.check(`an application's TCP session to the workload carried every line, in order, through ${through}`, { kind: 'assertion', requirements }, () => {
    const p = sessionProblem(s);
    return p === null ? true : `${s.target}: ${p}`;
  });
  return s;
}

/**
 * An application's session cannot outlive the OS that served it: no line sent once the system is
 * Off is ever echoed, then or after power-on (a booted OS has no such connection; on a real lab the
 * client may learn so only minutes later, when TCP's retransmissions reach the new OS, so the
 * connection's end itself is not awaited).
 */
export function checkSessionEndedWithTheOs(ctx: SoloContext<'WorkloadLocator'>, session: TcpSession, offAt: number): void {
  const s = session.summary();
  ctx.check("the application's TCP session ends with the OS that served it: no line sent once the system was Off is ever echoed", { kind: 'assertion', requirements: ['FT-01', 'FT-03'] }, () =>
    s.lastEchoedSentAt !== null && s.lastEchoedSentAt > offAt
      ? `${s.target}: a line sent ${Math.round(ctx.toSutMs(s.lastEchoedSentAt - offAt))} ms SUT after the BMC reported the system Off was echoed (${s.ended ? `the connection ended later: ${s.ended.how}` : 'the connection is still open'})`
      : true,
  );
}
