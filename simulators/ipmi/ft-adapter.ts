/**
 * Binds the IPMI server to an emulated ft server: power state shared with the Redfish view
 * (both act on the same FtModel), a SEL filled from the model's events (ft-sel-feed.ts) and
 * mirrored into the Redfish SEL LogService, and sensors with SDRs projected from the model.
 * `ftlab emulate ft --ipmi-port N|0` calls `startIpmiFor` (simulators/ft/cli.ts: attachIpmi).
 * SEL timestamps follow the model's (possibly scaled) clock; session idle timeouts run in real time.
 */
import { CC } from '../../drivers/ipmi/codec/completion-codes.ts';
import { describeEvent, eventSeverity, selMessageId, sensorTypeName } from '../../drivers/ipmi/codec/sel.ts';
import { errorMessage } from '../../lib/errors.ts';
import { silentLogger, type Logger } from '../../lib/log.ts';
import { ModelRejection, type FtModel } from '../ft/model.ts';
import type { FtServer } from '../ft/server.ts';
import type { ModuleIndex, ResetType } from '../ft/types.ts';
import type { BmcAccount, BmcRole } from './accounts.ts';
import { IpmiCommandRefused, type BootFlags, type ChassisAction, type DeviceIdentity, type IpmiBmcBackend, type IpmiSensor, type PowerStatus, type SensorValue } from './backend.ts';
import { FT_SENSOR, selEventsFor } from './ft-sel-feed.ts';
import { SelStore } from './sel-store.ts';
import { discreteSensorSdr, thresholdSensorSdr } from './sensor-model.ts';
import { startIpmiServer, type IpmiServer } from './server.ts';

const CHASSIS_TO_RESET: Readonly<Record<ChassisAction, ResetType>> = {
  'power-off': 'ForceOff',
  'power-on': 'On',
  'power-cycle': 'PowerCycle',
  'hard-reset': 'ForceRestart',
  'diagnostic-interrupt': 'Nmi',
  'soft-off': 'GracefulShutdown',
};

const MODULES: readonly ModuleIndex[] = [0, 1];

