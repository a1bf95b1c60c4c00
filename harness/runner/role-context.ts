/**
 * One bound device as a scenario sees it: recorded capabilities, its events (one subscription
 * for the whole testcase, a fixture), samples of its state capabilities, waits on either, the
 * workload probe, and faults through the testcase's ledger with this device named per entry.
 */
import type { BmcClock, BmcEvent, CapabilityName, EventSubscription } from '../../drivers/capabilities/index.ts';
import { abortReason, type Clock } from '../../lib/clock.ts';
import { DeadlineError, errorMessage, InfraError } from '../../lib/errors.ts';
import type { EventRecord, SampleRecord, ScenarioRef } from '../../lib/history/records.ts';
import type { Logger } from '../../lib/log.ts';
import { withDeadline } from '../../lib/deadline.ts';
import type { SampledDevice } from '../cluster/sampler.ts';
import type { BoundDevice } from '../devices/device.ts';
import type { HistoryWriter } from '../history/writer.ts';
import { type SampledName, type SampledState, sampledAmong, samplerOf } from '../samplers.ts';
import type { EventWaitOptions, PhaseOptions, ProbeHandle, ProbeOptions, RecoveryTarget, RoleContext, StateReading } from '../scenario.ts';
import { ScenarioFailed } from './control.ts';
import type { FixtureStack } from './fixtures.ts';
import type { FaultLedger } from './ledger.ts';
import { TestcaseConsole } from './console-fixture.ts';
import { startProbeFixture } from './probe-fixture.ts';
import { recordCapabilities } from './recorded-caps.ts';

/** What a role's device shares with its testcase. */
export interface RoleDeps {
  roleName: string;
  device: BoundDevice;
  needs: readonly CapabilityName[];
  /** Capabilities bound too when the device offers them (RoleSpec.uses). */
  uses?: readonly CapabilityName[];
  scenario: ScenarioRef;
  history: HistoryWriter;
  clock: Clock;
  log: Logger;
  signal: AbortSignal;
  /** Wall ms at which the testcase's overall deadline passes (clock.now() base). */
  deadlineAt: number;
  ledger: FaultLedger;
  fixtures: FixtureStack;
  /** Phases declared as infrastructure steps (their deadline is an infra-error). */
  infraPhases: Set<string>;
  /** True when this is the testcase's only device (messages then need not name it). */
  soleDevice: boolean;
  phase<T>(name: string, deadlineMs: number, fn: (signal: AbortSignal) => Promise<T>, opts?: PhaseOptions): Promise<T>;
}

export class RunnerRoleContext implements RoleContext<CapabilityName> {
  readonly roleName: string;
  readonly device: string;
  readonly kind: string;
  readonly caps: RoleContext<CapabilityName>['caps'];
  readonly timeScale: number;
  private readonly received: BmcEvent[] = [];
  private readonly waiters = new Set<(e: BmcEvent) => void>();
  private readonly listeners = new Set<(e: BmcEvent) => void>();
  private offset: { offsetMs: number; uncertaintyMs: number } | null = null;
  /** The device's console for this testcase, when the inventory names one. */
  readonly console: TestcaseConsole | null;

  constructor(private readonly deps: RoleDeps) {
    this.roleName = deps.roleName;
    this.device = deps.device.name;
    this.kind = deps.device.kind;
    this.timeScale = deps.device.timeScale;
    this.console = deps.device.console ? new TestcaseConsole(deps.device.name, deps.device.console) : null;
    const caps = this.console ? { ...deps.device.caps, ConsoleCapture: this.console } : deps.device.caps;
    this.caps = recordCapabilities(caps, [...deps.needs, ...(deps.uses ?? [])], {
      history: deps.history,
      clock: deps.clock,
      device: deps.device.name,
      scenario: deps.scenario,
      protocols: deps.device.protocols,
    }) as RoleContext<CapabilityName>['caps'];
  }

  /** Every capability of the device (its captured console too), calls recorded (ObserveSpec.recover, cluster members). */
  recoveryTarget(): RecoveryTarget {
    const { device, history, clock, scenario } = this.deps;
    const all = this.console ? { ...device.caps, ConsoleCapture: this.console } : device.caps;
    const caps = recordCapabilities(all, Object.keys(all) as CapabilityName[], { history, clock, device: device.name, scenario, protocols: device.protocols });
    return { device: device.name, caps, clock, timeScale: this.timeScale };
  }

