/**
 * The fault-injection service of ftlab's ft emulator (OEM `FtLab.FaultInjection`), or of vendor
 * firmware that offers the same operations. Each call returns once accepted. Real fault sources
 * (a PDU outlet, a switch port) are capabilities of their own.
 */
export type ModuleIndex = 0 | 1;
export type Subsystem = 'Cpu' | 'Io';
export type ErrorKind = 'Transient' | 'Permanent';
/** Chassis.Reset types of one module (redfish-model.md §1.7). */
export type ModuleResetType = 'On' | 'ForceOff' | 'GracefulShutdown' | 'PowerCycle' | 'ForceRestart';
/** What a module's transient errors lead to (FT-11): the threshold decides, always keep out, always re-integrate. */
export type FaultPolicy = 'UseThreshold' | 'NeverRestart' | 'AlwaysRestart';

export interface FtLabFaultInjection {
  readonly kind: 'FtLabFaultInjection';
  injectError(p: { module: ModuleIndex; subsystem: Subsystem; kind: ErrorKind; count?: number }, signal?: AbortSignal): Promise<void>;
  pullModule(module: ModuleIndex, signal?: AbortSignal): Promise<void>;
  insertModule(module: ModuleIndex, signal?: AbortSignal): Promise<void>;
  pcieFatalError(device: string, signal?: AbortSignal): Promise<void>;
  setLink(iface: string, linkUp: boolean, signal?: AbortSignal): Promise<void>;
  /** The BMC's clear-history action of a module: its error counters (one subsystem, or all) start again from 0. */
  clearErrorHistory(module: ModuleIndex, subsystem?: Subsystem, signal?: AbortSignal): Promise<void>;
  /** The operator's Chassis.Reset of one module; `task`: the Task monitor a 202 named (a re-integration), else null. Refused: ChangeRefusedError. */
  resetModule(module: ModuleIndex, type: ModuleResetType, signal?: AbortSignal): Promise<{ status: number; task: string | null }>;
  /** Set a module's error-counting limits for one subsystem (the counting window in seconds, the threshold). */
  setErrorLimits(module: ModuleIndex, subsystem: Subsystem, limits: { windowSeconds?: number; threshold?: number }, signal?: AbortSignal): Promise<void>;
  /** Set a module's fault policy (what its transient errors lead to). */
  setFaultPolicy(module: ModuleIndex, policy: FaultPolicy, signal?: AbortSignal): Promise<void>;
  /** Devices that can take a PCIe fatal error, with whether their driver supports surprise removal. */
  pcieDevices(signal?: AbortSignal): Promise<Array<{ id: string; module: number; surpriseRemovalSupported: boolean }>>;
}