function moduleSensors(model: FtModel): IpmiSensor[] {
  const sensors: IpmiSensor[] = [
    {
      // Redundancy states: 0 Fully Redundant, 1 Redundancy Lost, 2 Redundancy Degraded, 5 Non-redundant: insufficient resources.
      sdr: discreteSensorSdr({ number: FT_SENSOR.REDUNDANCY, name: 'Lockstep Redund', sensorType: 0x15, eventType: 0x0b, entityId: 0x07, states: 0x0027 }),
      read: (): SensorValue => {
        const s = model.ftState();
        return { states: s === 'Duplex' ? 0x01 : s === 'Syncing' ? 0x04 : s === 'Down' ? 0x20 : 0x02 };
      },
    },
  ];
  for (const m of MODULES) {
    sensors.push(
      {
        // Device presence: 0 removed/absent, 1 inserted/present.
        sdr: discreteSensorSdr({ number: FT_SENSOR.PRESENCE[m], name: `Module${m} Presence`, sensorType: 0x25, eventType: 0x08, entityId: 0x0f, entityInstance: m + 1, states: 0x0003 }),
        read: (): SensorValue => ({ states: model.module(m).present ? 0x02 : 0x01 }),
      },
      {
        // Processor: 7 presence detected, 8 disabled (kept out), 0Bh uncorrectable machine check (permanent fault).
        sdr: discreteSensorSdr({ number: FT_SENSOR.CPU[m], name: `CPU${m} Status`, sensorType: 0x07, eventType: 0x6f, entityId: 0x03, entityInstance: m + 1, states: 0x1980 }),
        read: (): SensorValue => {
          const v = model.module(m);
          if (!v.present) return { states: 0 };
          return { states: 0x0080 | (v.keptOut ? 0x0100 : 0) | (v.permanentFault ? 0x0800 : 0) };
        },
      },
      {
        // Critical interrupt: 7 bus correctable, 8 bus uncorrectable, 0Ah bus fatal (event-driven; reads as no state).
        sdr: discreteSensorSdr({ number: FT_SENSOR.PCIE[m], name: `PCIe M${m}`, sensorType: 0x13, eventType: 0x6f, entityId: 0x0b, entityInstance: m + 1, states: 0x0580 }),
        read: (): SensorValue => ({ states: 0 }),
      },
      {
        // Availability: 1 In Test, 2 Power Off, 3 On Line, 4 Off Line.
        sdr: discreteSensorSdr({ number: FT_SENSOR.MODULE_STATE[m], name: `Module${m} State`, sensorType: 0x15, eventType: 0x0a, entityId: 0x0f, entityInstance: m + 1, states: 0x001e }),
        read: (): SensorValue => {
          const op = model.module(m).opState;
          if (op === 'Absent' || op === 'Disabled') return { states: 0x04 };
          if (op === 'Diagnostics') return { states: 0x02 };
          if (op === 'Isolated' || op === 'KeptOut') return { states: 0x10 };
          return { states: 0x08 };
        },
      },
    );
  }
  const inlet = thresholdSensorSdr({ number: FT_SENSOR.INLET_TEMP, name: 'Inlet Temp', sensorType: 0x01, entityId: 0x37, baseUnit: 1, thresholds: { unc: 40, ucr: 45 }, nominal: 24 });
  sensors.push({ sdr: inlet, read: (): SensorValue => ({ raw: 24 }) });
  for (const m of MODULES) {
    // Module input power: 8 W per count; about 360 W when running, 40 W standby, 0 when pulled.
    const sdr = thresholdSensorSdr({ number: FT_SENSOR.MODULE_POWER[m], name: `Module${m} Power`, sensorType: 0x0b, entityId: 0x0f, entityInstance: m + 1, baseUnit: 6, m: 8, thresholds: { ucr: 1200 } });
    sensors.push({
      sdr,
      read: (): SensorValue => {
        const v = model.module(m);
        if (!v.present) return { raw: 0 };
        return { raw: v.powered && v.subsystems.Cpu !== 'Offline' ? 45 : 5 };
      },
    });
  }
  sensors.push(
    { sdr: discreteSensorSdr({ number: FT_SENSOR.ACPI_POWER, name: 'ACPI Power State', sensorType: 0x22, eventType: 0x6f, entityId: 0x07, states: 0x0021 }), read: (): SensorValue => ({ states: model.powerState === 'Off' ? 0x20 : 0x01 }) },
    { sdr: discreteSensorSdr({ number: FT_SENSOR.OS_STOP, name: 'OS Stop', sensorType: 0x20, eventType: 0x6f, entityId: 0x07, states: 0x0002 }), read: (): SensorValue => ({ states: 0 }) },
  );
  return sensors;
}

/** The IPMI view of one ft server's model. */
export class FtBmcBackend implements IpmiBmcBackend {
  readonly sel: SelStore;
  private boot: BootFlags = { device: 'none', persistent: false, efi: false, valid: false };
  private readonly list: IpmiSensor[];
  private readonly unsubscribe: () => void;

  constructor(
    private readonly model: FtModel,
    opts: { onSelRecord?: (r: ReturnType<SelStore['add']>) => void; logger?: Logger } = {},
  ) {
    this.sel = new SelStore(model.clock, 1000);
    this.list = moduleSensors(model);
    const devices = (): string[] => model.devicesList().map((d) => d.id);
    this.unsubscribe = model.on((e) => {
      for (const input of selEventsFor(e, (id) => Math.max(0, devices().indexOf(id)))) {
        const rec = this.sel.add(input);
        try {
          opts.onSelRecord?.(rec);
        } catch (err) {
          (opts.logger ?? silentLogger).warn(`SEL mirror failed: ${errorMessage(err)}`);
        }
      }
    });
  }

  identity(): DeviceIdentity {
    return { deviceId: 0x20, deviceRevision: 1, firmwareMajor: 1, firmwareMinor: 0, manufacturerId: 0, productId: 0x0f70 };
  }

