/** Resource paths of the ft-server BMC (contract: redfish-model.md §4.1 and the team brief). */
import type { ModuleIndex } from './types.ts';

export const ROOT = '/redfish/v1';
export const SYSTEM = '/redfish/v1/Systems/ft0';
export const ENCLOSURE = '/redfish/v1/Chassis/Enclosure';
export const MANAGER = '/redfish/v1/Managers/bmc';
export const FAULT_INJECTION = '/redfish/v1/Oem/FtLab/FaultInjection';
export const TRUTH = '/redfish/v1/Oem/FtLab/Truth';
export const SYSTEM_EVENT_LOG = `${SYSTEM}/LogServices/EventLog`;
export const SYSTEM_SEL = `${SYSTEM}/LogServices/SEL`;
export const MANAGER_LOG = `${MANAGER}/LogServices/Log`;

export const moduleUri = (m: ModuleIndex): string => `/redfish/v1/Chassis/Module${m}`;
export const pcieUri = (m: ModuleIndex, id: string): string => `${moduleUri(m)}/PCIeDevices/${id}`;
export const processorUri = (id: string): string => `${SYSTEM}/Processors/${id}`;
export const memoryUri = (id: string): string => `${SYSTEM}/Memory/${id}`;
export const ethUri = (id: string): string => `${SYSTEM}/EthernetInterfaces/${id}`;
export const STORAGE = `${SYSTEM}/Storage/mirror0`;
export const VOLUME = `${STORAGE}/Volumes/boot`;
export const processorId = (m: ModuleIndex, i: number): string => `M${m}-CPU${i}`;
export const dimmId = (m: ModuleIndex, i: number): string => `M${m}-DIMM${i}`;
export const errorCountProperty = (sub: string): string => `Oem/FtLab/ErrorCounters/${sub}/Count`;
