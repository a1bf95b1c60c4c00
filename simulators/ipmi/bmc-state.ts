/**
 * The BMC's own settings that IPMI commands read and change (not device state, which is the
 * backend's): the LAN channel's access settings, BMC Global Enables, chassis identify, SDR
 * reservation IDs, and the few writable LAN configuration parameters.
 */
import type { Clock } from '../../lib/clock.ts';
import { PRIVILEGE } from '../../drivers/ipmi/codec/commands/spec.ts';

/** Get/Set Channel Access (§22.22/22.23); the volatile and non-volatile settings are kept alike. */
export interface ChannelAccess {
  /** 0 disabled, 1 pre-boot only, 2 always available, 3 shared. */
  accessMode: number;
  alertingEnabled: boolean;
  perMessageAuth: boolean;
  userLevelAuth: boolean;
  /** Highest privilege a session on the channel may take (1..4). */
  privilegeLimit: number;
}

/** Chassis Status identify state (§28.2, byte 3 bits 5:4). */
export type IdentifyState = 'off' | 'timed' | 'indefinite';

export class BmcState {
  channelAccess: ChannelAccess = { accessMode: 2, alertingEnabled: false, perMessageAuth: true, userLevelAuth: true, privilegeLimit: PRIVILEGE.ADMINISTRATOR };
  /** BMC Global Enables (§22.1): event message buffer, SEL logging on. */
  globalEnables = 0x0c;
  /** LAN parameter 0 (set in progress) and 16 (community string). */
  lanSetInProgress = 0;
  community: Buffer = Buffer.concat([Buffer.from('public'), Buffer.alloc(12)]);
  private identifyUntil = 0; // Infinity: forced on
  private lastReservation = 0;

  constructor(private readonly clock: Clock) {}

  /** BMC Global Enables bit 3: the BMC logs its own events (watchdog, SEL cleared, lockout) only while it is set. */
  selLogging(): boolean {
    return (this.globalEnables & 0x08) !== 0;
  }

  /** Chassis Identify: interval in seconds (0 = off), or on until told otherwise. */
  identify(intervalS: number, force: boolean): void {
    this.identifyUntil = force ? Infinity : intervalS === 0 ? 0 : this.clock.now() + intervalS * 1000;
  }

  identifyState(): IdentifyState {
    if (this.identifyUntil === Infinity) return 'indefinite';
    return this.identifyUntil > this.clock.now() ? 'timed' : 'off';
  }

  /** A new SDR reservation ID (kept by the session that asked: a reservation per session, so parallel readers never cancel each other). */
  nextSdrReservation(): number {
    this.lastReservation = (this.lastReservation % 0xffff) + 1;
    return this.lastReservation;
  }
}
