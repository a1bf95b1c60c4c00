/**
 * The SDR repository the BMC serves (Get SDR Repository Info / Get SDR): an MC device locator for
 * the BMC itself, then one record per sensor, numbered from 1 in that order. It never changes, so
 * reservations (per session: session-table.ts) are only checked, never cancelled.
 */
import { LAST_RECORD_ID } from '../../drivers/ipmi/codec/commands/sel-commands.ts';
import { encodeSdrRecord, type SdrMcLocator } from '../../drivers/ipmi/codec/sdr.ts';
import { ConfigError } from '../../lib/errors.ts';
import type { IpmiSensor } from './backend.ts';

export class SdrRepository {
  private readonly records: Buffer[];
  private readonly bySensor = new Map<number, IpmiSensor>();
  readonly createdAt: number;

  constructor(sensors: readonly IpmiSensor[], bmcName: string, createdAtSeconds: number, fruDevice = false) {
    const locator: SdrMcLocator = {
      kind: 'mc-locator',
      recordId: 1,
      slaveAddress: 0x20,
      channel: 0,
      powerStateInit: 0,
      // Device capabilities: chassis, (FRU inventory,) SEL, SDR repository, sensor device (bits 7, 3, 2, 1, 0).
      capabilities: fruDevice ? 0x8f : 0x87,
      entityId: 0x06, // system management module
      entityInstance: 1,
      oem: 0,
      idString: bmcName.slice(0, 16),
    };
    this.records = [encodeSdrRecord(locator)];
    sensors.forEach((s, i) => {
      if (this.bySensor.has(s.sdr.sensorNumber)) throw new ConfigError(`IPMI sensors[${i}] "${s.sdr.idString}"`, `a sensor number not already used`, { found: s.sdr.sensorNumber });
      this.bySensor.set(s.sdr.sensorNumber, s);
      try {
        this.records.push(encodeSdrRecord({ ...s.sdr, recordId: this.records.length + 1 }));
      } catch (e) {
        if (e instanceof RangeError) throw new ConfigError(`IPMI sensors[${i}] "${s.sdr.idString}"`, e.message, { cause: e });
        throw e;
      }
    });
    this.createdAt = createdAtSeconds;
  }

  get count(): number {
    return this.records.length;
  }

  sensor(number: number): IpmiSensor | undefined {
    return this.bySensor.get(number);
  }

  /** Record bytes by ID (0000h = first), and the next ID (FFFFh after the last). */
  lookup(id: number): { bytes: Buffer; next: number } | undefined {
    const index = id === 0 ? 0 : id - 1;
    const bytes = this.records[index];
    if (!bytes) return undefined;
    return { bytes, next: index + 1 < this.records.length ? index + 2 : LAST_RECORD_ID };
  }
}
