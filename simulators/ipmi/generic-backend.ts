/**
 * A standalone BMC backend with real state: power (with a power-cycle off time), boot flags,
 * a SEL, and a few sensors whose values tests can set (threshold crossings are logged in the
 * SEL the way a real BMC does). Used by `ftlab emulate` kinds without a richer model and by tests.
 */
import type { Clock, Timer } from '../../lib/clock.ts';
import { systemClock } from '../../lib/clock.ts';
import { ConfigError } from '../../lib/errors.ts';
import { CC } from '../../drivers/ipmi/codec/completion-codes.ts';
import { rawToValue, THRESHOLD_ORDER, valueToRaw, type SdrFullSensor } from '../../drivers/ipmi/codec/sdr.ts';
import { EVENT_TYPE_THRESHOLD } from '../../drivers/ipmi/codec/sel.ts';
import { IpmiCommandRefused, NO_BOOT_FLAGS, flagsAfterBoot, type BootFlags, type ChassisAction, type DeviceIdentity, type IpmiBmcBackend, type IpmiSensor, type PowerStatus, type SensorValue } from './backend.ts';
import { CHASSIS_RACK_MOUNT, type FruInfo } from './fru-image.ts';
import { SelStore } from './sel-store.ts';
import { discreteSensorSdr, THRESHOLD_EVENT_BIT, thresholdSensorSdr, thresholdStatus, type DiscreteSensorSpec, type ThresholdSensorSpec } from './sensor-model.ts';

export interface GenericBackendOptions {
  clock?: Clock;
  poweredOn?: boolean;
  /** How long a power cycle keeps the system off (default 1000 ms). */
  powerCycleOffMs?: number;
  identity?: Partial<DeviceIdentity>;
  thresholdSensors?: Array<ThresholdSensorSpec & { value: number }>;
  discreteSensors?: Array<DiscreteSensorSpec & { states: number; asserted?: number }>;
  /** The builtin FRU's inventory (default: an ftlab generic server). */
  fru?: FruInfo;
}

export const DEFAULT_FRU: FruInfo = {
  chassis: { type: CHASSIS_RACK_MOUNT, partNumber: 'FTLAB-CH-1U', serialNumber: 'FTLAB-GEN-0001' },
  board: { manufacturer: 'ftlab', productName: 'Generic BMC board', serialNumber: 'FTLAB-BRD-0001', partNumber: 'FTLAB-BRD-1', manufactured: new Date(Date.UTC(2026, 0, 1)) },
  product: { manufacturer: 'ftlab', name: 'Generic server', partNumber: 'FTLAB-GEN-1', version: '1.0', serialNumber: 'FTLAB-GEN-0001', assetTag: '' },
};

/** Default sensors: CPU temperature, a fan, the 12 V rail, and power supply redundancy. */
export const DEFAULT_THRESHOLD_SENSORS: Array<ThresholdSensorSpec & { value: number }> = [
  { number: 0x01, name: 'CPU Temp', sensorType: 0x01, entityId: 0x03, baseUnit: 1, thresholds: { unc: 80, ucr: 90, unr: 100 }, nominal: 45, value: 45 },
  { number: 0x02, name: 'Fan1', sensorType: 0x04, entityId: 0x1d, baseUnit: 18, m: 50, thresholds: { lnc: 1000, lcr: 500 }, value: 4800 },
  { number: 0x03, name: '12V', sensorType: 0x02, entityId: 0x07, baseUnit: 4, m: 7, rExp: -2, thresholds: { lcr: 10.8, ucr: 13.2 }, nominal: 12, value: 12.04 },
];
export const DEFAULT_DISCRETE_SENSORS: Array<DiscreteSensorSpec & { asserted?: number }> = [
  // Redundancy (0Bh) offsets: 0 Fully Redundant, 1 Redundancy Lost, 2 Degraded.
  { number: 0x04, name: 'PSU Redundancy', sensorType: 0x08, eventType: 0x0b, entityId: 0x0a, states: 0x0007, asserted: 0x0001 },
];

interface ThresholdEntry {
  sdr: SdrFullSensor;
  raw: number;
}

export class GenericBmcBackend implements IpmiBmcBackend {
  readonly sel: SelStore;
  /** Every power transition, in order (tests assert on it). */
  readonly powerHistory: Array<{ on: boolean; cause: ChassisAction | 'timer' }> = [];
  /** Chassis actions received, in order. */
  readonly actions: ChassisAction[] = [];
  private on: boolean;
  private boot: BootFlags = NO_BOOT_FLAGS;
  private cycleTimer: Timer | undefined;
  private readonly clock: Clock;
  private readonly cycleOffMs: number;
  private readonly id: DeviceIdentity;
  private readonly thresholds = new Map<number, ThresholdEntry>();
  private readonly discrete = new Map<number, { states: number; asserted: number }>();
  private readonly list: IpmiSensor[] = [];
  private readonly fruInfo: FruInfo;

