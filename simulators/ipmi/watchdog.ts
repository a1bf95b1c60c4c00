/**
 * The BMC watchdog timer (§27): Set Watchdog Timer configures it, Reset Watchdog Timer starts (or
 * restarts) the countdown on the injected clock, Get Watchdog Timer shows the present count. On
 * expiry the configured timeout action is taken through the backend (hard reset, power down,
 * power cycle) and, unless "don't log" is set, a Watchdog 2 event (sensor type 23h, offsets 0..3)
 * is logged in the SEL. The wire layout of the three commands is encoded here (pure, apart from
 * the timer).
 */
import type { Clock, Timer } from '../../lib/clock.ts';
import { errorMessage } from '../../lib/errors.ts';
import type { Logger } from '../../lib/log.ts';
import type { ChassisAction, IpmiBmcBackend } from './backend.ts';
import { watchdogExpired } from './bmc-events.ts';

/** Timeout actions (Set Watchdog Timer byte 2, bits 2:0) → the SEL offset and the chassis action. */
const ACTIONS: ReadonlyMap<number, { offset: number; action?: ChassisAction; name: string }> = new Map([
  [0, { offset: 0, name: 'no action' }],
  [1, { offset: 1, action: 'hard-reset', name: 'hard reset' }],
  [2, { offset: 2, action: 'power-off', name: 'power down' }],
  [3, { offset: 3, action: 'power-cycle', name: 'power cycle' }],
]);

export interface WatchdogSettings {
  /** Byte 1: timer use (bits 2:0), don't stop (bit 6), don't log (bit 7). */
  timerUse: number;
  /** Byte 2: timeout action (bits 2:0), pre-timeout interrupt (bits 6:4). */
  timerActions: number;
  /** Pre-timeout interval, seconds. */
  preTimeoutS: number;
  /** Initial countdown, 100 ms units. */
  initialCount: number;
}

export class Watchdog {
  private settings: WatchdogSettings = { timerUse: 0, timerActions: 0, preTimeoutS: 0, initialCount: 0 };
  private initialized = false;
  private expirationFlags = 0;
  private deadline: number | undefined;
  private timer: Timer | undefined;

  constructor(
    private readonly clock: Clock,
    private readonly backend: IpmiBmcBackend,
    private readonly log: Logger,
    /** Whether the BMC logs its own events (BMC Global Enables, System Event Logging). */
    private readonly selLogging: () => boolean = () => true,
  ) {}

  /** Set Watchdog Timer (6 bytes): stops the timer unless "don't stop" is set; byte 4 clears expiration flags. */
  set(data: Buffer): number {
    const [use = 0, actions = 0, pre = 0, clear = 0] = data;
    const initialCount = data.readUInt16LE(4);
    const use3 = use & 0x07;
    if (use3 === 0 || use3 > 5 || !ACTIONS.has(actions & 0x07) || (pre > 0 && pre * 10 > initialCount)) return 0xcc;
    this.settings = { timerUse: use & 0xc7, timerActions: actions & 0x77, preTimeoutS: pre, initialCount };
    this.expirationFlags &= ~clear & 0x3e;
    this.initialized = true;
    if ((use & 0x40) === 0) this.stop();
    else if (this.deadline !== undefined) this.start();
    return 0;
  }

  /** Reset Watchdog Timer: (re)start the countdown from the initial count. */
  reset(): number {
    if (!this.initialized) return 0x80;
    this.start();
    return 0;
  }

  /** Get Watchdog Timer's 8 bytes. */
  get(): Buffer {
    const s = this.settings;
    const running = this.deadline !== undefined;
    const b = Buffer.alloc(8);
    b[0] = s.timerUse | (running ? 0x40 : 0);
    b[1] = s.timerActions;
    b[2] = s.preTimeoutS;
    b[3] = this.expirationFlags;
    b.writeUInt16LE(s.initialCount, 4);
    b.writeUInt16LE(running ? this.presentCount() : 0, 6);
    return b;
  }

  dispose(): void {
    this.stop();
  }

  private presentCount(): number {
    const left = (this.deadline ?? 0) - this.clock.now();
    return Math.max(0, Math.ceil(left / 100));
  }

  private start(): void {
    this.timer?.cancel();
    const ms = this.settings.initialCount * 100;
    this.deadline = this.clock.now() + ms;
    this.timer = this.clock.setTimer(ms, () => void this.expire());
  }

  private stop(): void {
    this.timer?.cancel();
    this.timer = undefined;
    this.deadline = undefined;
  }

  private async expire(): Promise<void> {
    this.stop();
    const s = this.settings;
    const use = s.timerUse & 0x07;
    this.expirationFlags |= 1 << use;
    const a = ACTIONS.get(s.timerActions & 0x07) ?? { offset: 0, name: 'no action' };
    this.log.info(`watchdog expired (timer use ${use}): ${a.name}`);
    if ((s.timerUse & 0x80) === 0 && this.selLogging()) {
      watchdogExpired(this.backend.sel, a.offset, (s.timerActions >> 4) & 0x07, use);
    }
    if (!a.action) return;
    try {
      await this.backend.chassisControl(a.action);
    } catch (e) {
      this.log.warn(`watchdog ${a.name} not taken: ${errorMessage(e)}`);
    }
  }
}
