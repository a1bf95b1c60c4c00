/**
 * An active/standby IO set across the two modules (FT-05): the NIC team bond0 (ActiveBackup) or
 * the storage multipath set. When the active member becomes unusable the driver switches to a
 * usable standby after the failover time; during that window the IO path carries nothing.
 * With no usable member the set is down until one comes back (after the same detection time).
 */
import type { Timer } from '../../lib/clock.ts';
import type { IoKind } from './types.ts';

export type MemberState = 'Enabled' | 'StandbySpare' | 'UnavailableOffline' | 'Absent';

export interface IoTeamHooks {
  /** Whether `iface` can carry IO now (present, link up, not removed, its IO subsystem online). */
  usable(iface: string): boolean;
  present(iface: string): boolean;
  /** Time it takes to switch (profile value, defects applied). */
  failoverMs(): number;
  now(): number;
  onFailoverStarted(from: string | null, to: string | null): void;
  onFailoverCompleted(from: string | null, to: string, startedAt: number): void;
  onExhausted(from: string | null): void;
}

interface Switching {
  from: string | null;
  to: string;
  startedAt: number;
  timer: Timer;
  /** When (hooks.now() ms) the switch completes as planned. */
  due: number;
}

export class IoTeam {
  private activeMember: string | null;
  private switching: Switching | null = null;
  /** Start of the current outage (active lost, nothing usable), if any. */
  private downSince: { from: string | null; at: number } | null = null;

  constructor(
    readonly kind: IoKind,
    readonly name: string,
    readonly members: readonly string[],
    private readonly schedule: (ms: number, fn: () => void) => Timer,
    private readonly hooks: IoTeamHooks,
  ) {
    this.activeMember = members.find((m) => hooks.usable(m)) ?? null;
  }

  get active(): string | null {
    return this.activeMember;
  }

  /** True while the set carries no IO: switching, or no usable member. */
  inGap(): boolean {
    return this.switching !== null || this.activeMember === null;
  }

  /** When (hooks.now() ms) the switch under way completes as planned; null when none is. */
  switchDue(): number | null {
    return this.switching?.due ?? null;
  }

  memberState(iface: string): MemberState {
    if (!this.hooks.present(iface)) return 'Absent';
    if (iface === this.activeMember && this.switching === null) return 'Enabled';
    return this.hooks.usable(iface) ? 'StandbySpare' : 'UnavailableOffline';
  }

  /** Re-evaluate after any change of a member's usability. */
  reevaluate(): void {
    if (this.switching) {
      if (this.hooks.usable(this.switching.to)) return;
      // the target died during the switch: pick another one (the window goes on)
      const { from, startedAt } = this.switching;
      this.switching.timer.cancel();
      this.switching = null;
      this.startSwitch(from, startedAt);
      return;
    }
    if (this.activeMember !== null && this.hooks.usable(this.activeMember)) return;
    const from = this.activeMember;
    if (this.downSince) {
      // already down: a member coming back ends the outage after the detection time
      this.startSwitch(this.downSince.from, this.downSince.at);
      return;
    }
    this.startSwitch(from, this.hooks.now());
  }

  private startSwitch(from: string | null, startedAt: number): void {
    const to = this.members.find((m) => m !== from && this.hooks.usable(m)) ?? this.members.find((m) => this.hooks.usable(m));
    this.activeMember = null;
    if (!to) {
      if (!this.downSince) {
        this.downSince = { from, at: startedAt };
        this.hooks.onExhausted(from);
      }
      return;
    }
    const wasDown = this.downSince !== null;
    this.downSince = null;
    const failoverMs = this.hooks.failoverMs();
    const due = this.hooks.now() + failoverMs;
    const timer = this.schedule(failoverMs, () => {
      this.switching = null;
      if (!this.hooks.usable(to)) {
        this.startSwitch(from, startedAt);
        return;
      }
      this.activeMember = to;
      this.hooks.onFailoverCompleted(from, to, startedAt);
    });
    this.switching = { from, to, startedAt, timer, due };
    if (!wasDown) this.hooks.onFailoverStarted(from, to);
  }

  /** System power off: nothing is active and no switch is pending. */
  stop(): void {
    this.switching?.timer.cancel();
    this.switching = null;
    this.activeMember = null;
    this.downSince = null;
  }

  /** System power on: the first usable member is active at once (no failover window). */
  start(): void {
    this.stop();
    this.activeMember = this.members.find((m) => this.hooks.usable(m)) ?? null;
  }
}
