/**
 * The IPMI view of one fleet server: everything it shows is the cluster model's, shared with the
 * server's Redfish view. Chassis Control acts on the system the server is part of now (a
 * partition's members control the partition, as their Redfish Reset does):
 *   power-off → ForceOff, power-on → On, power-cycle → PowerCycle, hard-reset → ForceRestart,
 *   soft-off → GracefulShutdown; diagnostic interrupt: CC D5h (the model has no NMI).
 * A model refusal, and a power cycle while off (the spec's recommendation), answer CC D5h.
 * Boot flags are the BMC's own; a one-time override is used up when the system enters POST.
 * Serial-over-LAN serves the server's console (console/feeds.ts) when given one.
 */
import { createHash } from 'node:crypto';
import { CC } from '../../../drivers/ipmi/codec/completion-codes.ts';
import { IpmiCommandRefused, NO_BOOT_FLAGS, flagsAfterBoot, type BootFlags, type ChassisAction, type DeviceIdentity, type IpmiBmcBackend, type IpmiSensor, type PowerStatus } from '../../ipmi/backend.ts';
import { CHASSIS_RACK_MOUNT, type FruInfo } from '../../ipmi/fru-image.ts';
import { SelStore } from '../../ipmi/sel-store.ts';
import type { SolConsole } from '../../ipmi/sol-console.ts';
import type { ClusterModel, ServerRt } from '../model/cluster.ts';
import { ClusterRejection, type ResetType } from '../model/events.ts';
import type { SystemModel } from '../model/system.ts';
import { fleetSensors } from './sensors.ts';

const CHASSIS_TO_RESET: Readonly<Partial<Record<ChassisAction, ResetType>>> = {
  'power-off': 'ForceOff',
  'power-on': 'On',
  'power-cycle': 'PowerCycle',
  'hard-reset': 'ForceRestart',
  'soft-off': 'GracefulShutdown',
};

/** Every fleet BMC reports the same device (one object for all). */
const IDENTITY: DeviceIdentity = Object.freeze({ deviceId: 0x20, deviceRevision: 1, firmwareMajor: 1, firmwareMinor: 0, manufacturerId: 0, productId: 0x0c11 });

/** SEL records kept per BMC before it wraps. */
export const FLEET_SEL_CAPACITY = 512;

/** A stable name-based (version 5 layout) system GUID for a server, in IPMI wire order (§20.8). */
export function serverGuid(cluster: string, server: string): Buffer {
  const b = createHash('sha1').update(`ftlab-cluster/${cluster}/${server}`).digest().subarray(0, 16);
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x50;
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
  return Buffer.from(b).reverse();
}

export class ClusterBmcBackend implements IpmiBmcBackend {
  readonly sel: SelStore;
  private readonly server: ServerRt;
  private readonly list: readonly IpmiSensor[];
  private boot: BootFlags = NO_BOOT_FLAGS;

  constructor(
    private readonly model: ClusterModel,
    readonly serverId: string,
    /** The server's serial console for SOL; without it the payload reads as disabled. */
    readonly sol?: SolConsole,
  ) {
    this.server = model.server(serverId);
    this.sel = new SelStore(model.clock, FLEET_SEL_CAPACITY);
    this.list = fleetSensors(this.server, () => this.system());
  }

  system(): SystemModel {
    return this.model.systemOf(this.serverId);
  }

  identity(): DeviceIdentity {
    return IDENTITY;
  }

  power(): PowerStatus {
    return { on: this.system().power !== 'Off', restorePolicy: 'previous' };
  }

  chassisControl(action: ChassisAction): void {
    const reset = CHASSIS_TO_RESET[action];
    if (!reset) throw new IpmiCommandRefused(CC.NOT_SUPPORTED_IN_STATE, `${action} is not supported by ${this.serverId}`);
    const sys = this.system();
    if (action === 'power-cycle' && sys.power === 'Off') throw new IpmiCommandRefused(CC.NOT_SUPPORTED_IN_STATE, 'power cycle needs the system on');
    try {
      sys.reset(reset);
    } catch (e) {
      if (e instanceof ClusterRejection) throw new IpmiCommandRefused(CC.NOT_SUPPORTED_IN_STATE, e.message, { cause: e });
      throw e;
    }
  }

  bootFlags(): BootFlags {
    return this.boot;
  }

  setBootFlags(flags: BootFlags): void {
    this.boot = { ...flags };
  }

  /** The system entered POST: a one-time override is used up (§28.13). */
  booted(): void {
    this.boot = flagsAfterBoot(this.boot);
  }

  sensors(): readonly IpmiSensor[] {
    return this.list;
  }

  /** The server as its Redfish view names it (hardware kind's manufacturer and model; serial = server id). */
  fru(): FruInfo {
    const k = this.server.kind;
    const serial = `FTLAB-${this.serverId}`.slice(0, 32);
    return {
      chassis: { type: CHASSIS_RACK_MOUNT, partNumber: k.model, serialNumber: serial },
      board: { manufacturer: k.manufacturer, productName: `${k.model} board (${k.chipset})`, serialNumber: serial, partNumber: `${k.model}-MB`, manufactured: new Date(Date.UTC(2026, 0, 1)) },
      product: { manufacturer: k.manufacturer, name: k.model, partNumber: k.model, version: '1', serialNumber: serial, assetTag: this.serverId.slice(0, 32) },
    };
  }
}
