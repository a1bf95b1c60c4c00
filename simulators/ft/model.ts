/**
 * The ft-server model: a state machine per module and per subsystem (4: CPU and IO of each
 * module), driven by an injected Clock and by requests (fault injection, resets, pull/insert).
 * Everything else (Redfish JSON, IPMI SEL and sensors, the workload) is a projection of it and
 * reads it through the getters and the event stream. Times in events and truth are SUT epoch ms.
 */
import type { Clock, Timer } from '../../lib/clock.ts';
import { FtlabError } from '../../lib/errors.ts';
import type { DefectName } from './defects.ts';
import { ErrorCounter, decide } from './error-counter.ts';
import { IoTeam, type MemberState } from './io-team.ts';
import { memoryMiB, type FtProfile, type PcieDeviceSpec } from './profile.ts';
import { brownoutDone, brownoutPass, blackoutMs, type ResyncParams } from './resync-plan.ts';
import { Truth, type IoFailoverTruth, type ResyncTruth, type StallTruth } from './truth.ts';
import {
  MODULES,
  SUBSYSTEMS,
  type ErrorKind,
  type FaultPolicy,
  type FtState,
  type IoKind,
  type ModelEvent,
  type ModuleIndex,
  type ModuleOpState,
  type ModuleResetType,
  type PowerState,
  type ResetType,
  type SubsystemKind,
  type SubsystemState,
  type SyncPhase,
  type WorkloadMode,
} from './types.ts';

/** A request the model refuses in its current state; `reason` says why (mapped to HTTP 409/400). */
export class ModelRejection extends FtlabError {
  constructor(
    message: string,
    readonly code: 'Conflict' | 'NotFound' = 'Conflict',
  ) {
    super(message);
  }
}

/** Distributes a model event; `Omit` on a union needs to distribute too. */
type EventBody = ModelEvent extends infer E ? (E extends ModelEvent ? Omit<E, 'at'> : never) : never;

interface SubsystemRt {
  kind: SubsystemKind;
  state: SubsystemState;
  counter: ErrorCounter;
  /** Diagnostics timer of an IO subsystem (the CPU uses the resync). */
  timer: Timer | null;
  /** Errors injected, waiting for the detection latency. */
  detections: Set<Timer>;
}

interface ResyncRt {
  id: number;
  phase: Exclude<SyncPhase, 'None'>;
  timer: Timer | null;
  truth: ResyncTruth;
  pass: number;
  passStart: number;
  toCopy: number;
  blackoutStart: number;
  /** SUT epoch ms the blackout is planned to end at. */
  blackoutDue: number;
}

interface ModuleRt {
  index: ModuleIndex;
  present: boolean;
  powered: boolean;
  cpu: SubsystemRt;
  io: SubsystemRt;
  keptOut: boolean;
  keptOutAt: number | null;
  /** A permanent fault: only a replacement (pull + insert) brings the module back. */
  permanentFault: boolean;
  ledOn: boolean;
  faultyComponent: string | null;
  lastIsolationReason: string | null;
  policy: FaultPolicy;
  resync: ResyncRt | null;
}

interface DeviceRt {
  spec: PcieDeviceSpec;
  removed: boolean;
  linkUp: boolean;
}

export interface FtModelOptions {
  clock: Clock;
  profile: FtProfile;
  defects?: readonly DefectName[];
  /** Advertised time scale (for the truth document only; the clock does the scaling). */
  timeScale?: number;
  truthLimit?: number;
}

export interface ModuleView {
  index: ModuleIndex;
  present: boolean;
  powered: boolean;
  opState: ModuleOpState;
  subsystems: Record<SubsystemKind, SubsystemState>;
  keptOut: boolean;
  keptOutAt: number | null;
  permanentFault: boolean;
  ledOn: boolean;
  faultyComponent: string | null;
  lastIsolationReason: string | null;
  policy: FaultPolicy;
  syncPhase: SyncPhase;
  counters: Record<SubsystemKind, { count: number; windowSeconds: number; threshold: number; lastErrorAt: number | null }>;
  resyncId: number | null;
}

export interface DeviceView {
  id: string;
  module: ModuleIndex;
  kind: PcieDeviceSpec['kind'];
  name: string;
  surpriseRemovalSupported: boolean;
  present: boolean;
  removed: boolean;
  linkUp: boolean;
  /** Usable by the OS now. */
  usable: boolean;
  /** Active/standby role when the device is an IO team member. */
  teamState: MemberState | null;
}

export const ISOLATION_OUTAGE_MS = 2000;
/** Workload freeze of the pcie-removal-stall defect (SUT ms). */
export const REMOVAL_STALL_MS = 3000;
/** A failover that never ends (storage-no-failover): one SUT day, well inside any timer's range. */
const NEVER_MS = 86_400_000;
/** event-clock-skew: the rate of the clock the BMC stamps events with. */
export const SKEWED_EVENT_CLOCK_RATE = 0.9;
/** blackout-underreported: how long (SUT ms) the workload stays stalled after the BMC reports the blackout over. */
export const UNDERREPORTED_STALL_MS = 300;
/** power-blip-during-resync: how long (SUT ms) PowerState reads Off during the second brownout pass. */
const POWER_BLIP_MS = 5000;
/** kept-out-lapses: SUT ms after a keep-out at which the module re-integrates by itself. */
export const KEEP_OUT_LAPSE_MS = 5000;