  /** The device for the cluster sampler: its capabilities unrecorded (readings are samples, not calls) and its events. */
  samplingTarget(): SampledDevice {
    const { device } = this.deps;
    return { device: device.name, kind: device.kind, caps: device.caps, onEachEvent: (fn) => this.onEachEvent(fn) };
  }

  /** Subscribe to the device's events for the whole testcase (if it has an EventSource): a fixture. */
  async openEvents(readyWithinMs: number): Promise<void> {
    const source = this.deps.device.caps.EventSource;
    if (!source) return;
    const phase = this.deps.soleDevice ? 'subscribe to BMC events' : `subscribe to events of ${this.device}`;
    this.deps.infraPhases.add(phase);
    let sub: EventSubscription | undefined;
    await this.deps.fixtures.pushLate(
      `event stream of ${this.device}`,
      () =>
        withDeadline(
          phase,
          readyWithinMs,
          async () => {
            sub = source.subscribe({}, (e) => this.onEvent(e), (err) => this.deps.log.warn(`event stream error: ${err.message}`, { component: 'events', device: this.device }));
            await sub.ready;
          },
          { clock: this.deps.clock, parent: this.deps.signal },
        ),
      async () => {
        if (sub) await Promise.race([sub.close().catch(() => undefined), this.deps.clock.sleep(2000)]);
      },
    );
  }

  /** Capture the device's console for the whole testcase (if the inventory names one): a late fixture. */
  async openConsole(readyWithinMs: number, logDir: string | undefined): Promise<void> {
    const required = this.deps.needs.includes('ConsoleCapture');
    await this.console?.open({ ...this.deps, required, ...(logDir ? { logDir } : {}) }, readyWithinMs);
  }

  /** The device's management endpoint as reports name it (its Redfish URL, else the first endpoint). */
  managementEndpoint(): string {
    const eps = this.deps.device.endpoints;
    return eps.redfish ?? Object.values(eps)[0] ?? 'no endpoint';
  }

  /**
   * Does the device's management plane still answer? A cheap call (its BMC clock, else a state
   * snapshot) within `withinMs` wall ms, on its own deadline (the scenario's signal may already be
   * aborted). Null when it answered, else what went wrong; also null when the device has no such call.
   */
  async managementProbe(withinMs: number): Promise<string | null> {
    const { BmcClock: bmc, FtState: state } = this.deps.device.caps;
    const ask = bmc ? (s: AbortSignal): Promise<unknown> => bmc.wallTime(s) : state ? (s: AbortSignal): Promise<unknown> => state.snapshot(s) : null;
    if (!ask) return null;
    try {
      await withDeadline(`ask whether the BMC of ${this.device} answers`, withinMs, ask, { clock: this.deps.clock });
      return null;
    } catch (e) {
      return errorMessage(e);
    }
  }

  clockOffset(): { offsetMs: number; uncertaintyMs: number } | null {
    return this.offset;
  }

  /** What the runner estimated before run(). */
  setClockOffset(offset: { offsetMs: number; uncertaintyMs: number }): void {
    this.offset = offset;
  }

  /** The device's BMC clock, for the clock offset estimate (not a scenario capability). */
  bmcClock(): BmcClock | undefined {
    return this.deps.device.caps.BmcClock;
  }

  private onEvent(e: BmcEvent): void {
    this.received.push(e);
    this.deps.history.append<EventRecord>({ type: 'event', scenario: this.deps.scenario, device: this.device, capability: 'EventSource', event: e });
    for (const w of [...this.waiters]) w(e);
    for (const l of this.listeners) l(e);
  }

