/**
 * The ScenarioContext handed to a scenario's run(): bound, recorded capabilities; phases with
 * deadlines in SUT time; the fault ledger; events; samples; the heartbeat probe; measurements
 * against budgets; checks. It also keeps what the runner needs to decide the outcome.
 */
import type { BmcEvent, CapabilityName, FtSystemSnapshot } from '../../drivers/capabilities/index.ts';
import type { EventSubscription } from '../../drivers/capabilities/event-source.ts';
import { abortReason, type Clock, systemClock } from '../../lib/clock.ts';
import { DeadlineError, InfraError } from '../../lib/errors.ts';
import type {
  BudgetRecord,
  CheckRecord,
  EventRecord,
  MeasurementRecord,
  PhaseRecord,
  ProbeRecord,
  SampleRecord,
  ScenarioRef,
} from '../../lib/history/records.ts';
import type { Logger } from '../../lib/log.ts';
import { withDeadline } from '../../lib/deadline.ts';
import type { BudgetBook } from '../budgets/load.ts';
import { judge } from '../budgets/verdict.ts';
import type { BoundDevice } from '../devices/device.ts';
import type { HistoryWriter } from '../history/writer.ts';
import { type HeartbeatHandle, startThreadedHeartbeat } from '../probe/threaded.ts';
import { type HeartbeatResult, UdpHeartbeatProbe } from '../probe/udp-heartbeat.ts';
import type {
  CheckOptions,
  EventWaitOptions,
  MeasureOptions,
  PhaseOptions,
  ProbeHandle,
  ProbeOptions,
  ScenarioContext,
  ScenarioDef,
} from '../scenario.ts';
import { ScenarioFailed, ScenarioSkipped } from './control.ts';
import { FaultLedger } from './ledger.ts';
import { recordCapabilities } from './recorded-caps.ts';

export interface ContextDeps {
  def: ScenarioDef;
  device: BoundDevice;
  scenario: ScenarioRef;
  history: HistoryWriter;
  budgets: BudgetBook;
  clock: Clock;
  log: Logger;
  /** Aborted on the scenario's overall deadline or on SIGINT. */
  signal: AbortSignal;
  /** Wall ms at which the scenario's overall deadline passes (clock.now() base). */
  deadlineAt: number;
}

interface ActiveProbe {
  name: string;
  probe: HeartbeatHandle;
  record?: Promise<ProbeRecord>;
}

export class RunnerContext implements ScenarioContext<CapabilityName> {
  readonly scenario: ScenarioRef;
  readonly device: string;
  readonly caps: ScenarioContext<CapabilityName>['caps'];
  readonly clock: Clock;
  readonly signal: AbortSignal;
  readonly log: Logger;
  readonly timeScale: number;
  readonly ledger: FaultLedger;
  /** Phases declared as infrastructure steps (their deadline is an infra-error). */
  readonly infraPhases = new Set<string>();
  /** Names of checks / budget measurements evaluated so far. */
  readonly evaluated = new Set<string>();
  private readonly received: BmcEvent[] = [];
  private readonly waiters = new Set<(e: BmcEvent) => void>();
  private readonly probes: ActiveProbe[] = [];
  private subscription: EventSubscription | null = null;

  constructor(private readonly deps: ContextDeps) {
    this.scenario = deps.scenario;
    this.device = deps.device.name;
    this.clock = deps.clock;
    this.signal = deps.signal;
    this.log = deps.log.child({ scenario: deps.scenario.id, iteration: deps.scenario.iteration, device: deps.device.name });
    this.timeScale = deps.device.timeScale;
    this.caps = recordCapabilities(deps.device.caps, deps.def.needs, {
      history: deps.history,
      clock: deps.clock,
      device: deps.device.name,
      scenario: deps.scenario,
      protocols: deps.device.protocols,
    }) as ScenarioContext<CapabilityName>['caps'];
    this.ledger = new FaultLedger({ history: deps.history, device: deps.device.name, scenario: deps.scenario, clock: deps.clock, log: this.log });
  }

