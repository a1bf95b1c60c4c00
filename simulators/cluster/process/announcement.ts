/**
 * The first stdout line of `ftlab emulate cluster` (the contract other parts of ftlab parse):
 *
 *   {"cluster":{"name","timeScale","defects","truth"},
 *    "devices":[{"name","kind","redfish","ipmi"?,"console"? (servers: {"host","tcp","banner"}),"ca"?,"fabric"? (fc-switch)}],
 *    "businesses":[{"name","priority","volume","host","udp","tcp"}]}
 *
 * Inside a lab host the same facts form one device entry of kind `cluster` (labEntry).
 */
import type { Priority } from '../config/types.ts';

export type MemberKind = 'server' | 'ethernet-switch' | 'fc-switch' | 'array' | 'partition-manager';

export interface MemberAnnouncement {
  name: string;
  kind: MemberKind;
  /** http(s)://HOST:PORT of its Redfish service root. */
  redfish: string;
  /** Servers: HOST:PORT of the BMC's IPMI (RMCP+) endpoint, when served. */
  ipmi?: string;
  /** Servers: its serial console on a raw TCP port (what the server prints, from POST to power down), greeting each connection with `banner`. */
  console?: { host: string; tcp: number; banner: string };
  /** With --tls: the CA certificate that signed every service's certificate. */
  ca?: string;
  /** FC switches: the fabric it serves (A, B, ...). */
  fabric?: string;
}

export interface BusinessAnnouncement {
  name: string;
  priority: Priority;
  /** The boot volume its OS runs from (volume ids are unique across the cluster's arrays). */
  volume: string;
  host: string;
  udp: number;
  tcp: number;
}

export interface ClusterAnnouncement {
  cluster: { name: string; timeScale: number; defects: string[]; truth: string };
  devices: MemberAnnouncement[];
  businesses: BusinessAnnouncement[];
}

/** The cluster as one device of a lab host's announcement. */
export interface ClusterLabEntry {
  name: string;
  kind: 'cluster';
  timeScale: number;
  defects: string[];
  members: MemberAnnouncement[];
  businesses: BusinessAnnouncement[];
  truth: string;
}

export function labEntry(a: ClusterAnnouncement, name = a.cluster.name): ClusterLabEntry {
  return { name, kind: 'cluster', timeScale: a.cluster.timeScale, defects: a.cluster.defects, members: a.devices, businesses: a.businesses, truth: a.cluster.truth };
}