  /** Call `fn` on every event this device sends from now on; returns the unsubscribe. */
  onEachEvent(fn: (e: BmcEvent) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  fault(name: string, params: Record<string, unknown>, inject: () => Promise<void>, undo: () => Promise<void>): Promise<void> {
    return this.deps.ledger.apply(this.device, name, params, inject, undo);
  }

  events(opts: EventWaitOptions = {}): BmcEvent[] {
    const since = opts.since;
    return since === undefined ? [...this.received] : this.received.filter((e) => e.receivedAt >= since);
  }

  async waitForEvent(phase: string, deadlineMs: number, pred: (e: BmcEvent) => boolean, opts: EventWaitOptions = {}): Promise<BmcEvent> {
    if (!this.deps.device.caps.EventSource) throw new InfraError(`waitForEvent("${phase}"): device "${this.device}" has no EventSource`);
    try {
      return await this.deps.phase(phase, deadlineMs, (signal) => this.nextEvent(pred, opts, signal));
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

  private nextEvent(pred: (e: BmcEvent) => boolean, opts: EventWaitOptions, signal: AbortSignal): Promise<BmcEvent> {
    return new Promise<BmcEvent>((resolve, reject) => {
      const failOn = opts.failOn;
      const stop = (e: BmcEvent): ScenarioFailed | null => (failOn?.pred(e) ? new ScenarioFailed(`${failOn.what}: ${e.messageId}${e.messageArgs.length ? `(${e.messageArgs.join(', ')})` : ''} at ${e.eventTimestamp}`) : null);
      const already = this.events(opts).find((e) => pred(e) || stop(e));
      if (already) return pred(already) ? resolve(already) : reject(stop(already));
      const since = opts.since ?? Number.NEGATIVE_INFINITY;
      const waiter = (e: BmcEvent): void => {
        if (e.receivedAt < since) return;
        const failed = pred(e) ? null : stop(e);
        if (pred(e) || failed) {
          cleanup();
          if (failed) reject(failed);
          else resolve(e);
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
    });
  }

  async sample<C extends SampledName>(capability: C): Promise<SampledState[C]> {
    const cap = this.deps.device.caps[capability];
    if (!cap) throw new InfraError(`sample("${capability}"): device "${this.device}" has no ${capability} capability`);
    const state = await samplerOf(capability).read(cap, this.deps.signal);
    this.deps.history.append<SampleRecord>({ type: 'sample', scenario: this.deps.scenario, device: this.device, capability, state });
    return state;
  }

  /**
   * One reading of every state capability the device offers, each on its own deadline of
   * `withinMs` wall ms (not tied to the scenario's signal, which may be aborted), recorded as
   * samples; what does not answer in time is left out (a management outage is judged elsewhere).
   */
  async readStates(withinMs: number): Promise<StateReading> {
    const reading: Record<string, unknown> = {};
    await Promise.all(
      sampledAmong(Object.keys(this.deps.device.caps)).map(async (c) => {
        const state = await this.sampleOnce(c, withinMs);
        if (state !== undefined) reading[c] = state;
      }),
    );
    return reading as StateReading;
  }

  private async sampleOnce(capability: SampledName, withinMs: number): Promise<unknown> {
    const cap = this.deps.device.caps[capability];
    if (!cap) return undefined;
    try {
      const state = await withDeadline(`sample ${capability} of ${this.device}`, withinMs, (s) => samplerOf(capability).read(cap, s), { clock: this.deps.clock });
      this.deps.history.append<SampleRecord>({ type: 'sample', scenario: this.deps.scenario, device: this.device, capability, state });
      return state;
    } catch {
      return undefined;
    }
  }

  async waitForState<C extends SampledName>(capability: C, phase: string, deadlineMs: number, pred: (s: SampledState[C]) => boolean): Promise<SampledState[C]> {
    let last: SampledState[C] | null = null;
    const pollMs = Math.max(10, Math.min(200, 200 / this.timeScale));
    try {
      return await this.deps.phase(phase, deadlineMs, async (signal) => {
        for (;;) {
          last = await this.sample(capability);
          if (pred(last)) return last;
          await this.deps.clock.sleep(pollMs, signal);
        }
      });
    } catch (e) {
      if (e instanceof DeadlineError && e.phase === phase && last) {
        throw new DeadlineError(phase, deadlineMs, { cause: e, detail: `last state: ${samplerOf(capability).describe(last)}` });
      }
      throw e;
    }
  }

  async startProbe(name: string, opts: ProbeOptions = {}): Promise<ProbeHandle> {
    const locator = this.deps.device.caps.WorkloadLocator;
    if (!locator) throw new InfraError(`startProbe("${name}"): device "${this.device}" has no WorkloadLocator`);
    const ep = await locator.endpoint(this.deps.signal);
    // The scenario's own interval wins over the inventory's setting for the device.
    return startProbeFixture({ ...this.deps, name, endpoint: ep, opts: { ...this.deps.device.probe, ...opts } });
  }
}