export class FtModel {
  readonly clock: Clock;
  readonly profile: FtProfile;
  readonly defects: ReadonlySet<DefectName>;
  readonly truth: Truth;
  readonly timeScale: number;
  private readonly modules: [ModuleRt, ModuleRt];
  private readonly devices = new Map<string, DeviceRt>();
  readonly nicTeam: IoTeam;
  readonly storageSet: IoTeam;
  private power: PowerState = 'On';
  private powerTimer: Timer | null = null;
  private stall: { truth: StallTruth; timer: Timer; due: number } | null = null;
  private resyncSeq = 0;
  private readonly listeners = new Set<(e: ModelEvent) => void>();
  private readonly serverStateListeners = new Set<(e: ModelEvent) => void>();
  private readonly ioTruth = new Map<string, IoFailoverTruth>();
  /** SUT epoch = wall time at creation + monotonic time since (one clock for everything). */
  private readonly epochBase: number;
  private frozenAt: number | null = null;
  /** The `at` of the last event emitted: a late timer's transition is stamped no earlier. */
  private lastEmittedAt = -Infinity;
  /** failover-new-address / resync-new-address: the workload answers from a second address. */
  private addressMoved = false;
  /** SUT epoch ms at creation (where a skewed event clock starts drifting). */
  private readonly createdAt: number;
  /** power-blip-during-resync: PowerState reads Off until this SUT epoch ms. */
  private powerBlipUntil = 0;

  constructor(opts: FtModelOptions) {
    this.clock = opts.clock;
    this.epochBase = opts.clock.wallNow() - opts.clock.now();
    this.createdAt = this.epochBase + opts.clock.now();
    this.profile = opts.profile;
    this.defects = new Set(opts.defects ?? []);
    this.truth = new Truth(opts.truthLimit ?? 50);
    this.timeScale = opts.timeScale ?? 1;
    this.modules = [this.newModule(0), this.newModule(1)];
    for (const spec of this.profile.io.pcieDevices) this.devices.set(spec.id, { spec, removed: false, linkUp: true });
    this.nicTeam = this.newTeam('Nic', 'bond0', ['M0-NIC0', 'M1-NIC0']);
    this.storageSet = this.newTeam('Storage', 'mirror0', ['M0-HBA0', 'M1-HBA0']);
  }

  // ---------------------------------------------------------------- construction helpers

  private newModule(index: ModuleIndex): ModuleRt {
    const f = this.profile.faults;
    const sub = (kind: SubsystemKind): SubsystemRt => ({
      kind,
      state: 'Online',
      counter: new ErrorCounter(f.errorWindowSeconds, f.errorThreshold, !this.defects.has('window-never-forgets')),
      timer: null,
      detections: new Set(),
    });
    return {
      index,
      present: true,
      powered: true,
      cpu: sub('Cpu'),
      io: sub('Io'),
      keptOut: false,
      keptOutAt: null,
      permanentFault: false,
      ledOn: false,
      faultyComponent: null,
      lastIsolationReason: null,
      policy: f.faultPolicy,
      resync: null,
    };
  }

  private newTeam(kind: IoKind, name: string, members: string[]): IoTeam {
    const base = kind === 'Nic' ? () => this.profile.io.nicFailoverMs : () => this.profile.io.storageFailoverMs;
    return new IoTeam(kind, name, members, (ms, fn) => this.scheduleEnd(ms, fn), {
      usable: (iface) => this.deviceUsable(iface),
      present: (iface) => this.devicePresent(iface),
      failoverMs: () => (kind === 'Storage' && this.defects.has('storage-no-failover') ? NEVER_MS : base() * (this.defects.has('slow-io-failover') ? 10 : 1)),
      now: () => this.now(),
      onFailoverStarted: (from, to) => {
        this.ioTruth.set(name, this.truth.ioFailover({ Kind: kind, Interface: from, To: to, Start: this.now(), End: null }));
        this.emit({ type: 'IoFailoverStarted', kind, team: name, from, to });
      },
      onExhausted: (from) => {
        if (!this.ioTruth.get(name) || this.ioTruth.get(name)?.End !== null) {
          this.ioTruth.set(name, this.truth.ioFailover({ Kind: kind, Interface: from, To: null, Start: this.now(), End: null }));
        }
        this.emit({ type: 'IoPathsExhausted', kind, team: name });
      },
      onFailoverCompleted: (from, to) => {
        const t = this.ioTruth.get(name);
        if (t && t.End === null) {
          t.End = this.now();
          t.To = to;
        }
        if (kind === 'Nic' && this.defects.has('failover-new-address')) this.addressMoved = true;
        this.emit({ type: 'IoFailoverCompleted', kind, team: name, from, to });
      },
    });
  }

  // ---------------------------------------------------------------- events

