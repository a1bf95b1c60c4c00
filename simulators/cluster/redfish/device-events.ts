/**
 * Redfish events of the switches and arrays, and the server events redfish/server.ts does not
 * publish (boot progress, repairs), from the model's one event stream onto each device's own
 * event service (SSE, subscriptions, its event log): only the events of that device.
 *
 *   Ethernet switch: link up/down and port enable → ResourceStateChanged (the port, its new state);
 *                    a port's VLANs, the VLAN table → ResourceChanged (the port, the switch)
 *   FC switch:       fabric login/logout → ResourceCreated/ResourceRemoved of the endpoint;
 *                    zones → ResourceCreated/Changed/Removed; activation → ClusterLab.ZoneSetActivated
 *   array:           volumes, host groups (EndpointGroups), LUN masking (Connections) →
 *                    ResourceCreated/Changed/Removed of the resource
 *   every one:       a commit or activation that failed → ClusterLab.CommitFailed
 */
import type { EventInput, RedfishService } from '../../redfish/index.ts';
import type { ClusterEvent } from '../model/events.ts';
import { FABRIC } from './array.ts';
import { wwpnId } from './common.ts';
import type { EventRouter } from './event-router.ts';
import { clusterId } from './registry.ts';
import { systemUri } from './server.ts';
import type { ClusterDevice } from './services.ts';

const RE = 'ResourceEvent.1.4';
type Mapper = (e: ClusterEvent) => EventInput | null;

const changed = (kind: 'Created' | 'Changed' | 'Removed', origin: string): EventInput => ({ MessageId: `${RE}.Resource${kind}`, OriginOfCondition: origin });
const failed = (device: string, e: ClusterEvent): EventInput | null => (e.type === 'CommitFailed' ? { MessageId: clusterId('CommitFailed'), MessageArgs: [device, e.what] } : null);

function ethernetEvents(id: string): Mapper {
  const sw = `/redfish/v1/Fabrics/Ethernet/Switches/${id}`;
  return (e) => {
    if (e.type === 'LinkChanged') return { MessageId: `${RE}.ResourceStateChanged`, MessageArgs: [`${sw}/Ports/${e.port}`, e.up ? 'LinkUp' : 'LinkDown'], OriginOfCondition: `${sw}/Ports/${e.port}` };
    if (e.type === 'PortEnabledChanged') return { MessageId: `${RE}.ResourceStateChanged`, MessageArgs: [`${sw}/Ports/${e.port}`, e.enabled ? 'Enabled' : 'Disabled'], OriginOfCondition: `${sw}/Ports/${e.port}` };
    if (e.type === 'PortVlansChanged') return changed('Changed', `${sw}/Ports/${e.port}`);
    if (e.type === 'VlanCreated' || e.type === 'VlanRemoved') return changed('Changed', sw);
    return failed(id, e);
  };
}

function fcEvents(device: string, fabric: string): Mapper {
  const base = `/redfish/v1/Fabrics/${fabric}`;
  return (e) => {
    if (e.type === 'FabricLogin' || e.type === 'FabricLogout') return changed(e.type === 'FabricLogin' ? 'Created' : 'Removed', `${base}/Endpoints/${wwpnId(e.wwpn)}`);
    if (e.type === 'ZoneCreated' || e.type === 'ZoneModified' || e.type === 'ZoneRemoved') {
      return changed(e.type === 'ZoneCreated' ? 'Created' : e.type === 'ZoneRemoved' ? 'Removed' : 'Changed', `${base}/Zones/${e.zone}`);
    }
    if (e.type === 'ZoneSetActivated') return { MessageId: clusterId('ZoneSetActivated'), MessageArgs: [fabric, e.zoneSet ?? 'none'], OriginOfCondition: e.zoneSet ? `${base}/Zones/${e.zoneSet}` : base };
    return failed(device, e);
  };
}

function arrayEvents(id: string): Mapper {
  const kind = (t: string): 'Created' | 'Changed' | 'Removed' => (t.endsWith('Created') ? 'Created' : t.endsWith('Removed') ? 'Removed' : 'Changed');
  return (e) => {
    if (e.type === 'VolumeCreated' || e.type === 'VolumeRemoved') return changed(kind(e.type), `/redfish/v1/Storage/${id}/Volumes/${e.volume}`);
    if (e.type === 'HostGroupChanged' || e.type === 'HostGroupRemoved') return changed(kind(e.type), `${FABRIC}/EndpointGroups/${e.hostGroup}`);
    if (e.type === 'ConnectionCreated' || e.type === 'ConnectionModified' || e.type === 'ConnectionRemoved') return changed(kind(e.type), `${FABRIC}/Connections/${e.connection}`);
    return failed(id, e);
  };
}

/** Boot progress up to the OS (the states server.ts does not announce) and repairs, of the events routed to server `id`. */
function serverEvents(id: string): Mapper {
  const progress = new Set(['Post', 'FabricLogin', 'Booting', 'ShuttingDown']);
  return (e) => {
    if (e.type === 'HardwareRepaired') return { MessageId: clusterId('HardwareRepaired'), MessageArgs: [id, e.fault], OriginOfCondition: systemUri(id) };
    if (e.type !== 'BootStateChanged' || !progress.has(e.state)) return null;
    return { MessageId: clusterId('BootProgress'), MessageArgs: [e.system, e.state], OriginOfCondition: systemUri(id) };
  };
}

/** Publish device `name`'s events on `svc` from now on. */
export function publishDeviceEvents(router: EventRouter, svc: RedfishService, kind: ClusterDevice['kind'], name: string, fabric?: string): void {
  const map = kind === 'server' ? serverEvents(name) : kind === 'array' ? arrayEvents(name) : kind === 'ethernet-switch' ? ethernetEvents(name) : fcEvents(name, fabric ?? '');
  router.on(name, (e) => {
    const input = map(e);
    if (input) svc.events.emit(input);
  });
}
