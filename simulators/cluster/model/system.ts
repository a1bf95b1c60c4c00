/**
 * One system as its BMC shows it: a physical server alone, or a partition of same-hardware
 * servers acting as one. Power and boot follow the SAN-boot sequence on the lab clock:
 *
 *   On → Post (powerOnMs) → FabricLogin (fabricLoginMs; the HBAs log in) → Booting (bootMs) → Running
 *                                         └ no visible boot LUN → NoBootableDevice (until reset)
 *
 * GracefulShutdown waits for a dump in progress, then takes shutdownMs; a system whose OS is not
 * running (crashed, hung) ignores it, firmware (Post, NoBootableDevice) powers off at once.
 * The SAN and the switches are reached through SystemHost; the system keeps no copy of them.
 */
import type { Clock, Timer } from '../../../lib/clock.ts';
import type { TimingSpec } from '../config/types.ts';
import { type BootState, ClusterRejection, type EventBus, type HardwareFault, type PowerState, type ResetType } from './events.ts';

/** What a system needs from the rest of the cluster. */
export interface SystemHost {
  /** Power reached (or left) the members' NICs and HBAs: links up or down, fabric logout on down. */
  cablesPowered(system: SystemModel, on: boolean): void;
  /** The HBAs finished their fabric login. */
  loggedIn(system: SystemModel): void;
  /** The boot volume the boot member's HBAs find for its boot LUN, or null. */
  bootVolume(system: SystemModel): string | null;
  /** The OS started or stopped running (MAC learning, business reachability, ground truth). */
  osChanged(system: SystemModel): void;
  /** Faults present on the members now. */
  faults(system: SystemModel): ReadonlySet<HardwareFault>;
}

/** Faults that stop the OS (the others only degrade health). */
export const FATAL_FAULTS: ReadonlySet<HardwareFault> = new Set(['Cpu', 'Memory', 'Pcie', 'OsHang']);

export class SystemModel {
  power: PowerState = 'Off';
  boot: BootState = 'Off';
  /** The volume the OS runs from (Booting, Running, Crashed, ShuttingDown). */
  volume: string | null = null;
  dumping = false;
  /** When the OS last came up (SUT ms), for "which server answers first". */
  runningSince: number | null = null;
  private phase: Timer | null = null;
  private dumpTimer: Timer | null = null;
  private shutdownPending = false;

  constructor(
    readonly id: string,
    /** Physical servers, the boot member first. */
    readonly members: readonly string[],
    private readonly timing: TimingSpec,
    private readonly bus: EventBus,
    private readonly clock: Clock,
    private readonly host: SystemHost,
  ) {}

  get osRunning(): boolean {
    return this.boot === 'Running' || this.boot === 'ShuttingDown';
  }

  reset(type: ResetType): void {
    if (type === 'ForceRestart' && this.power === 'Off') throw new ClusterRejection(`${this.id} is Off: ForceRestart needs a powered system`);
    this.bus.emit({ type: 'ResetRequested', device: this.id, system: this.id, reset: type });
    if (type === 'On') {
      if (this.power === 'Off') this.powerOn();
    } else if (type === 'ForceOff') this.powerOff();
    else if (type === 'GracefulShutdown') this.gracefulShutdown();
    else if (type === 'ForceRestart') this.restart();
    else if (this.power === 'Off') this.powerOn();
    else {
      this.powerOff();
      this.phase = this.clock.setTimer(this.timing.offMs, () => this.powerOn());
    }
  }

  /** A dump starts (the OS, or a crash kernel, writes memory to disk for dumpMs). */
  startDump(): void {
    if (this.boot !== 'Running' && this.boot !== 'Crashed') throw new ClusterRejection(`${this.id} has no OS to write a dump (boot state ${this.boot})`);
    if (this.dumping) throw new ClusterRejection(`${this.id} is already writing a dump`);
    this.dumping = true;
    this.bus.emit({ type: 'DumpStarted', device: this.id, system: this.id });
    this.dumpTimer = this.clock.setTimer(this.timing.dumpMs, () => this.endDump());
  }