  power(): PowerStatus {
    const p = this.model.powerState;
    return { on: p !== 'Off', restorePolicy: 'previous' };
  }

  chassisControl(action: ChassisAction): void {
    try {
      this.model.resetSystem(CHASSIS_TO_RESET[action]);
    } catch (e) {
      if (e instanceof ModelRejection) throw new IpmiCommandRefused(CC.NOT_SUPPORTED_IN_STATE, e.message, { cause: e });
      throw e;
    }
    if (action === 'power-on' || action === 'power-cycle' || action === 'hard-reset') this.consumeBootFlags();
  }

  bootFlags(): BootFlags {
    return this.boot;
  }

  setBootFlags(flags: BootFlags): void {
    this.boot = { ...flags };
  }

  sensors(): readonly IpmiSensor[] {
    return this.list;
  }

  dispose(): void {
    this.unsubscribe();
  }

  private consumeBootFlags(): void {
    if (this.boot.valid && !this.boot.persistent) this.boot = { ...this.boot, valid: false };
  }
}

export interface IpmiAttachment {
  /** "HOST:PORT" */
  endpoint: string;
  server: IpmiServer;
  backend: FtBmcBackend;
  close(): Promise<void>;
}

export interface FtIpmiOptions {
  host: string;
  port: number;
  user: string;
  password: string;
  /** Role of the account; defaults to its role in the Redfish service, else Administrator. */
  role?: BmcRole;
  /** More accounts (same shape as the Redfish ones). */
  extraAccounts?: BmcAccount[];
  logger?: Logger;
  sessionLimit?: number;
  idleTimeoutMs?: number;
  allowCipher0?: boolean;
}

/**
 * Start IPMI for an ft server. Called by `ftlab emulate ft --ipmi-port N|0` and the embedded lab;
 * SEL records are mirrored into the Redfish `Systems/…/LogServices/SEL` log of the same server.
 */
export async function startIpmiFor(ft: FtServer, opts: FtIpmiOptions): Promise<IpmiAttachment> {
  const redfishRole = ft.svc.auth.findByUser(opts.user)?.role;
  const role: BmcRole = opts.role ?? redfishRole ?? 'Administrator';
  const backend = new FtBmcBackend(ft.model, {
    logger: opts.logger,
    onSelRecord: (r) => {
      if (r.kind !== 'system') return;
      ft.logs.sel.append({
        MessageId: selMessageId(r),
        Severity: eventSeverity(r),
        SensorType: sensorTypeName(r.sensorType),
        SensorNumber: r.sensorNumber,
        EntryCode: describeEvent(r),
        Message: `${sensorTypeName(r.sensorType)} sensor 0x${r.sensorNumber.toString(16).padStart(2, '0')}: ${describeEvent(r)} ${r.assertion ? 'asserted' : 'deasserted'}`,
        EventTimestamp: new Date(r.timestamp * 1000).toISOString(),
        EventId: String(r.recordId),
      });
    },
  });
  const stopMirrorClear = backend.sel.onClear(() => ft.logs.sel.clear());
  let server: IpmiServer;
  try {
    server = await startIpmiServer({
      host: opts.host,
      port: opts.port,
      accounts: [{ user: opts.user, password: opts.password, role }, ...(opts.extraAccounts ?? [])],
      backend,
      bmcName: 'ftlab ft BMC',
      ...(opts.logger ? { logger: opts.logger } : {}),
      ...(opts.sessionLimit !== undefined ? { sessionLimit: opts.sessionLimit } : {}),
      ...(opts.idleTimeoutMs !== undefined ? { idleTimeoutMs: opts.idleTimeoutMs } : {}),
      ...(opts.allowCipher0 !== undefined ? { allowCipher0: opts.allowCipher0 } : {}),
    });
  } catch (e) {
    stopMirrorClear();
    backend.dispose();
    throw e;
  }
  const host = opts.host.includes(':') ? `[${opts.host}]` : opts.host;
  return {
    endpoint: `${host}:${server.port}`,
    server,
    backend,
    close: async () => {
      stopMirrorClear();
      backend.dispose();
      await server.close();
    },
  };
}