  /** Subscribe to every model event (the BMC's reports of it); returns the unsubscribe function. */
  on(listener: (e: ModelEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Subscribe what the server itself does (its workload) to every model event. These listeners run
   * before the `on` ones: the workload stalls and resumes at the instant the ground truth records,
   * not after the BMC has published its events, logs and tasks about it.
   */
  onServerState(listener: (e: ModelEvent) => void): () => void {
    this.serverStateListeners.add(listener);
    return () => this.serverStateListeners.delete(listener);
  }

  private emit(body: EventBody): void {
    const e = { ...body, at: this.now() } as ModelEvent;
    this.lastEmittedAt = e.at;
    for (const l of [...this.serverStateListeners, ...this.listeners]) l(e);
  }

  /** SUT epoch ms (inside a transition: the instant it happens at). */
  now(): number {
    return this.frozenAt ?? this.clockNow();
  }

  /** SUT epoch ms by the clock, whatever transition is running. */
  private clockNow(): number {
    return this.epochBase + this.clock.now();
  }

  /**
   * Run one transition at one instant: every time read inside (truth, events) is the same, so
   * an event's timestamp equals the truth's time for that transition. The end of an outage happens
   * at its due instant `due` (never before the last event; the echo thread resumes then too): a
   * timer the host's load delays does not lengthen the outage, which the server's own figures
   * (pause times) would then contradict.
   */
  private atOnce<T>(fn: () => T, due?: number): T {
    if (this.frozenAt !== null) return fn();
    const actual = this.clockNow();
    this.frozenAt = Math.max(this.lastEmittedAt, Math.min(actual, due ?? actual));
    try {
      return fn();
    } finally {
      this.frozenAt = null;
    }
  }

  /**
   * Run `fn` at the actual instant inside a transition dated earlier (the end of a copy pass at its
   * modelled instant): what `fn` starts is an outage, and an outage begins when the workload stops
   * answering, not when a late timer says it should have (dated earlier, the server would claim a
   * longer pause than its workload had).
   */
  private atActual<T>(fn: () => T): T {
    const was = this.frozenAt;
    if (was !== null) this.frozenAt = Math.max(was, this.clockNow());
    try {
      return fn();
    } finally {
      this.frozenAt = was;
    }
  }

  /** A transition `ms` after now, happening when its timer fires (a late one starts what follows late). */
  private schedule(ms: number, fn: () => void): Timer {
    return this.clock.setTimer(ms, () => this.atOnce(fn));
  }

  /**
   * The end of an outage `ms` after now (a blackout, a stall, an IO failover window) or of a copy
   * pass, happening at that instant however late its timer fires: the outage began when it really
   * did (a transition cannot be dated before the workload stopped answering), and lasts exactly its
   * length; a pass copies for exactly its modelled time.
   */
  private scheduleEnd(ms: number, fn: () => void): Timer {
    const due = this.now() + ms;
    // how late the running transition is (0 outside one): epoch-sized sums would round the delay
    const late = this.clockNow() - this.now();
    return this.clock.setTimer(ms - late, () => this.atOnce(fn, due));
  }

  // ---------------------------------------------------------------- views

  get powerState(): PowerState {
    if (this.power === 'On' && this.now() < this.powerBlipUntil) return 'Off';
    return this.power;
  }

  /** The time the BMC stamps an event of SUT epoch ms `at` with (its event clock runs slow with event-clock-skew). */
  eventTime(at: number): number {
    return this.defects.has('event-clock-skew') ? this.createdAt + (at - this.createdAt) * SKEWED_EVENT_CLOCK_RATE : at;
  }

  /** Modules whose CPU subsystem runs in lockstep now (Redundancy ActiveRedundancySet). */
  activeModules(): ModuleIndex[] {
    if (this.power !== 'On') return [];
    return MODULES.filter((m) => this.modules[m].cpu.state === 'Online');
  }

  ftState(): FtState {
    if (this.power !== 'On') return 'Down';
    if (this.modules.some((m) => m.resync)) return 'Syncing';
    return this.activeModules().length === 2 ? 'Duplex' : 'Simplex';
  }

  syncPhase(): SyncPhase {
    const r = this.modules.find((m) => m.resync)?.resync;
    return r ? r.phase : 'None';
  }

  inBlackout(): boolean {
    return this.modules.some((m) => m.resync?.phase === 'Blackout');
  }

  /**
   * While the workload queues (a blackout, a stall) or drops (a NIC failover window): in how many
   * SUT ms (from the clock's now) that ends as planned, and the mode then; null when nothing
   * planned ends it. The echo thread resumes by this on its own, so a late timer on this thread
   * does not lengthen the outage the probe sees.
   */
  workloadResume(): { inMs: number; then: WorkloadMode } | null {
    const mode = this.workloadMode();
    const until = mode === 'queue' ? this.queueDue() : mode === 'drop' ? this.nicTeam.switchDue() : null;
    if (until === null) return null;
    const then = mode === 'queue' && this.nicTeam.inGap() ? 'drop' : 'answer';
    return { inMs: until - this.clockNow(), then };
  }

  /** When what holds the workload queued ends as planned (the later of a blackout and a stall); null if unplanned. */
  private queueDue(): number | null {
    const blackout = this.modules.find((m) => m.resync?.phase === 'Blackout')?.resync;
    if (blackout && this.defects.has('blackout-underreported')) return null;
    const due = Math.max(blackout?.blackoutDue ?? -Infinity, this.stall?.due ?? -Infinity);
    return Number.isFinite(due) ? due : null;
  }

  /** What the workload does with a packet arriving now (exact at this instant). */
  workloadMode(): WorkloadMode {
    if (this.power !== 'On') return 'down';
    if (this.inBlackout() || this.stall) return 'queue';
    if (this.nicTeam.inGap() || this.devices.get(this.nicTeam.active ?? '')?.removed) return 'drop';
    return 'answer';
  }

  /** Whether the workload answers from a second address now (failover-new-address, resync-new-address). */
  answersFromSecondAddress(): boolean {
    return this.addressMoved;
  }

  module(m: ModuleIndex): ModuleView {
    const rt = this.modules[m];
    const at = this.now();
    const counter = (s: SubsystemRt) => ({
      count: s.counter.count(at),
      windowSeconds: s.counter.windowSeconds,
      threshold: s.counter.threshold,
      lastErrorAt: s.counter.lastErrorAt(),
    });
    return {
      index: m,
      present: rt.present,
      powered: rt.powered,
      opState: this.opState(rt),
      subsystems: { Cpu: rt.cpu.state, Io: rt.io.state },
      keptOut: rt.keptOut,
      keptOutAt: rt.keptOutAt,
      permanentFault: rt.permanentFault,
      ledOn: rt.ledOn,
      faultyComponent: rt.faultyComponent,
      lastIsolationReason: rt.lastIsolationReason,
      policy: rt.policy,
      syncPhase: rt.resync ? rt.resync.phase : 'None',
      counters: { Cpu: counter(rt.cpu), Io: counter(rt.io) },
      resyncId: rt.resync?.id ?? null,
    };
  }

  private opState(rt: ModuleRt): ModuleOpState {
    if (!rt.present) return 'Absent';
    if (rt.keptOut) return 'KeptOut';
    if (!rt.powered || this.power !== 'On') return 'Disabled';
    if (rt.resync) return rt.resync.phase;
    switch (rt.cpu.state) {
      case 'Online':
        return this.activeModules().length === 2 ? 'Duplex' : 'Simplex';
      case 'Isolated':
        return 'Isolated';
      case 'Diagnostics':
        return 'Diagnostics';
      case 'KeptOut':
        return 'KeptOut';
      case 'Syncing':
        return 'Brownout';
      case 'Offline':
        return 'Disabled';
    }
  }

  devicesList(): DeviceView[] {
    return [...this.devices.values()].map((d) => this.device(d.spec.id) as DeviceView);
  }

  device(id: string): DeviceView | undefined {
    const d = this.devices.get(id);
    if (!d) return undefined;
    const team = this.teamOf(id);
    return {
      id,
      module: d.spec.module,
      kind: d.spec.kind,
      name: d.spec.name,
      surpriseRemovalSupported: d.spec.surpriseRemovalSupported,
      present: this.devicePresent(id),
      removed: d.removed,
      linkUp: d.linkUp,
      usable: this.deviceUsable(id),
      teamState: team ? team.memberState(id) : null,
    };
  }

  teamOf(iface: string): IoTeam | undefined {
    return [this.nicTeam, this.storageSet].find((t) => t.members.includes(iface));
  }

  /** Ids accepted by SetLink: the members of the NIC team and of the storage path set. */
  linkInterfaces(): string[] {
    return [...this.nicTeam.members, ...this.storageSet.members];
  }

  private devicePresent(id: string): boolean {
    const d = this.devices.get(id);
    return !!d && this.modules[d.spec.module].present;
  }

  private deviceUsable(id: string): boolean {
    const d = this.devices.get(id);
    if (!d || (d.removed && !this.defects.has('pcie-no-failover')) || !d.linkUp || this.power !== 'On') return false;
    const m = this.modules[d.spec.module];
    return m.present && m.powered && !m.keptOut && m.io.state === 'Online';
  }

  /** Processor count of one module (for inventory projections). */
  get processorsPerModule(): number {
    return this.profile.system.processorsPerModule;
  }

  // ---------------------------------------------------------------- fault injection

  /** Inject `count` errors into one subsystem; the isolation follows after the detection latency. */
  injectError(module: ModuleIndex, subsystem: SubsystemKind, kind: ErrorKind, count = 1): void {
    this.atOnce(() => {
      if (!Number.isInteger(count) || count < 1) throw new ModelRejection(`Count must be an integer >= 1, got ${count}`);
      this.requireOn('inject an error');
      const rt = this.modules[module];
      if (!rt.present) throw new ModelRejection(`Module${module} is not present (pulled); insert it first`);
      if (!rt.powered) throw new ModelRejection(`Module${module} is powered down`);
      const sub = rt[subsystem === 'Cpu' ? 'cpu' : 'io'];
      const faultAt = this.now();
      const n = sub.counter.record(faultAt, count);
      this.emit({ type: 'ErrorDetected', module, subsystem, kind, count: n });
      if (sub.state === 'KeptOut' || sub.state === 'Offline') return;
      const timer: Timer = this.schedule(this.profile.faults.detectionLatencyMs, () => {
        sub.detections.delete(timer);
        this.detect(rt, sub, kind, faultAt);
      });
      sub.detections.add(timer);
    });
  }

  private detect(rt: ModuleRt, sub: SubsystemRt, kind: ErrorKind, faultAt: number): void {
    if (this.power !== 'On' || sub.state === 'KeptOut' || sub.state === 'Offline') return;
    const m = rt.index;
    const wasLockstep = sub.kind === 'Cpu' && sub.state === 'Online';
    const fatal = this.fatalFault(rt, sub);
    if (fatal) {
      this.truth.isolation({ Module: m, Subsystem: sub.kind, Kind: kind, FaultAt: faultAt, IsolatedAt: this.now() });
      this.crash(fatal);
      return;
    }
    if (rt.resync && sub.kind === 'Cpu') this.abortResync(rt, `${kind} ${sub.kind} error during resync`);
    sub.timer?.cancel();
    sub.timer = null;
    sub.state = 'Isolated';
    const component = kind === 'Permanent' ? this.componentFor(m, sub.kind) : null;
    const reason = `${kind} ${sub.kind} error`;
    rt.lastIsolationReason = reason;
    this.truth.isolation({ Module: m, Subsystem: sub.kind, Kind: kind, FaultAt: faultAt, IsolatedAt: this.now() });
    if (!this.defects.has('silent-isolation')) {
      this.emit({ type: 'SubsystemIsolated', module: m, subsystem: sub.kind, kind, reason, component });
      if (wasLockstep) this.emit({ type: 'RedundancyLost', module: m, reason });
    }
    if (sub.kind === 'Io') this.reevaluateIo();
    if (sub.kind === 'Cpu' && this.defects.has('isolation-outage')) this.startStall('isolation-outage', ISOLATION_OUTAGE_MS);
    if (sub.kind === 'Io' && this.defects.has('io-isolation-outage')) this.startStall('io-isolation-outage', ISOLATION_OUTAGE_MS);

    this.diagnose(rt, sub, kind, component);
  }

  /** Why isolating this subsystem brings the system down, or null when the other module carries on. */
  private fatalFault(rt: ModuleRt, sub: SubsystemRt): string | null {
    // losing the last lockstep CPU, or the last IO subsystem in service, brings the system down
    if (sub.state === 'Online' && this.isLastInService(rt, sub.kind)) return `${sub.kind} subsystem of Module${rt.index} failed while it was the last one in service`;
    if (sub.kind === 'Cpu' && rt.index === 0 && this.defects.has('primary-cpu-fault-crash')) return 'CPU subsystem of Module0 failed: the firmware treats module 0 as the primary';
    return null;
  }

  /** After an isolation: keep the module out, or re-integrate the subsystem (FT-11). */
  private diagnose(rt: ModuleRt, sub: SubsystemRt, kind: ErrorKind, component: string | null): void {
    const m = rt.index;
    const count = sub.counter.count(this.now());
    const verdict = decide(kind, rt.policy, count, sub.counter.threshold, {
      treatTransientAsPermanent: this.defects.has('transient-kept-out'),
      keepOutAtThreshold: this.defects.has('threshold-off-by-one'),
    });
    if (verdict === 'keep-out') {
      this.keepOut(rt, sub.kind, count, component ?? `Module${m}`, kind === 'Permanent');
      return;
    }
    this.emit({ type: 'TransientReintegrating', module: m, subsystem: sub.kind });
    if (sub.kind === 'Io') {
      this.startIoDiagnostics(rt);
      return;
    }
    if (this.defects.has('cpu-fault-takes-io') && rt.io.state === 'Online') {
      rt.io.state = 'Isolated';
      this.reevaluateIo();
      this.startIoDiagnostics(rt);
    }
    this.startResync(rt, { transient: true });
  }

  private isLastInService(rt: ModuleRt, kind: SubsystemKind): boolean {
    const other = this.modules[rt.index === 0 ? 1 : 0];
    const otherSub = kind === 'Cpu' ? other.cpu : other.io;
    return otherSub.state !== 'Online' || !other.present || !other.powered || other.keptOut;
  }

  private componentFor(m: ModuleIndex, kind: SubsystemKind): string {
    if (kind === 'Cpu') return `M${this.defects.has('wrong-faulty-component') ? (m === 0 ? 1 : 0) : m}-CPU0`;
    return this.profile.io.pcieDevices.find((d) => d.module === m)?.id ?? `Module${m}`;
  }

  private keepOut(rt: ModuleRt, subsystem: SubsystemKind, count: number, component: string, permanent: boolean): void {
    const m = rt.index;
    this.cancelModuleWork(rt);
    const cpuWasOnline = rt.cpu.state === 'Online';
    const ioWasOnline = rt.io.state === 'Online';
    rt.keptOut = true;
    rt.keptOutAt = this.now();
    rt.permanentFault = rt.permanentFault || permanent;
    rt.faultyComponent = component;
    rt.cpu.state = 'KeptOut';
    rt.io.state = 'KeptOut';
    const sub = subsystem === 'Cpu' ? rt.cpu : rt.io;
    this.emit({
      type: 'ModuleKeptOut',
      module: m,
      subsystem,
      count,
      windowSeconds: sub.counter.windowSeconds,
      threshold: sub.counter.threshold,
      component,
    });
    if (cpuWasOnline) this.emit({ type: 'RedundancyLost', module: m, reason: `Module${m} kept out` });
    this.setLedInternal(rt, !(permanent && this.defects.has('no-fault-led')));
    if (ioWasOnline) this.reevaluateIo();
    this.checkViability();
    if (this.defects.has('kept-out-lapses') && !permanent) {
      this.schedule(KEEP_OUT_LAPSE_MS, () => {
        if (rt.keptOut && rt.present) this.releaseKeptOut(rt);
      });
    }
  }

  private startIoDiagnostics(rt: ModuleRt): void {
    rt.io.state = 'Diagnostics';
    this.emit({ type: 'DiagnosticsStarted', module: rt.index, subsystem: 'Io' });
    rt.io.timer = this.schedule(this.profile.resync.diagnosticsMs, () => {
      rt.io.timer = null;
      rt.io.state = 'Online';
      this.emit({ type: 'DiagnosticsPassed', module: rt.index, subsystem: 'Io' });
      this.emit({ type: 'IoReintegrated', module: rt.index });
      this.reevaluateIo();
    });
  }

  pullModule(m: ModuleIndex): void {
    this.atOnce(() => {
      const rt = this.modules[m];
      if (!rt.present) throw new ModelRejection(`Module${m} is already pulled`);
      const cpuWasOnline = rt.cpu.state === 'Online' && this.power === 'On';
      const last = cpuWasOnline && this.isLastInService(rt, 'Cpu');
      this.cancelModuleWork(rt);
      rt.present = false;
      rt.cpu.state = 'Offline';
      rt.io.state = 'Offline';
      this.setLedInternal(rt, false);
      this.emit({ type: 'ModuleRemoved', module: m });
      if (last) {
        this.crash(`Module${m} was pulled while it was the last module in service`);
        return;
      }
      if (cpuWasOnline) this.emit({ type: 'RedundancyLost', module: m, reason: `Module${m} pulled` });
      if (this.defects.has('pull-outage')) this.startStall('pull-outage', ISOLATION_OUTAGE_MS);
      this.reevaluateIo();
      this.checkViability();
    });
  }

  /** Insert a (replacement) module: counters, keep-out, faulty component and removed devices reset. */
  insertModule(m: ModuleIndex): void {
    this.atOnce(() => {
      const rt = this.modules[m];
      if (rt.present) throw new ModelRejection(`Module${m} is already inserted`);
      rt.present = true;
      rt.powered = true;
      rt.keptOut = false;
      rt.keptOutAt = null;
      rt.permanentFault = false;
      rt.faultyComponent = null;
      if (!this.defects.has('replacement-keeps-history')) {
        rt.cpu.counter.clear();
        rt.io.counter.clear();
      }
      for (const d of this.devices.values()) {
        if (d.spec.module === m) {
          d.removed = false;
          d.linkUp = true;
        }
      }
      this.emit({ type: 'ModuleInserted', module: m });
      if (this.power !== 'On') return;
      if (this.defects.has('insert-outage')) this.startStall('insert-outage', ISOLATION_OUTAGE_MS);
      if (!this.defects.has('insert-no-resync')) this.startResync(rt);
    });
  }

  setLink(iface: string, linkUp: boolean): void {
    this.atOnce(() => {
      const d = this.devices.get(iface);
      if (!d || !this.teamOf(iface)) throw new ModelRejection(`unknown interface ${iface}; expected one of: ${this.linkInterfaces().join(', ')}`, 'NotFound');
      if (d.linkUp === linkUp) return;
      d.linkUp = linkUp;
      this.emit({ type: 'LinkChanged', iface, module: d.spec.module, linkUp });
      this.reevaluateIo();
    });
  }

  /** FT-06: a PCIe fatal error is hidden as a surprise removal when the driver supports it. */
  pcieFatalError(id: string): void {
    this.atOnce(() => {
      const d = this.devices.get(id);
      if (!d) throw new ModelRejection(`unknown PCIe device ${id}; expected one of: ${[...this.devices.keys()].join(', ')}`, 'NotFound');
      this.requireOn('inject a PCIe fatal error');
      if (!this.devicePresent(id)) throw new ModelRejection(`PCIe device ${id} is not present (its module is pulled)`);
      if (d.removed) throw new ModelRejection(`PCIe device ${id} was already surprise-removed`);
      const m = d.spec.module;
      const supported = d.spec.surpriseRemovalSupported && !this.defects.has('no-error-hiding');
      this.emit({ type: 'PCIeFatalError', device: id, module: m, supported: d.spec.surpriseRemovalSupported });
      if (!supported) {
        this.crash(
          d.spec.surpriseRemovalSupported
            ? `PCIe fatal error on ${id} reported to the OS as a fatal hardware error`
            : `PCIe fatal error on ${id}: its driver does not support surprise removal`,
        );
        return;
      }
      d.removed = true;
      this.emit({ type: 'DeviceSurpriseRemoved', device: id, module: m });
      if (this.defects.has('pcie-removal-stall')) this.startStall('pcie-removal-stall', REMOVAL_STALL_MS);
      this.reevaluateIo();
    });
  }

  // ---------------------------------------------------------------- operator requests

  clearErrorHistory(m: ModuleIndex, subsystem: SubsystemKind | null = null): void {
    this.atOnce(() => {
      const rt = this.modules[m];
      if (!rt.present) throw new ModelRejection(`Module${m} is not present`);
      const clears = !this.defects.has('clear-history-ignored');
      for (const s of SUBSYSTEMS) if (clears && (subsystem === null || subsystem === s)) rt[s === 'Cpu' ? 'cpu' : 'io'].counter.clear();
      this.emit({ type: 'ErrorHistoryCleared', module: m, subsystem });
      if (rt.keptOut && !rt.permanentFault) this.releaseKeptOut(rt);
    });
  }

  /** A kept-out module back in service: LED off, re-integrated by a resync. */
  private releaseKeptOut(rt: ModuleRt): void {
    rt.keptOut = false;
    rt.keptOutAt = null;
    rt.faultyComponent = null;
    this.setLedInternal(rt, false);
    rt.cpu.state = 'Offline';
    rt.io.state = 'Offline';
    if (this.power === 'On' && rt.powered) this.startResync(rt);
  }

  /** Task monitor DELETE: stop the re-integration; the module waits, powered, out of lockstep. */
  cancelResync(m: ModuleIndex): void {
    this.atOnce(() => {
      const rt = this.modules[m];
      if (!rt.resync) return;
      this.abortResync(rt, 'cancelled by a client');
      rt.cpu.state = 'Offline';
      if (rt.io.state === 'Diagnostics' && rt.io.timer === null) rt.io.state = 'Offline';
      this.reevaluateIo();
    });
  }

  setFaultPolicy(m: ModuleIndex, policy: FaultPolicy): void {
    this.modules[m].policy = policy;
  }

  setErrorLimits(m: ModuleIndex, subsystem: SubsystemKind, limits: { threshold?: number; windowSeconds?: number }): void {
    const c = this.modules[m][subsystem === 'Cpu' ? 'cpu' : 'io'].counter;
    if (limits.threshold !== undefined) c.threshold = limits.threshold;
    if (limits.windowSeconds !== undefined) c.windowSeconds = limits.windowSeconds;
  }

  setLed(m: ModuleIndex, on: boolean): void {
    this.atOnce(() => {
      this.setLedInternal(this.modules[m], on);
    });
  }

  private setLedInternal(rt: ModuleRt, on: boolean): void {
    if (rt.ledOn === on) return;
    rt.ledOn = on;
    this.emit({ type: 'LedChanged', module: rt.index, on });
  }

  /** Chassis.Reset on one module. Returns the resync id when a re-integration starts. */
  resetModule(m: ModuleIndex, type: ModuleResetType): number | null {
    return this.atOnce(() => {
      const rt = this.modules[m];
      if (!rt.present) throw new ModelRejection(`Module${m} is not present`);
      const down = type !== 'On';
      const up = type !== 'ForceOff' && type !== 'GracefulShutdown';
      if (up && rt.keptOut) throw new ModelRejection(`Module${m} is kept out; clear its error history or replace it first`);
      if (down && rt.powered) {
        if (this.power === 'On' && rt.cpu.state === 'Online' && this.isLastInService(rt, 'Cpu')) {
          throw new ModelRejection(`Module${m} is the last module in lockstep; powering it down would stop the system (use ComputerSystem.Reset)`);
        }
        const cpuWasOnline = rt.cpu.state === 'Online' && this.power === 'On';
        this.cancelModuleWork(rt);
        rt.powered = false;
        if (!rt.keptOut) {
          rt.cpu.state = 'Offline';
          rt.io.state = 'Offline';
        }
        this.emit({ type: 'ModulePowerChanged', module: m, on: false });
        if (cpuWasOnline) this.emit({ type: 'RedundancyLost', module: m, reason: `Module${m} powered down` });
        this.reevaluateIo();
      }
      if (!up) return null;
      if (rt.powered && (rt.resync || rt.cpu.state === 'Online')) return rt.resync?.id ?? null;
      rt.powered = true;
      this.emit({ type: 'ModulePowerChanged', module: m, on: true });
      if (this.power !== 'On') return null;
      return this.startResync(rt);
    });
  }

  /** ComputerSystem.Reset: acts on the logical machine (both modules). */
  resetSystem(type: ResetType): void {
    this.atOnce(() => {
      switch (type) {
        case 'On':
          if (this.power === 'Off') this.powerOn();
          return;
        case 'ForceOff':
          this.powerOff(null);
          return;
        case 'GracefulShutdown':
          if (this.power !== 'On') return;
          this.setPower('PoweringOff');
          this.powerTimer = this.schedule(this.profile.power.shutdownMs, () => {
            this.powerTimer = null;
            this.powerOff(null);
          });
          return;
        case 'ForceRestart':
        case 'PowerCycle':
          this.powerOff(null);
          this.powerOn();
          return;
        case 'GracefulRestart':
          if (this.power !== 'On') throw new ModelRejection('the system is not On');
          this.setPower('PoweringOff');
          this.powerTimer = this.schedule(this.profile.power.shutdownMs, () => {
            this.powerTimer = null;
            this.powerOff(null);
            this.powerOn();
          });
          return;
        case 'Nmi':
          this.requireOn('send an NMI');
          this.crash('NMI: the OS took a crash dump and stopped');
          return;
      }
    });
  }

  private bootable(rt: ModuleRt): boolean {
    return rt.present && rt.powered && !rt.keptOut;
  }

  private powerOn(): void {
    if (!this.modules.some((m) => this.bootable(m))) throw new ModelRejection('no module can run the system (all pulled, powered down or kept out)');
    this.setPower('PoweringOn');
    this.powerTimer = this.schedule(this.profile.power.bootMs, () => {
      this.powerTimer = null;
      const first = this.modules.find((m) => this.bootable(m));
      if (!first) {
        this.setPower('Off');
        return;
      }
      first.cpu.state = 'Online';
      first.io.state = 'Online';
      this.power = 'On';
      this.nicTeam.start();
      this.storageSet.start();
      this.emit({ type: 'SystemPowerChanged', state: 'On' });
      for (const other of this.modules) if (other !== first && this.bootable(other)) this.startResync(other);
    });
  }

  private powerOff(crashReason: string | null): void {
    if (this.power === 'Off') return;
    this.powerTimer?.cancel();
    this.powerTimer = null;
    for (const rt of this.modules) {
      this.cancelModuleWork(rt, crashReason ?? 'system powered off');
      if (!rt.keptOut) {
        rt.cpu.state = 'Offline';
        rt.io.state = 'Offline';
      }
    }
    this.endStall();
    this.power = 'Off';
    this.nicTeam.stop();
    this.storageSet.stop();
    for (const t of this.ioTruth.values()) if (t.End === null) t.End = this.now();
    if (crashReason !== null) {
      this.truth.crash({ At: this.now(), Reason: crashReason });
      this.emit({ type: 'SystemCrashed', reason: crashReason });
    }
    this.emit({ type: 'SystemPowerChanged', state: 'Off' });
  }

  private setPower(p: PowerState): void {
    this.power = p;
    this.emit({ type: 'SystemPowerChanged', state: p });
  }

  private crash(reason: string): void {
    this.powerOff(reason);
  }

  private requireOn(what: string): void {
    if (this.power !== 'On') throw new ModelRejection(`cannot ${what}: the system is ${this.power}`);
  }

  /** The system needs a lockstep CPU and an IO subsystem in service (or one coming back). */
  private checkViability(): void {
    if (this.power !== 'On') return;
    if (this.activeModules().length === 0) {
      this.crash('no CPU subsystem left in lockstep');
      return;
    }
    const ioAlive = this.modules.some((m) => m.present && m.powered && !m.keptOut && (m.io.state === 'Online' || m.io.state === 'Diagnostics'));
    if (!ioAlive) this.crash('no IO subsystem left in service');
  }

  private reevaluateIo(): void {
    if (this.power !== 'On') return;
    this.nicTeam.reevaluate();
    this.storageSet.reevaluate();
  }

  // ---------------------------------------------------------------- resync (FT-08, FT-09)

  private resyncParams(): ResyncParams {
    const r = this.profile.resync;
    return {
      memoryMiB: memoryMiB(this.profile),
      copyBandwidthMiBps: r.copyBandwidthMiBps,
      dirtyRateMiBps: r.dirtyRateMiBps,
      stopThresholdMiB: r.stopThresholdMiB,
      maxBrownoutPasses: r.maxBrownoutPasses,
      contextCopyMs: r.contextCopyMs,
      hypervisorMode: this.profile.system.hypervisorMode,
      neverConverges: this.defects.has('resync-never-converges'),
      blackoutFactor: this.defects.has('blackout-overrun') ? 10 : 1,
    };
  }

  /** Diagnostics → brownout passes → blackout → duplex, for the module joining the lockstep. */
  private startResync(rt: ModuleRt, why: { transient?: boolean } = {}): number {
    const m = rt.index;
    const id = ++this.resyncSeq;
    const hypervisor = this.profile.system.hypervisorMode || (why.transient === true && this.defects.has('transient-full-blackout'));
    const allInBlackout = hypervisor && !this.defects.has('hypervisor-brownout');
    const truth = this.truth.resync({
      Module: m,
      StartedAt: this.now(),
      DiagnosticsEnd: null,
      Passes: [],
      BlackoutStart: null,
      BlackoutEnd: null,
      CompletedAt: null,
      AbortedAt: null,
      AbortReason: null,
      Hypervisor: hypervisor,
    });
    rt.resync = { id, phase: 'Diagnostics', timer: null, truth, pass: 0, passStart: 0, toCopy: 0, blackoutStart: 0, blackoutDue: 0 };
    rt.cpu.state = 'Diagnostics';
    // a module joining from outside (inserted, powered on, cleared) has its IO checked too
    if (rt.io.state !== 'Online' && rt.io.timer === null) rt.io.state = 'Diagnostics';
    this.emit({ type: 'ResyncStarted', module: m, resync: id, hypervisor });
    this.emit({ type: 'DiagnosticsStarted', module: m, subsystem: 'Cpu' });
    const r = rt.resync;
    r.timer = this.schedule(this.profile.resync.diagnosticsMs, () => {
      r.timer = null;
      truth.DiagnosticsEnd = this.now();
      rt.cpu.state = 'Syncing';
      if (rt.io.state === 'Diagnostics' && rt.io.timer === null) rt.io.state = 'Online';
      this.emit({ type: 'DiagnosticsPassed', module: m, subsystem: 'Cpu' });
      this.reevaluateIo();
      if (allInBlackout) {
        this.startBlackout(rt, r, memoryMiB(this.profile));
        return;
      }
      r.phase = 'Brownout';
      this.emit({ type: 'BrownoutStarted', module: m, resync: id });
      this.startPass(rt, r, 1, memoryMiB(this.profile));
    });
    return id;
  }

  private startPass(rt: ModuleRt, r: ResyncRt, pass: number, toCopy: number): void {
    const p = this.resyncParams();
    const planned = brownoutPass(pass, toCopy, p);
    r.pass = pass;
    r.toCopy = toCopy;
    r.passStart = this.now();
    const entry = { Pass: pass, Start: r.passStart, End: null as number | null, CopiedMiB: toCopy, DirtyMiB: null as number | null };
    r.truth.Passes.push(entry);
    if (pass === 2 && this.defects.has('power-blip-during-resync')) this.powerBlipUntil = r.passStart + POWER_BLIP_MS;
    // A pass copies for its modelled time, however late the host fires its timer: the next pass (or
    // the blackout) starts at that instant, so a starved host does not stretch the brownout.
    r.timer = this.scheduleEnd(planned.durationMs, () => {
      r.timer = null;
      // the dirty set follows the modelled copy time, not timer jitter: at high time scales a
      // late timer would otherwise inflate the residual and the blackout
      const done = planned;
      entry.End = this.now();
      entry.DirtyMiB = done.dirtyMiB;
      const percent = p.neverConverges ? 50 : Math.min(99, Math.round(100 * (1 - done.dirtyMiB / p.memoryMiB)));
      const reportedDirty = this.defects.has('resync-dirty-misreported') ? done.dirtyMiB / 2 : done.dirtyMiB;
      this.emit({ type: 'BrownoutPassCompleted', module: rt.index, resync: r.id, pass, copiedMiB: toCopy, dirtyMiB: reportedDirty, percent });
      if (brownoutDone(done, p)) this.atActual(() => this.startBlackout(rt, r, done.dirtyMiB));
      else this.startPass(rt, r, pass + 1, done.dirtyMiB);
    });
  }

  private startBlackout(rt: ModuleRt, r: ResyncRt, residualMiB: number): void {
    const p = this.resyncParams();
    r.phase = 'Blackout';
    r.blackoutStart = this.now();
    r.truth.BlackoutStart = r.blackoutStart;
    r.blackoutDue = r.blackoutStart + blackoutMs(residualMiB, p);
    const stall = this.truth.stall({ Start: r.blackoutStart, End: null, Reason: 'blackout' });
    this.emit({ type: 'BlackoutStarted', module: rt.index, resync: r.id, residualMiB });
    this.emit({ type: 'WorkloadStallStarted', reason: 'blackout' });
    r.timer = this.scheduleEnd(blackoutMs(residualMiB, p), () => {
      r.timer = null;
      const end = this.now();
      r.truth.BlackoutEnd = end;
      stall.End = end;
      rt.resync = null;
      rt.cpu.state = 'Online';
      r.truth.CompletedAt = end;
      // The workload must stay held from the blackout straight into the defect's stall.
      if (this.defects.has('blackout-underreported')) this.startStall('blackout-underreported', UNDERREPORTED_STALL_MS);
      this.emit({ type: 'BlackoutCompleted', module: rt.index, resync: r.id, pauseMs: end - r.blackoutStart });
      if (this.defects.has('resync-new-address')) this.addressMoved = true;
      this.emit({ type: 'WorkloadStallEnded', reason: 'blackout' });
      this.emit({ type: 'DuplexRestored', module: rt.index, resync: r.id });
      if (this.activeModules().length === 2) this.emit({ type: 'RedundancyRestored' });
      this.reevaluateIo();
    });
  }

  private abortResync(rt: ModuleRt, reason: string): void {
    const r = rt.resync;
    if (!r) return;
    r.timer?.cancel();
    rt.resync = null;
    r.truth.AbortedAt = this.now();
    r.truth.AbortReason = reason;
    const last = r.truth.Passes[r.truth.Passes.length - 1];
    if (last && last.End === null) last.End = this.now();
    if (r.phase === 'Blackout') {
      r.truth.BlackoutEnd = this.now();
      const s = this.truth.stalls.find((x) => x.Start === r.blackoutStart && x.End === null);
      if (s) s.End = this.now();
      this.emit({ type: 'WorkloadStallEnded', reason: 'blackout aborted' });
    }
    this.emit({ type: 'ResyncAborted', module: rt.index, resync: r.id, reason });
  }

  /** Stop everything pending on a module (detections, IO diagnostics, resync). */
  private cancelModuleWork(rt: ModuleRt, reason = 'module taken out of service'): void {
    for (const s of [rt.cpu, rt.io]) {
      for (const t of s.detections) t.cancel();
      s.detections.clear();
      s.timer?.cancel();
      s.timer = null;
    }
    this.abortResync(rt, reason);
  }

  // ---------------------------------------------------------------- workload stalls (defect)

  private startStall(reason: string, ms: number): void {
    if (this.stall) return;
    const truth = this.truth.stall({ Start: this.now(), End: null, Reason: reason });
    const timer = this.scheduleEnd(ms, () => this.endStall());
    this.stall = { truth, timer, due: truth.Start + ms };
    this.emit({ type: 'WorkloadStallStarted', reason });
  }

  private endStall(): void {
    if (!this.stall) return;
    const { truth, timer } = this.stall;
    timer.cancel();
    this.stall = null;
    truth.End = this.now();
    this.emit({ type: 'WorkloadStallEnded', reason: truth.Reason });
  }

  // ---------------------------------------------------------------- teardown

  /** Cancel every timer (the emulator is shutting down). */
  dispose(): void {
    this.powerTimer?.cancel();
    for (const rt of this.modules) {
      for (const s of [rt.cpu, rt.io]) {
        for (const t of s.detections) t.cancel();
        s.timer?.cancel();
      }
      rt.resync?.timer?.cancel();
    }
    this.stall?.timer.cancel();
    this.nicTeam.stop();
    this.storageSet.stop();
    this.listeners.clear();
  }

  truthDocument() {
    return this.truth.document(this.timeScale, this.now());
  }
}