  constructor(opts: GenericBackendOptions = {}) {
    this.clock = opts.clock ?? systemClock;
    this.sel = new SelStore(this.clock);
    this.on = opts.poweredOn ?? true;
    this.cycleOffMs = opts.powerCycleOffMs ?? 1000;
    this.fruInfo = opts.fru ?? DEFAULT_FRU;
    this.id = { deviceId: 0x20, deviceRevision: 1, firmwareMajor: 1, firmwareMinor: 0, manufacturerId: 0, productId: 0x0001, ...opts.identity };
    for (const spec of opts.thresholdSensors ?? DEFAULT_THRESHOLD_SENSORS) {
      const sdr = thresholdSensorSdr(spec);
      const entry = { sdr, raw: valueToRaw(sdr, spec.value) };
      this.thresholds.set(spec.number, entry);
      this.list.push({ sdr, read: (): SensorValue => ({ raw: entry.raw }) });
    }
    for (const spec of opts.discreteSensors ?? DEFAULT_DISCRETE_SENSORS) {
      const entry = { states: spec.states, asserted: spec.asserted ?? 0 };
      this.discrete.set(spec.number, entry);
      this.list.push({ sdr: discreteSensorSdr(spec), read: (): SensorValue => ({ states: entry.asserted }) });
    }
  }

  identity(): DeviceIdentity {
    return this.id;
  }

  power(): PowerStatus {
    return { on: this.on, restorePolicy: 'previous' };
  }

  get poweredOn(): boolean {
    return this.on;
  }

  chassisControl(action: ChassisAction): void {
    this.actions.push(action);
    switch (action) {
      case 'power-on':
        this.cancelCycle();
        if (!this.on) this.setPower(true, action);
        return;
      case 'power-off':
      case 'soft-off':
        this.cancelCycle();
        if (this.on) this.setPower(false, action);
        return;
      case 'power-cycle':
        if (!this.on) throw new IpmiCommandRefused(CC.NOT_SUPPORTED_IN_STATE, 'power cycle needs the system on');
        this.setPower(false, action);
        this.cycleTimer = this.clock.setTimer(this.cycleOffMs, () => {
          this.cycleTimer = undefined;
          this.setPower(true, 'timer');
        });
        return;
      case 'hard-reset':
        if (!this.on) throw new IpmiCommandRefused(CC.NOT_SUPPORTED_IN_STATE, 'reset needs the system on');
        this.boot = flagsAfterBoot(this.boot);
        return;
      case 'diagnostic-interrupt':
        // Critical Interrupt (13h), offset 0: front panel NMI / diagnostic interrupt.
        this.sel.add({ sensorType: 0x13, sensorNumber: 0x00, eventType: 0x6f, assertion: true, eventData: [0x00, 0xff, 0xff] });
        return;
    }
  }

  bootFlags(): BootFlags {
    return this.boot;
  }

  fru(): FruInfo {
    return this.fruInfo;
  }

  setBootFlags(flags: BootFlags): void {
    this.boot = { ...flags };
  }

  sensors(): readonly IpmiSensor[] {
    return this.list;
  }

  /** Set a threshold sensor's value (in its units); crossing thresholds logs SEL events. */
  setSensorValue(number: number, value: number): void {
    const e = this.thresholds.get(number);
    if (!e) throw new ConfigError(`sensor 0x${number.toString(16)}`, 'the number of a threshold sensor of this backend');
    const before = thresholdStatus(e.sdr, e.raw);
    e.raw = valueToRaw(e.sdr, value);
    const after = thresholdStatus(e.sdr, e.raw);
    THRESHOLD_ORDER.forEach((name, i) => {
      const was = (before >> i) & 1;
      const now = (after >> i) & 1;
      if (was === now) return;
      // Event data 1: bits 7..6 = 01b (trigger reading in byte 2), 5..4 = 01b (threshold in byte 3).
      const eventData: [number, number, number] = [0x50 | THRESHOLD_EVENT_BIT[name], e.raw, e.sdr.thresholds[name] ?? 0];
      this.sel.add({ sensorType: e.sdr.sensorType, sensorNumber: number, eventType: EVENT_TYPE_THRESHOLD, assertion: now === 1, eventData });
    });
  }

  sensorValue(number: number): number | null {
    const e = this.thresholds.get(number);
    return e ? rawToValue(e.sdr, e.raw) : null;
  }

  /** Assert exactly `states` on a discrete sensor, logging an assertion event for each newly set offset. */
  setDiscreteStates(number: number, states: number): void {
    const e = this.discrete.get(number);
    const sdr = this.list.find((s) => s.sdr.sensorNumber === number)?.sdr;
    if (!e || !sdr) throw new ConfigError(`sensor 0x${number.toString(16)}`, 'the number of a discrete sensor of this backend');
    const added = states & ~e.asserted & e.states;
    e.asserted = states & e.states;
    for (let off = 0; off < 15; off++) {
      if ((added >> off) & 1) this.sel.add({ sensorType: sdr.sensorType, sensorNumber: number, eventType: sdr.eventType, assertion: true, eventData: [off, 0xff, 0xff] });
    }
  }

  /** Stop the pending power-cycle timer, if any (tests' teardown). */
  dispose(): void {
    this.cancelCycle();
  }

  private setPower(on: boolean, cause: ChassisAction | 'timer'): void {
    this.on = on;
    this.powerHistory.push({ on, cause });
    if (on) this.boot = flagsAfterBoot(this.boot);
  }

  private cancelCycle(): void {
    this.cycleTimer?.cancel();
    this.cycleTimer = undefined;
  }
}
