/**
 * Capabilities over IPMI, so a lab inventory can pick Redfish or IPMI per device and scenarios run
 * unchanged: PowerControl (Get Chassis Status / Chassis Control), SystemHealth (Get Chassis
 * Status: power state, and power or cooling faults as health), LogReader (the SEL), SensorReader
 * (SDR repository + Get Sensor Reading).
 */
import type { PowerAction, PowerControl, PowerState } from '../capabilities/power-control.ts';
import type { LogKind, LogReader, LogRecord } from '../capabilities/log-reader.ts';
import type { SensorReader, SensorReading } from '../capabilities/sensors.ts';
import type { HealthSnapshot, SystemHealth } from '../capabilities/system-health.ts';
import { ConfigError } from '../../lib/errors.ts';
import type { IpmiClient, SelEntry } from './client.ts';
import type { ChassisActionName } from './codec/commands/chassis.ts';
import { THRESHOLD_BIT, type SensorReadingResponse } from './codec/commands/sensor-reading.ts';
import { IpmiCompletionCodeError } from './errors.ts';
import { assertedStateNames, describeEvent, eventSeverity, selMessageId, selTimestampIso, sensorTypeName } from './codec/sel.ts';
import { rawToValue, unitName, type SdrRecord } from './codec/sdr.ts';

const ACTIONS: Readonly<Record<PowerAction, ChassisActionName>> = {
  On: 'on',
  ForceOff: 'off',
  GracefulShutdown: 'soft',
  ForceRestart: 'reset',
  PowerCycle: 'cycle',
};

export class IpmiPowerControl implements PowerControl {
  readonly kind = 'PowerControl' as const;
  constructor(private readonly client: IpmiClient) {}

  async state(signal?: AbortSignal): Promise<PowerState> {
    const s = await this.client.chassisStatus(signal);
    return s.powerOn ? 'On' : 'Off';
  }

  async request(action: PowerAction, signal?: AbortSignal): Promise<void> {
    const a = ACTIONS[action];
    if (!a) throw new ConfigError('IPMI PowerControl.request', `an action among ${Object.keys(ACTIONS).join(', ')}`, { found: action });
    await this.client.chassisControl(a, signal);
  }
}

export class IpmiSystemHealth implements SystemHealth {
  readonly kind = 'SystemHealth' as const;
  constructor(private readonly client: IpmiClient) {}

  async read(signal?: AbortSignal): Promise<HealthSnapshot> {
    const s = await this.client.chassisStatus(signal);
    const critical = s.powerFault || s.powerControlFault || s.powerOverload;
    const warning = s.coolingFault || s.driveFault;
    return { powerState: s.powerOn ? 'On' : 'Off', state: null, health: critical ? 'Critical' : warning ? 'Warning' : 'OK' };
  }
}

/** One SEL entry as a LogRecord (system events decoded; OEM records as hex). */
export function selEntryToLogRecord(e: SelEntry): LogRecord {
  const r = e.record;
  const id = String(r.recordId);
  if (r.kind === 'system') {
    const when = selTimestampIso(r.timestamp);
    const what = describeEvent(r);
    const type = sensorTypeName(r.sensorType);
    return {
      id,
      created: when,
      eventTimestamp: when,
      messageId: selMessageId(r),
      messageArgs: [],
      message: `${type} #0x${r.sensorNumber.toString(16).padStart(2, '0')} ${what} ${r.assertion ? 'Asserted' : 'Deasserted'}`,
      severity: eventSeverity(r),
      originOfCondition: null,
      sensorType: type,
      sensorNumber: r.sensorNumber,
      entryCode: what,
    };
  }
  const when = r.kind === 'oem-timestamped' ? selTimestampIso(r.timestamp) : '';
  return {
    id,
    created: when,
    eventTimestamp: r.kind === 'oem-timestamped' ? when : null,
    messageId: `OEM 0x${r.recordType.toString(16).padStart(2, '0')}`,
    messageArgs: [],
    message: `OEM record type 0x${r.recordType.toString(16)}: ${r.oemData.toString('hex')}`,
    severity: 'OK',
    originOfCondition: null,
  };
}

