/**
 * A manager's own network view (Manager `EthernetInterfaces` and `NetworkProtocol`), rendered on
 * every GET from the socket the service actually serves on: the host interface that holds the
 * bound address (name, MAC, IPv4 address and mask from the OS, link state from
 * /sys/class/net/NAME/carrier) and the ports of the protocols the device serves.
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import type { RedfishService } from './service.ts';
import type { JsonObject } from './types.ts';

/** What the device serves; filled in as its endpoints come up (ports are known after listen). */
export interface ManagerEndpoints {
  /** The address the Redfish socket is bound to. */
  host: string;
  redfish?: { port: number; tls: boolean };
  ipmi?: { port: number };
}

interface HostInterface {
  name: string;
  mac: string;
  ipv4: Array<{ address: string; netmask: string }>;
}

const WILDCARD = new Set(['0.0.0.0', '::', '']);

/** The host interfaces serving `bound`: the one holding that address, or every IPv4 one for a wildcard bind. */
export function servingInterfaces(bound: string, table = os.networkInterfaces()): HostInterface[] {
  const out: HostInterface[] = [];
  for (const [name, addrs] of Object.entries(table)) {
    const list = addrs ?? [];
    const v4 = list.filter((a) => a.family === 'IPv4');
    if (!(WILDCARD.has(bound) ? v4.length > 0 : list.some((a) => a.address === bound))) continue;
    out.push({ name, mac: list[0]?.mac ?? '00:00:00:00:00:00', ipv4: v4.map((a) => ({ address: a.address, netmask: a.netmask })) });
  }
  return out;
}

function linkStatus(name: string): string | null {
  try {
    const carrier = readFileSync(`/sys/class/net/${name}/carrier`, 'utf8').trim();
    return carrier === '1' ? 'LinkUp' : 'LinkDown';
  } catch {
    return null; // not Linux, or the interface is administratively down (carrier unreadable)
  }
}

const interfaceId = (name: string): string => name.replace(/[^A-Za-z0-9_-]/g, '_');

function interfaceBody(i: HostInterface): JsonObject {
  const link = linkStatus(i.name);
  return {
    Id: interfaceId(i.name),
    Name: `Manager network interface ${i.name}`,
    Description: 'The host interface the BMC service is bound to',
    InterfaceEnabled: true,
    LinkStatus: link,
    Status: { State: 'Enabled', Health: link === 'LinkDown' ? 'Warning' : 'OK' },
    MACAddress: i.mac.toUpperCase(),
    PermanentMACAddress: i.mac.toUpperCase(),
    HostName: os.hostname(),
    IPv4Addresses: i.ipv4.map((a) => ({ Address: a.address, SubnetMask: a.netmask, AddressOrigin: 'Static' })),
  };
}

function protocolBody(ep: ManagerEndpoints, certificates: string | undefined): JsonObject {
  const rf = ep.redfish;
  const port = (p: { port: number } | undefined, on: boolean): JsonObject => ({ ProtocolEnabled: on, Port: on && p ? p.port : null });
  return {
    Id: 'NetworkProtocol',
    Name: 'Manager Network Protocol',
    HostName: os.hostname(),
    Status: { State: 'Enabled', Health: 'OK' },
    HTTP: port(rf, rf !== undefined && !rf.tls),
    HTTPS: { ...port(rf, rf?.tls === true), ...(certificates ? { Certificates: { '@odata.id': certificates } } : {}) },
    IPMI: port(ep.ipmi, ep.ipmi !== undefined),
    SSH: { ProtocolEnabled: false, Port: null },
  };
}

/**
 * Mount `${manager}/EthernetInterfaces` (+ members) and `${manager}/NetworkProtocol`. `certificates`
 * is the HTTPS certificate collection to link (certificates.ts), when the service serves HTTPS.
 */
export function mountManagerNetwork(svc: RedfishService, manager: string, endpoints: ManagerEndpoints, certificates?: string): void {
  const base = `${manager}/EthernetInterfaces`;
  const current = (): HostInterface[] => servingInterfaces(endpoints.host);
  // The members are the interfaces serving at mount time; each renders its live state on every GET.
  const ids = current().map((i) => interfaceId(i.name));
  svc.collection(base, { type: '#EthernetInterfaceCollection.EthernetInterfaceCollection', name: 'Manager Ethernet Interface Collection', members: () => ids.map((id) => `${base}/${id}`) });
  for (const id of ids) {
    svc.resource(`${base}/${id}`, {
      type: '#EthernetInterface.v1_12_4.EthernetInterface',
      get: () => {
        const now = current().find((x) => interfaceId(x.name) === id);
        return now ? interfaceBody(now) : { Id: id, Name: `Manager network interface ${id}`, InterfaceEnabled: false, LinkStatus: 'NoLink', Status: { State: 'Absent' } };
      },
    });
  }
  svc.resource(`${manager}/NetworkProtocol`, { type: '#ManagerNetworkProtocol.v1_11_0.ManagerNetworkProtocol', get: () => protocolBody(endpoints, certificates) });
}
