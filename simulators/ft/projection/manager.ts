/** The BMC manager (with its network interfaces, protocols and HTTPS certificate) and the log services: the System's EventLog and SEL view, the manager's audit log. */
import { formatTimestamp, mountCertificateService, mountManagerNetwork, type LogHandle } from '../../redfish/index.ts';
import { ENCLOSURE, MANAGER, MANAGER_LOG, SYSTEM, SYSTEM_EVENT_LOG, SYSTEM_SEL, moduleUri } from '../uris.ts';
import { ref, type ProjectionContext } from './common.ts';

export interface MountedProjection {
  eventLog: LogHandle;
  sel: LogHandle;
  managerLog: LogHandle;
}

/** Where the HTTPS certificate lives (ManagerNetworkProtocol HTTPS.Certificates). */
export const HTTPS_CERTIFICATES = `${MANAGER}/NetworkProtocol/HTTPS/Certificates`;

export function mountManager({ svc, model, bmc }: ProjectionContext): void {
  if (bmc.certificate) mountCertificateService(svc, HTTPS_CERTIFICATES, bmc.certificate);
  mountManagerNetwork(svc, MANAGER, bmc.endpoints, bmc.certificate ? HTTPS_CERTIFICATES : undefined);
  svc.resource(MANAGER, {
    type: '#Manager.v1_19_0.Manager',
    get: () => ({
      Id: 'bmc',
      Name: 'ft server BMC',
      ManagerType: 'BMC',
      DateTime: formatTimestamp(model.now()),
      DateTimeLocalOffset: '+00:00',
      FirmwareVersion: 'ftlab-1.0',
      PowerState: 'On',
      Status: { State: 'Enabled', Health: 'OK' },
      LogServices: ref(`${MANAGER}/LogServices`),
      EthernetInterfaces: ref(`${MANAGER}/EthernetInterfaces`),
      NetworkProtocol: ref(`${MANAGER}/NetworkProtocol`),
      Links: { ManagerForServers: [ref(SYSTEM)], ManagerForChassis: [ref(ENCLOSURE), ref(moduleUri(0)), ref(moduleUri(1))] },
    }),
  });
}

export function mountLogs({ svc }: ProjectionContext): MountedProjection {
  const eventLog = svc.logs.add(SYSTEM_EVENT_LOG, { entryType: 'Event', name: 'System Event Log', maxRecords: 2000 });
  const sel = svc.logs.add(SYSTEM_SEL, { entryType: 'SEL', name: 'System Event Log (IPMI SEL view)', maxRecords: 1000 });
  const managerLog = svc.logs.add(MANAGER_LOG, { entryType: 'Event', name: 'BMC log and audit trail', maxRecords: 1000, captureEvents: false });
  return { eventLog, sel, managerLog };
}
