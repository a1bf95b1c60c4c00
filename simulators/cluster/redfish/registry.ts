/** The ClusterLab OEM message registry (ClusterLab.1.0.0): what DSP8011 lacks for SAN boot and refusals. */
import type { MessageRegistry, RegistryMessage } from '../../redfish/index.ts';

export const CLUSTER_PREFIX = 'ClusterLab.1.0';

const msg = (Message: string, MessageSeverity: RegistryMessage['MessageSeverity'], ParamTypes: Array<'string' | 'number'>, Resolution = 'None.'): RegistryMessage => ({
  Message,
  MessageSeverity,
  NumberOfArgs: ParamTypes.length,
  ParamTypes,
  Resolution,
});

const MESSAGES = {
  RequestRejected: msg('The request was refused: %1.', 'Warning', ['string'], 'Change the state the message names, then retry.'),
  NoBootableDevice: msg('System %1 found no bootable device: %2.', 'Critical', ['string', 'string'], 'Check the zoning of its HBAs and the LUN masking of its boot volume, then reset the system.'),
  SystemCrashed: msg('The operating system of %1 stopped: %2.', 'Critical', ['string', 'string'], 'Collect the dump if one is written, then reset the system.'),
  OsRunning: msg('The operating system of %1 is running.', 'OK', ['string']),
  DumpStarted: msg('System %1 started writing a memory dump.', 'Warning', ['string']),
  DumpFinished: msg('System %1 finished writing its memory dump.', 'OK', ['string']),
  HardwareFault: msg('Server %1 reports a %2 fault.', 'Critical', ['string', 'string'], 'Repair or replace the faulty part.'),
  HardwareRepaired: msg('The %2 fault of server %1 was repaired.', 'OK', ['string', 'string']),
  BootProgress: msg('System %1 boot progress: %2.', 'OK', ['string', 'string']),
  ResetRequested: msg('A %2 request of system %1 was accepted.', 'OK', ['string', 'string']),
  BootingFrom: msg('System %1 boots from volume %2.', 'OK', ['string', 'string']),
  ZoneSetActivated: msg('Fabric %1 activated zone set %2.', 'OK', ['string', 'string']),
  CommitFailed: msg('Device %1 could not commit %2; nothing was applied.', 'Warning', ['string', 'string'], 'Retry the change.'),
} as const;

export type ClusterMessageKey = keyof typeof MESSAGES;
export const clusterId = (key: ClusterMessageKey): string => `${CLUSTER_PREFIX}.${key}`;

export const CLUSTER_REGISTRY: MessageRegistry = {
  Id: 'ClusterLab.1.0.0',
  Name: 'ftlab SAN-boot cluster messages',
  Language: 'en',
  RegistryPrefix: 'ClusterLab',
  RegistryVersion: '1.0.0',
  OwningEntity: 'ftlab',
  Messages: MESSAGES,
};