  /** Subscribe to the device's events for the whole scenario (if it has an EventSource). */
  async openEvents(readyWithinMs: number): Promise<void> {
    const source = this.deps.device.caps.EventSource;
    if (!source) return;
    const phase = 'subscribe to BMC events';
    this.infraPhases.add(phase);
    this.subscription = source.subscribe(
      {},
      (e) => this.onEvent(e),
      (err) => this.log.warn(`event stream error: ${err.message}`, { component: 'events' }),
    );
    const sub = this.subscription;
    await withDeadline(phase, readyWithinMs, () => sub.ready, { clock: this.clock, parent: this.signal });
  }

  private onEvent(e: BmcEvent): void {
    this.received.push(e);
    this.deps.history.append<EventRecord>({ type: 'event', scenario: this.scenario, device: this.device, event: e });
    for (const w of [...this.waiters]) w(e);
  }

  /** Stop probes still running and close the event stream; records what they saw. */
  async close(): Promise<void> {
    for (const p of this.probes) if (!p.record) p.record = this.recordProbe(p.name, p.probe.stop());
    await Promise.allSettled(this.probes.map((p) => p.record));
    if (this.subscription) {
      const sub = this.subscription;
      this.subscription = null;
      await Promise.race([sub.close().catch(() => undefined), this.clock.sleep(2000)]);
    }
  }

  private wallMs(sutMs: number): number {
    return sutMs / this.timeScale;
  }

  async phase<T>(name: string, deadlineMs: number, fn: (signal: AbortSignal) => Promise<T>, opts: PhaseOptions = {}): Promise<T> {
    if (opts.infra) this.infraPhases.add(name);
    const h = this.deps.history;
    h.append<PhaseRecord>({ type: 'phase-begin', scenario: this.scenario, phase: name, deadlineMs });
    try {
      const v = await withDeadline(name, this.wallMs(deadlineMs), fn, { clock: this.clock, parent: this.signal });
      h.append<PhaseRecord>({ type: 'phase-end', scenario: this.scenario, phase: name, ok: true, deadlineMs });
      return v;
    } catch (e) {
      const err =
        e instanceof DeadlineError && e.phase === name
          ? new DeadlineError(name, deadlineMs, {
              cause: e,
              ...(this.timeScale !== 1 ? { detail: `SUT ms (${round3(this.wallMs(deadlineMs))} ms wall at time scale ${this.timeScale})` } : {}),
            })
          : e;
      h.append<PhaseRecord>({ type: 'phase-end', scenario: this.scenario, phase: name, ok: false, error: (err as Error).message ?? String(err), deadlineMs });
      throw err;
    }
  }

  fault(name: string, params: Record<string, unknown>, inject: () => Promise<void>, undo: () => Promise<void>): Promise<void> {
    return this.ledger.apply(name, params, inject, undo);
  }

  events(opts: EventWaitOptions = {}): BmcEvent[] {
    const since = opts.since;
    return since === undefined ? [...this.received] : this.received.filter((e) => e.receivedAt >= since);
  }

  async waitForEvent(phase: string, deadlineMs: number, pred: (e: BmcEvent) => boolean, opts: EventWaitOptions = {}): Promise<BmcEvent> {
    if (!this.deps.device.caps.EventSource) throw new InfraError(`waitForEvent("${phase}"): device "${this.device}" has no EventSource`);
    try {
      return await this.phase(
        phase,
        deadlineMs,
        (signal) =>
          new Promise<BmcEvent>((resolve, reject) => {
            const already = this.events(opts).find(pred);
            if (already) return resolve(already);
            const since = opts.since ?? Number.NEGATIVE_INFINITY;
            const waiter = (e: BmcEvent): void => {
              if (e.receivedAt >= since && pred(e)) {
                cleanup();
                resolve(e);
              }
            };
            const onAbort = (): void => {
              cleanup();
              reject(abortReason(signal));
            };
            const cleanup = (): void => {
              this.waiters.delete(waiter);
              signal.removeEventListener('abort', onAbort);
            };
            this.waiters.add(waiter);
            signal.addEventListener('abort', onAbort, { once: true });
          }),
      );
    } catch (e) {
      if (e instanceof DeadlineError && e.phase === phase) {
        const seen = this.events(opts).map((x) => x.messageId);
        throw new DeadlineError(phase, deadlineMs, {
          cause: e,
          detail: seen.length ? `no matching event among ${seen.length} received (${[...new Set(seen)].slice(-5).join(', ')})` : 'no event received',
        });
      }
      throw e;
    }
  }