  /** A fatal fault (or the SAN taking the boot volume away) stops the OS where it is. */
  crash(reason: string): void {
    if (this.boot !== 'Running' && this.boot !== 'Booting' && this.boot !== 'ShuttingDown') return;
    this.cancelPhase();
    this.shutdownPending = false;
    this.setBoot('Crashed', reason);
    if (this.power === 'PoweringOff') this.setPower('On');
  }

  private powerOn(): void {
    this.cancelPhase();
    this.setPower('On');
    this.host.cablesPowered(this, true);
    this.post();
  }

  private post(): void {
    this.volume = null;
    this.setBoot('Post');
    this.phase = this.clock.setTimer(this.timing.powerOnMs, () => {
      const fatal = [...this.host.faults(this)].find((f) => f !== 'OsHang' && FATAL_FAULTS.has(f));
      if (fatal) return this.setBoot('Crashed', `POST failed: ${fatal} fault`);
      this.setBoot('FabricLogin');
      this.phase = this.clock.setTimer(this.timing.fabricLoginMs, () => this.scan());
    });
  }

  private scan(): void {
    this.host.loggedIn(this);
    const volume = this.host.bootVolume(this);
    if (volume === null) return this.setBoot('NoBootableDevice', 'no bootable device: no boot LUN visible through zoning and LUN masking');
    this.volume = volume;
    this.setBoot('Booting');
    this.phase = this.clock.setTimer(this.timing.bootMs, () => {
      if (this.host.faults(this).has('OsHang')) return this.setBoot('Crashed', 'OS hang during boot');
      this.runningSince = this.clock.now();
      this.setBoot('Running');
    });
  }

  private gracefulShutdown(): void {
    if (this.power !== 'On') return;
    if (this.boot === 'Post' || this.boot === 'FabricLogin' || this.boot === 'NoBootableDevice') return this.powerOff();
    if (this.boot === 'Booting' || (this.boot === 'Crashed' && !this.dumping)) return; // no OS to act on the request
    this.setPower('PoweringOff');
    if (this.dumping) this.shutdownPending = true;
    else this.shutDown();
  }

  private shutDown(): void {
    this.setBoot('ShuttingDown');
    this.phase = this.clock.setTimer(this.timing.shutdownMs, () => this.powerOff());
  }

  private endDump(): void {
    this.dumping = false;
    this.dumpTimer = null;
    this.bus.emit({ type: 'DumpFinished', device: this.id, system: this.id });
    if (this.shutdownPending) {
      this.shutdownPending = false;
      this.shutDown();
    }
  }

  private restart(): void {
    this.cancelPhase();
    this.shutdownPending = false;
    this.setPower('On');
    this.host.cablesPowered(this, false);
    this.host.cablesPowered(this, true);
    this.post();
  }

  private powerOff(): void {
    this.cancelPhase();
    this.shutdownPending = false;
    if (this.power === 'Off') return;
    this.volume = null;
    this.setBoot('Off');
    this.setPower('Off');
    this.host.cablesPowered(this, false);
  }

  private cancelPhase(): void {
    this.phase?.cancel();
    this.phase = null;
    this.dumpTimer?.cancel();
    this.dumpTimer = null;
    this.dumping = false;
  }

  private setPower(state: PowerState): void {
    if (this.power === state) return;
    this.power = state;
    this.bus.emit({ type: 'PowerChanged', device: this.id, system: this.id, state });
  }

  private setBoot(state: BootState, reason?: string): void {
    const wasRunning = this.osRunning;
    this.boot = state;
    if (state !== 'Running' && state !== 'ShuttingDown') this.runningSince = null;
    this.bus.emit({ type: 'BootStateChanged', device: this.id, system: this.id, state, volume: this.volume, ...(reason ? { reason } : {}) });
    if (wasRunning !== this.osRunning) this.host.osChanged(this);
  }
}