export class IpmiLogReader implements LogReader {
  readonly kind = 'LogReader' as const;
  constructor(private readonly client: IpmiClient) {}

  async logs(): Promise<LogKind[]> {
    return ['SEL'];
  }

  private check(log: LogKind): void {
    if (log !== 'SEL') throw new ConfigError('IPMI LogReader', "log kind 'SEL' (IPMI has no other log)", { found: log });
  }

  /** Whether the last `entries` listing stopped before the SEL's end (why), else undefined. */
  lastPartial: string | undefined;

  async entries(log: LogKind, signal?: AbortSignal): Promise<LogRecord[]> {
    return (await this.listing(log, signal)).records;
  }

  /** The SEL as records, and `partial` when the listing stopped before its end (the record cap). */
  async listing(log: LogKind, signal?: AbortSignal): Promise<{ records: LogRecord[]; partial: string | undefined }> {
    this.check(log);
    const sel = await this.client.readSel(signal);
    this.lastPartial = sel.partial;
    return { records: sel.entries.map(selEntryToLogRecord), partial: sel.partial };
  }

  async clear(log: LogKind, signal?: AbortSignal): Promise<void> {
    this.check(log);
    await this.client.clearSel(signal);
  }
}

const THRESHOLD_EVENT_TYPE = 0x01;

function thresholdStatus(states: number): string {
  if (states & (THRESHOLD_BIT.LNR | THRESHOLD_BIT.UNR)) return 'nr';
  if (states & (THRESHOLD_BIT.LC | THRESHOLD_BIT.UC)) return 'cr';
  if (states & (THRESHOLD_BIT.LNC | THRESHOLD_BIT.UNC)) return 'nc';
  return 'ok';
}

export class IpmiSensorReader implements SensorReader {
  readonly kind = 'SensorReader' as const;
  private sdrs: SdrRecord[] | undefined;
  constructor(private readonly client: IpmiClient) {}

  /** Forget the cached SDRs (read again on the next call). */
  invalidate(): void {
    this.sdrs = undefined;
  }

  async read(signal?: AbortSignal): Promise<SensorReading[]> {
    this.sdrs ??= await this.client.sdrRecords(signal);
    const out: SensorReading[] = [];
    for (const sdr of this.sdrs) {
      if (sdr.kind !== 'full' && sdr.kind !== 'compact') continue;
      const base = { name: sdr.idString, number: sdr.sensorNumber, type: sensorTypeName(sdr.sensorType) };
      const unit = sdr.kind === 'full' ? unitName(sdr) : null;
      let rsp: SensorReadingResponse;
      try {
        rsp = await this.client.sensorReading(sdr.sensorNumber, signal);
      } catch (e) {
        if (e instanceof IpmiCompletionCodeError) {
          out.push({ ...base, value: null, unit, status: 'na' });
          continue;
        }
        throw e;
      }
      if (rsp.readingUnavailable || !rsp.scanningEnabled) {
        out.push({ ...base, value: null, unit, status: 'na' });
      } else if (sdr.eventType === THRESHOLD_EVENT_TYPE) {
        out.push({ ...base, value: sdr.kind === 'full' ? rawToValue(sdr, rsp.raw) : null, unit, status: thresholdStatus(rsp.states) });
      } else {
        const asserted = assertedStateNames(sdr, rsp.states);
        out.push({ ...base, value: null, unit, status: asserted.length ? asserted.join(', ') : 'ok', assertedStates: asserted });
      }
    }
    return out;
  }
}

/** All three capabilities over one client. */
export function ipmiCapabilities(client: IpmiClient): {
  PowerControl: IpmiPowerControl;
  SystemHealth: IpmiSystemHealth;
  LogReader: IpmiLogReader;
  SensorReader: IpmiSensorReader;
} {
  return {
    PowerControl: new IpmiPowerControl(client),
    SystemHealth: new IpmiSystemHealth(client),
    LogReader: new IpmiLogReader(client),
    SensorReader: new IpmiSensorReader(client),
  };
}