  async sample(): Promise<FtSystemSnapshot> {
    const state = this.deps.device.caps.SystemState;
    if (!state) throw new InfraError(`sample(): device "${this.device}" has no SystemState capability`);
    const system = await state.snapshot(this.signal);
    this.deps.history.append<SampleRecord>({ type: 'sample', scenario: this.scenario, device: this.device, system });
    return system;
  }

  async waitForState(phase: string, deadlineMs: number, pred: (s: FtSystemSnapshot) => boolean): Promise<FtSystemSnapshot> {
    let last: FtSystemSnapshot | null = null;
    const pollMs = Math.max(10, Math.min(200, 200 / this.timeScale));
    try {
      return await this.phase(phase, deadlineMs, async (signal) => {
        for (;;) {
          last = await this.sample();
          if (pred(last)) return last;
          await this.clock.sleep(pollMs, signal);
        }
      });
    } catch (e) {
      if (e instanceof DeadlineError && e.phase === phase && last) {
        throw new DeadlineError(phase, deadlineMs, { cause: e, detail: `last state: ${describeSnapshot(last)}` });
      }
      throw e;
    }
  }

  async startProbe(name: string, opts: ProbeOptions = {}): Promise<ProbeHandle> {
    const locator = this.deps.device.caps.WorkloadLocator;
    if (!locator) throw new InfraError(`startProbe("${name}"): device "${this.device}" has no WorkloadLocator`);
    const ep = await locator.endpoint(this.signal);
    const probeOpts = {
      host: ep.host,
      port: ep.udpPort,
      maxDurationMs: Math.max(1, this.deps.deadlineAt - this.clock.now()),
      ...(opts.intervalMs !== undefined ? { intervalMs: opts.intervalMs } : {}),
      ...(opts.gapThresholdMs !== undefined ? { gapThresholdMs: opts.gapThresholdMs } : {}),
    };
    let probe: HeartbeatHandle;
    if (this.clock === systemClock) {
      // On its own thread, so the harness's own work cannot delay sends or answer timestamps.
      try {
        probe = await startThreadedHeartbeat(probeOpts);
      } catch (e) {
        this.log.warn(`heartbeat probe: no worker thread (${(e as Error).message}); probing on the main thread`, { component: 'probe' });
        probe = await UdpHeartbeatProbe.start({ ...probeOpts, clock: this.clock });
      }
    } else {
      probe = await UdpHeartbeatProbe.start({ ...probeOpts, clock: this.clock });
    }
    const entry: ActiveProbe = { name, probe };
    this.probes.push(entry);
    return {
      stop: () => {
        if (!entry.record) entry.record = this.recordProbe(name, probe.stop());
        return entry.record;
      },
    };
  }

  private async recordProbe(name: string, result: Promise<HeartbeatResult>): Promise<ProbeRecord> {
    const r = await result;
    const h = this.deps.history;
    return h.append<ProbeRecord>({
      type: 'probe',
      scenario: this.scenario,
      probe: name,
      target: r.target,
      intervalMs: r.intervalMs,
      resolutionMs: r.resolutionMs,
      sent: r.sent,
      received: r.received,
      gaps: r.gaps.map((g) => ({ ...g, start: h.sinceStart(g.start), end: h.sinceStart(g.end) })),
      ...(r.rttMs === undefined ? {} : { rttMs: r.rttMs }),
      repliedFrom: r.repliedFrom,
      startedAt: h.sinceStart(r.startedAt),
      stoppedAt: h.sinceStart(r.stoppedAt),
    });
  }

