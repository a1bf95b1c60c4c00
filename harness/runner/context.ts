/**
 * The ScenarioContext handed to a scenario's run(): its roles (one RunnerRoleContext per bound
 * device), phases with deadlines in SUT time, the fault ledger, the fixture stack, measurements
 * against budgets, checks. It also keeps what the runner needs to decide the outcome.
 */
import type { Clock } from '../../lib/clock.ts';
import { DeadlineError, errorMessage, InfraError } from '../../lib/errors.ts';
import type { BudgetRecord, CheckRecord, Comparison, MeasurementRecord, PhaseRecord, ScenarioRef } from '../../lib/history/records.ts';
import type { Logger } from '../../lib/log.ts';
import { withDeadline } from '../../lib/deadline.ts';
import type { BudgetBook } from '../budgets/load.ts';
import { judge } from '../budgets/verdict.ts';
import type { HistoryWriter } from '../history/writer.ts';
import type { CheckOptions, ClusterContext, FixtureDef, MeasureOptions, PhaseOptions, RoleContext, ScenarioContext, ScenarioDef } from '../scenario.ts';
import { ScenarioFailed, ScenarioSkipped } from './control.ts';
import { FixtureStack } from './fixtures.ts';
import { FaultLedger } from './ledger.ts';
import { bindingDevices, type Binding } from './plan.ts';
import type { BoundDevice } from '../devices/device.ts';
import { RunnerClusterContext } from './cluster-context.ts';
import { RunnerRoleContext } from './role-context.ts';

export interface ContextDeps {
  def: ScenarioDef;
  binding: Binding;
  scenario: ScenarioRef;
  history: HistoryWriter;
  budgets: BudgetBook;
  clock: Clock;
  log: Logger;
  /** Aborted on the scenario's overall deadline or on SIGINT. */
  signal: AbortSignal;
  /** Wall ms at which the scenario's overall deadline passes (clock.now() base). */
  deadlineAt: number;
  timeScale: number;
  /** The fault ledger's fencing check (RunnerOptions.fence). */
  fence?: (device: string, what: string) => Promise<void>;
  /** Wall ms each fixture teardown may take. */
  teardownMs: number;
}

export class RunnerContext implements ScenarioContext {
  readonly scenario: ScenarioRef;
  readonly clock: Clock;
  readonly signal: AbortSignal;
  readonly log: Logger;
  readonly timeScale: number;
  readonly ledger: FaultLedger;
  readonly fixtures: FixtureStack;
  /** Phases declared as infrastructure steps (their deadline is an infra-error). */
  readonly infraPhases = new Set<string>();
  /** Names of checks / budget measurements evaluated so far. */
  readonly evaluated = new Set<string>();
  /** Budget parameters the scenario resolved budgets with (e.g. memoryGiB): the runner sizes undo deadlines with them. */
  readonly budgetParams: Record<string, number> = {};
  /** Role → one context per bound device. */
  readonly roles: ReadonlyMap<string, RunnerRoleContext[]>;
  /** Every device the testcase is bound to (for failure data). */
  readonly devices: readonly BoundDevice[];
  private clusterContext: RunnerClusterContext | null = null;

  constructor(private readonly deps: ContextDeps) {
    this.scenario = deps.scenario;
    this.devices = bindingDevices(deps.binding);
    this.clock = deps.clock;
    this.signal = deps.signal;
    this.timeScale = deps.timeScale;
    this.log = deps.log.child({ scenario: deps.scenario.id, iteration: deps.scenario.iteration, binding: deps.binding.label });
    this.ledger = new FaultLedger({ history: deps.history, scenario: deps.scenario, clock: deps.clock, log: this.log, ...(deps.fence ? { fence: deps.fence } : {}) });
    this.fixtures = new FixtureStack({ clock: deps.clock, log: this.log, teardownMs: deps.teardownMs });
    const sole = bindingDevices(deps.binding).length === 1;
    const roles = new Map<string, RunnerRoleContext[]>();
    for (const [roleName, devices] of Object.entries(deps.binding.roles)) {
      const spec = deps.def.roles[roleName];
      const needs = spec?.needs ?? [];
      const uses = spec?.uses ?? [];
      roles.set(
        roleName,
        devices.map(
          (device) =>
            new RunnerRoleContext({
              ...deps,
              roleName,
              device,
              needs,
              uses,
              log: this.log,
              ledger: this.ledger,
              fixtures: this.fixtures,
              infraPhases: this.infraPhases,
              soleDevice: sole,
              phase: (name, ms, fn, opts) => this.phase(name, ms, fn, opts),
            }),
        ),
      );
    }
    this.roles = roles;
  }

  /** Every role context, one per bound device, in binding order. */
  allRoles(): RunnerRoleContext[] {
    return [...this.roles.values()].flat();
  }

  role(name: string): RoleContext {
    const [first] = this.roleAll(name);
    if (!first) throw new ScenarioFailed(`role "${name}" has no device in this binding`);
    return first;
  }

  roleAll(name: string): RoleContext[] {
    const found = this.roles.get(name);
    if (!found) throw new ScenarioFailed(`scenario "${this.scenario.id}" declares no role "${name}" (roles: ${[...this.roles.keys()].join(', ')})`);
    return found;
  }

  cluster(): ClusterContext {
    const bound = this.deps.binding.cluster;
    if (!bound) throw new ScenarioFailed(`scenario "${this.scenario.id}" has no role of kind cluster: ctx.cluster() needs one`);
    this.clusterContext ??= new RunnerClusterContext({
      config: bound.config,
      members: this.roles.get(bound.role) ?? [],
      history: this.deps.history,
      clock: this.clock,
      log: this.log,
      scenario: this.scenario,
      fixtures: this.fixtures,
    });
    return this.clusterContext;
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
      h.append<PhaseRecord>({ type: 'phase-end', scenario: this.scenario, phase: name, ok: false, error: errorMessage(err), deadlineMs });
      throw err;
    }
  }

  use<T>(fixture: FixtureDef<T>): Promise<T> {
    return this.fixtures.use(fixture, this.signal);
  }

  peek<T>(fixture: FixtureDef<T>): T | undefined {
    return this.fixtures.peek(fixture);
  }

  onFailure(name: string, fn: (signal: AbortSignal) => Promise<void>): void {
    this.fixtures.onFailure(name, fn);
  }

  budget(id: string, params?: Record<string, number>): BudgetRecord {
    Object.assign(this.budgetParams, params);
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
    if (!budget || !j) return;
    this.evaluated.add(name);
    this.appendCheck(name, { kind: 'budget', requirements }, true, j.verdict !== 'fail',
      `${name} = ${value} ${opts.unit} vs limit ${round3(budget.limit)} ${budget.unit} (${j.verdict}, margin ${Math.round(j.margin * 1000) / 10} %)`);
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
      detail = `could not be evaluated: ${errorMessage(e)}`;
    }
    if (evaluated) this.evaluated.add(name);
    this.appendCheck(name, opts, evaluated, ok, detail);
    return ok;
  }

  private appendCheck(
    name: string,
    opts: { kind: CheckRecord['kind']; required?: boolean; requirements?: string[]; comparison?: Comparison },
    evaluated: boolean,
    ok: boolean,
    detail: string,
  ): void {
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
      ...(opts.comparison ? { comparison: opts.comparison } : {}),
    });
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

function round3(n: number): number {
  return Math.round(n * 1000) / 1000;
}
