/**
 * Binds the IPMI server to an emulated ft server. Everything IPMI shows is the ft server's own
 * state, shared with its Redfish view: power (both act on the same FtModel), the one SEL
 * (`ft.sel`, whose Redfish view is `Systems/ft0/LogServices/SEL`: simulators/ft/sel.ts), the
 * sensors (`ft.sensors`: SDRs here, Chassis/{id}/Sensors there: simulators/ft/sensors.ts) and the
 * accounts (the Redfish AccountService, followed live: ipmi-accounts.ts) and the serial console
 * (`ft.consoleFeed`, served over Serial-over-LAN: the stream the TCP console port serves).
 * `ftlab emulate ft --ipmi-port N|0` calls `startIpmiFor` (simulators/ft/cli.ts: attachIpmi).
 * SEL timestamps follow the model's (possibly scaled) clock; session idle timeouts run in real time.
 */
import { CC } from '../../drivers/ipmi/codec/completion-codes.ts';
import { errorMessage } from '../../lib/errors.ts';
import { silentLogger, type Logger } from '../../lib/log.ts';
import { BootOverride } from './boot-override.ts';
import { ModelRejection, type FtModel } from './model.ts';
import type { FtServer } from './server.ts';
import { ftSensors } from './sensors.ts';
import type { ResetType } from './types.ts';
import type { BmcAccount, BmcRole } from '../ipmi/accounts.ts';
import { IpmiCommandRefused, type BootFlags, type ChassisAction, type DeviceIdentity, type IpmiBmcBackend, type IpmiSensor, type PowerStatus } from '../ipmi/backend.ts';
import { followRedfishAccounts } from './ipmi-accounts.ts';
import { selEventsFor } from './ipmi-sel-feed.ts';
import { CHASSIS_RACK_MOUNT, type FruInfo } from '../ipmi/fru-image.ts';
import { SelStore } from '../ipmi/sel-store.ts';
import type { SolConsole } from '../ipmi/sol-console.ts';
import type { ConsoleFeed } from './console-feed.ts';
import { startIpmiServer, type IpmiServer } from '../ipmi/server.ts';

const CHASSIS_TO_RESET: Readonly<Record<ChassisAction, ResetType>> = {
  'power-off': 'ForceOff',
  'power-on': 'On',
  'power-cycle': 'PowerCycle',
  'hard-reset': 'ForceRestart',
  'diagnostic-interrupt': 'Nmi',
  'soft-off': 'GracefulShutdown',
};

export interface FtBmcBackendOptions {
  /** Called with each SEL record (model events, and with `sel` given, every record added to it). */
  onSelRecord?: (r: ReturnType<SelStore['add']>) => void;
  logger?: Logger;
  /** A SEL the owner already feeds (the ft server's `ft.sel`); default: a new one fed from the model here. */
  sel?: SelStore;
  /** The sensors to serve (the ft server's `ft.sensors`); default: a new list read from the model. */
  sensors?: readonly IpmiSensor[];
  /** The boot override Redfish shows (the ft server's `ft.boot`); default: a new one on the model. */
  boot?: BootOverride;
  /** The serial console to serve over SOL (the ft server's `ft.consoleFeed`); default: none (SOL disabled). */
  console?: ConsoleFeed;
}

/** A console feed as the SOL payload reads it: bytes out, a reader's input and BREAK in. */
export function solConsoleOf(feed: ConsoleFeed): SolConsole {
  return { attach: (output) => feed.attach((text) => output(Buffer.from(text, 'utf8'))) };
}

/** The IPMI view of one ft server's model. */
export class FtBmcBackend implements IpmiBmcBackend {
  readonly sel: SelStore;
  readonly sol: SolConsole | undefined;
  private readonly boot: BootOverride;
  private readonly ownBoot: boolean;
  private readonly list: readonly IpmiSensor[];
  private readonly unsubscribe: () => void;

