/**
 * The FtLab OEM message registry (FtLab.1.0.0): what DSP8011 lacks for lockstep servers
 * (redfish-model.md §1.4). Module arguments are the module index (0 or 1).
 */
import type { MessageRegistry, RegistryMessage } from '../redfish/index.ts';

export const FTLAB_PREFIX = 'FtLab.1.0';
export const ftlabId = (key: FtLabMessageKey): string => `${FTLAB_PREFIX}.${key}`;

const msg = (
  Message: string,
  MessageSeverity: RegistryMessage['MessageSeverity'],
  ParamTypes: Array<'string' | 'number'>,
  Resolution = 'None.',
  ClearingLogic?: RegistryMessage['ClearingLogic'],
): RegistryMessage => ({ Message, MessageSeverity, NumberOfArgs: ParamTypes.length, ParamTypes, Resolution, ...(ClearingLogic ? { ClearingLogic } : {}) });

const MESSAGES = {
  ModuleIsolated: msg(
    "The %2 subsystem of CPU/IO module %1 was isolated: %3.",
    'Critical',
    ['number', 'string', 'string'],
    'None: the system keeps running on the other module; a transient fault is diagnosed and re-integrated automatically.',
  ),
  ModuleKeptOut: msg(
    'CPU/IO module %1 is kept out of service: %3 %2 errors within %4 seconds.',
    'Critical',
    ['number', 'string', 'number', 'number'],
    'Replace the module named by the LED (pull it, replace the faulty component, insert it) or clear its error history.',
  ),
  TransientFaultReintegrating: msg('CPU/IO module %1 (%2 subsystem) had a transient fault and is being re-integrated.', 'OK', ['number', 'string']),
  IoSubsystemReintegrated: msg('The IO subsystem of CPU/IO module %1 passed diagnostics and is back in service.', 'OK', ['number']),
  ResyncStarted: msg('Resynchronisation of CPU/IO module %1 started.', 'OK', ['number']),
  BrownoutPassCompleted: msg('CPU/IO module %1: brownout copy pass %2 completed, %3 MiB dirtied during the pass.', 'OK', ['number', 'number', 'number']),
  BlackoutStarted: msg('CPU/IO module %1: blackout copy started (IO and OS paused).', 'OK', ['number']),
  BlackoutCompleted: msg('CPU/IO module %1: blackout copy completed, the system was paused for %2 ms.', 'OK', ['number', 'number']),
  DuplexRestored: msg('Both CPU/IO modules run in lockstep again (duplex).', 'OK', [], 'None.', {
    ClearsAll: false,
    ClearsMessage: ['FtLab.1.0.ModuleIsolated', 'ResourceEvent.1.4.ResourceStatusChangedWarning'],
  }),
  ResyncAborted: msg('Resynchronisation of CPU/IO module %1 was aborted: %2.', 'Critical', ['number', 'string']),
  ModuleRemoved: msg('CPU/IO module %1 was removed from the enclosure.', 'Warning', ['number']),
  ModuleInserted: msg('CPU/IO module %1 was inserted into the enclosure.', 'OK', ['number']),
  NicTeamFailover: msg("Network team '%1' failed over from '%2' to '%3'.", 'Warning', ['string', 'string', 'string']),
  PathFailover: msg("Storage volume '%1' failed over from path '%2' to path '%3'.", 'Warning', ['string', 'string', 'string']),
  IoPathsLost: msg("IO set '%1' has no usable member left.", 'Critical', ['string'], 'Restore a link or replace the failed adapters.'),
  SystemCrashed: msg('The system went down: %1.', 'Critical', ['string'], 'Power the system on again (ComputerSystem.Reset On).'),
  RequestRejected: msg('The request was refused in the current state: %1.', 'Warning', ['string'], 'Wait for the current transition to finish or change the state first.'),
  FaultInjected: msg('Fault injection %1 requested with %2.', 'OK', ['string', 'string']),
} satisfies Record<string, RegistryMessage>;

export type FtLabMessageKey = keyof typeof MESSAGES;

export const FTLAB_REGISTRY: MessageRegistry = {
  Id: 'FtLab.1.0.0',
  Name: 'FtLab fault-tolerant server message registry',
  Language: 'en',
  Description: 'Lockstep ft-server events of the ftlab emulator: isolation, keep-out, resync phases, IO failover.',
  RegistryPrefix: 'FtLab',
  RegistryVersion: '1.0.0',
  OwningEntity: 'ftlab',
  Messages: MESSAGES,
};
