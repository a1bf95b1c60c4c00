/** Fault injection on an emulated (or instrumented) ft server. Each call returns once accepted. */
export type ModuleIndex = 0 | 1;
export type Subsystem = 'Cpu' | 'Io';
export type ErrorKind = 'Transient' | 'Permanent';

export interface FaultInjector {
  readonly kind: 'FaultInjector';
  injectError(p: { module: ModuleIndex; subsystem: Subsystem; kind: ErrorKind; count?: number }, signal?: AbortSignal): Promise<void>;
  pullModule(module: ModuleIndex, signal?: AbortSignal): Promise<void>;
  insertModule(module: ModuleIndex, signal?: AbortSignal): Promise<void>;
  pcieFatalError(device: string, signal?: AbortSignal): Promise<void>;
  setLink(iface: string, linkUp: boolean, signal?: AbortSignal): Promise<void>;
  /** Devices that can take a PCIe fatal error, with whether their driver supports surprise removal. */
  pcieDevices(signal?: AbortSignal): Promise<Array<{ id: string; module: number; surpriseRemovalSupported: boolean }>>;
}