  constructor(
    private readonly model: FtModel,
    opts: FtBmcBackendOptions = {},
  ) {
    this.list = opts.sensors ?? ftSensors(model);
    this.ownBoot = opts.boot === undefined;
    this.boot = opts.boot ?? new BootOverride(model);
    this.sol = opts.console ? solConsoleOf(opts.console) : undefined;
    const tell = (rec: ReturnType<SelStore['add']>): void => {
      try {
        opts.onSelRecord?.(rec);
      } catch (err) {
        (opts.logger ?? silentLogger).warn(`SEL listener failed: ${errorMessage(err)}`);
      }
    };
    if (opts.sel) {
      this.sel = opts.sel;
      this.unsubscribe = opts.onSelRecord ? this.sel.onAdd((r) => r.kind === 'system' && tell(r)) : () => {};
      return;
    }
    const sel = new SelStore(model.clock, 1000);
    this.sel = sel;
    this.unsubscribe = model.on((e) => {
      const deviceIndex = (id: string): number => Math.max(0, model.devicesList().findIndex((d) => d.id === id));
      for (const input of selEventsFor(e, deviceIndex)) tell(sel.add(input));
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
    // As the generic backend and the spec's recommendation (§28.3): a power cycle needs the system on.
    if (action === 'power-cycle' && this.model.powerState === 'Off') throw new IpmiCommandRefused(CC.NOT_SUPPORTED_IN_STATE, 'power cycle needs the system on');
    try {
      this.model.resetSystem(CHASSIS_TO_RESET[action]);
    } catch (e) {
      if (e instanceof ModelRejection) throw new IpmiCommandRefused(CC.NOT_SUPPORTED_IN_STATE, e.message, { cause: e });
      throw e;
    }
    // a one-time boot override is used up by the boot itself (BootOverride follows the model)
  }

  bootFlags(): BootFlags {
    return this.boot.get();
  }

  setBootFlags(flags: BootFlags): void {
    this.boot.set(flags);
  }

  sensors(): readonly IpmiSensor[] {
    return this.list;
  }

  /** The enclosure as Redfish shows it (manufacturer, model), the CPU-I/O module's part number. */
  fru(): FruInfo {
    const { manufacturer, model } = this.model.profile.system;
    return {
      chassis: { type: CHASSIS_RACK_MOUNT, partNumber: model, serialNumber: 'FTLAB-ENC0' },
      board: { manufacturer, productName: 'CPU-I/O module', serialNumber: 'FTLAB-M0', partNumber: 'FTLAB-CPUIO-2S', manufactured: new Date(Date.UTC(2026, 0, 1)) },
      product: { manufacturer, name: model, partNumber: model, version: '1', serialNumber: 'FTLAB-ENC0', assetTag: '' },
    };
  }

  dispose(): void {
    this.unsubscribe();
    if (this.ownBoot) this.boot.dispose();
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
  /** The BMC key K_g (1..20 bytes); `ftlab emulate ft --kg-file F`. */
  kg?: Buffer;
}

/**
 * Start IPMI for an ft server. Called by `ftlab emulate ft --ipmi-port N|0` and the embedded lab.
 * The SEL, the sensors and the accounts are the ft server's own (see the file comment): accounts
 * created, changed or deleted over Redfish take effect over IPMI from the next login on.
 */
export async function startIpmiFor(ft: FtServer, opts: FtIpmiOptions): Promise<IpmiAttachment> {
  const log = (opts.logger ?? silentLogger).child({ component: 'ipmi-ft' });
  const redfishRole = ft.svc.auth.findByUser(opts.user)?.role;
  const role: BmcRole = opts.role ?? redfishRole ?? 'Administrator';
  const backend = new FtBmcBackend(ft.model, { sel: ft.sel, sensors: ft.sensors, boot: ft.boot, console: ft.consoleFeed, logger: log });
  const seeded: BmcAccount[] = [{ user: opts.user, password: opts.password, role }, ...(opts.extraAccounts ?? [])];
  let server: IpmiServer;
  try {
    server = await startIpmiServer({
      host: opts.host,
      port: opts.port,
      accounts: seeded,
      backend,
      bmcName: 'ftlab ft BMC',
      // The Redfish AccountService owns the accounts: IPMI Set User Name/Access/Password are refused (CC D5h).
      userCommands: false,
      ...(opts.kg ? { kg: opts.kg } : {}),
      ...(opts.logger ? { logger: opts.logger } : {}),
      ...(opts.sessionLimit !== undefined ? { sessionLimit: opts.sessionLimit } : {}),
      ...(opts.idleTimeoutMs !== undefined ? { idleTimeoutMs: opts.idleTimeoutMs } : {}),
      ...(opts.allowCipher0 !== undefined ? { allowCipher0: opts.allowCipher0 } : {}),
    });
  } catch (e) {
    backend.dispose();
    throw e;
  }
  const stopFollowing = followRedfishAccounts(ft.svc.auth, server.users, seeded, log);
  const host = opts.host.includes(':') ? `[${opts.host}]` : opts.host;
  ft.endpoints.ipmi = { port: server.port };
  return {
    endpoint: `${host}:${server.port}`,
    server,
    backend,
    close: async () => {
      stopFollowing();
      delete ft.endpoints.ipmi;
      backend.dispose();
      await server.close();
    },
  };
}