  budget(id: string, params?: Record<string, number>): BudgetRecord {
    return this.deps.budgets.resolve(id, params);
  }

  measure(name: string, value: number, opts: MeasureOptions): void {
    const budget = opts.budget !== undefined ? this.budget(opts.budget, opts.budgetParams) : undefined;
    const j = budget ? judge(value, budget) : undefined;
    const requirements = opts.requirements ?? budget?.requirement ?? [];
    this.deps.history.append<MeasurementRecord>({
      type: 'measurement',
      scenario: this.scenario,
      name,
      value,
      unit: opts.unit,
      source: opts.source,
      ...(opts.resolution !== undefined ? { resolution: opts.resolution } : {}),
      ...(budget ? { budget } : {}),
      verdict: j?.verdict ?? 'unset',
      ...(j ? { margin: j.margin } : {}),
      requirements,
    });
    if (budget && j) {
      this.evaluated.add(name);
      this.deps.history.append<CheckRecord>({
        type: 'check',
        scenario: this.scenario,
        name,
        kind: 'budget',
        required: true,
        evaluated: true,
        ok: j.verdict !== 'fail',
        detail: `${name} = ${value} ${opts.unit} vs limit ${round3(budget.limit)} ${budget.unit} (${j.verdict}, margin ${Math.round(j.margin * 1000) / 10} %)`,
        requirements,
      });
    }
  }

  toSutMs(harnessMs: number): number {
    return harnessMs * this.timeScale;
  }

  parseBmcTime(iso: string): number {
    return parseBmcTimestamp(iso);
  }

  check(name: string, opts: CheckOptions, fn: () => true | string): boolean {
    let ok = false;
    let evaluated = true;
    let detail: string;
    try {
      const r = fn();
      ok = r === true;
      detail = r === true ? 'holds' : r;
    } catch (e) {
      evaluated = false;
      detail = `could not be evaluated: ${(e as Error).message ?? String(e)}`;
    }
    if (evaluated) this.evaluated.add(name);
    this.deps.history.append<CheckRecord>({
      type: 'check',
      scenario: this.scenario,
      name,
      kind: opts.kind,
      required: opts.required ?? true,
      evaluated,
      ok,
      detail,
      requirements: opts.requirements ?? [],
    });
    return ok;
  }

  fail(message: string): never {
    throw new ScenarioFailed(message);
  }

  skip(reason: string): never {
    throw new ScenarioSkipped(reason);
  }
}

/**
 * ISO 8601 → epoch ms, keeping sub-millisecond digits (Date.parse drops them: BMCs that stamp
 * microseconds would otherwise give event spans 1 ms resolution).
 */
export function parseBmcTimestamp(iso: string): number {
  const m = /^(.*T\d{2}:\d{2}:\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:?\d{2})?$/.exec(iso.trim());
  const base = m ? Date.parse(`${m[1]}${m[3] ?? 'Z'}`) : Number.NaN;
  if (!m || Number.isNaN(base)) throw new InfraError(`the BMC sent a timestamp that is not ISO 8601: ${JSON.stringify(iso)}`);
  const frac = m[2] ? Number(`0.${m[2]}`) * 1000 : 0;
  return base + frac;
}

export function describeSnapshot(s: FtSystemSnapshot): string {
  const mods = s.modules.map((m) => `${m.index}: ${m.opState}`).join(', ');
  return `power ${s.powerState}, modules [${mods}], in lockstep [${s.activeModules.join(', ')}]`;
}

function round3(n: number): number {
  return Math.round(n * 1000) / 1000;
}
