/**
 * The SAN-boot cluster config, validated (parse.ts, check.ts): hardware kinds, servers with their
 * cables, the Ethernet switch, the FC fabrics with their zoning, the disk arrays with LUN masking,
 * the businesses and the partitions. Ids are the keys of the YAML mappings; lists keep file order.
 */

export type Priority = 'high' | 'medium' | 'low';
export const PRIORITIES: readonly Priority[] = ['high', 'medium', 'low'];

export type PortMode = 'access' | 'trunk';
export const PORT_MODES: readonly PortMode[] = ['access', 'trunk'];

export type DefaultZone = 'deny' | 'allow';
export const DEFAULT_ZONES: readonly DefaultZone[] = ['deny', 'allow'];

export const VLAN_MIN = 1;
export const VLAN_MAX = 4094;
export const LUN_MAX = 255;

/** Lower-case, colon-separated: 21:00:00:24:ff:30:14:c5. */
export const WWPN_PATTERN = '^[0-9a-f]{2}(:[0-9a-f]{2}){7}$';
/** Lower-case, colon-separated, unicast: 02:f7:1a:00:01:00. */
export const MAC_PATTERN = '^[0-9a-f][02468ace](:[0-9a-f]{2}){5}$';
/** NAA IEEE Registered Extended (type 6): 32 hex digits. */
export const NAA_PATTERN = '^6[0-9a-f]{31}$';
export const ID_PATTERN = '^[A-Za-z][A-Za-z0-9_-]*$';

export interface CpuSpec {
  model: string;
  /** Stepping as the vendor names it (e.g. "D0"); FO-04 compares it exactly. */
  stepping: string;
  frequencyMHz: number;
  sockets: number;
  coresPerSocket: number;
}

export interface HardwareKind {
  id: string;
  manufacturer: string;
  model: string;
  chipset: string;
  cpu: CpuSpec;
  memoryGiB: number;
  nicPorts: number;
  hbaPorts: number;
  /** Largest logical server of this kind (1 = not partition-capable). */
  maxPartitionServers: number;
}

export interface NicCable {
  id: string;
  mac: string;
  switch: string;
  port: string;
}

export interface HbaCable {
  id: string;
  wwpn: string;
  wwnn: string;
  fabric: string;
  port: string;
}

export interface ServerSpec {
  id: string;
  kind: string;
  nics: NicCable[];
  hbas: HbaCable[];
  /** LUN the HBA BIOS boots from (its BootTargets point at every array port of its fabric). */
  bootLun: number;
}

export interface SwitchPortVlans {
  port: string;
  mode: PortMode;
  /** Access VLAN, or the native (untagged) VLAN of a trunk. */
  untagged: number;
  /** Trunk only: the tagged VLANs. */
  tagged: number[];
}

export interface EthernetSwitchSpec {
  id: string;
  portCount: number;
  vlans: Array<{ id: number; name: string }>;
  /** Ports not listed are access ports in VLAN 1. */
  portVlans: SwitchPortVlans[];
}

export interface ZoneSpec {
  id: string;
  members: string[];
}

export interface FabricSpec {
  id: string;
  switchName: string;
  domainId: number;
  portCount: number;
  zones: ZoneSpec[];
  zoneSets: Array<{ id: string; zones: string[] }>;
  activeZoneSet: string | null;
  defaultZone: DefaultZone;
}

export interface ArrayPortSpec {
  id: string;
  wwpn: string;
  fabric: string;
  port: string;
}

export interface VolumeSpec {
  id: string;
  pool: string;
  capacityGiB: number;
  naa: string;
  bootable: boolean;
}

export interface MappingSpec {
  volume: string;
  lun: number;
  hostGroup: string;
}

export interface ArraySpec {
  id: string;
  ports: ArrayPortSpec[];
  pools: Array<{ id: string; capacityGiB: number }>;
  volumes: VolumeSpec[];
  hostGroups: Array<{ id: string; initiators: string[] }>;
  mappings: MappingSpec[];
}

export interface BusinessSpec {
  id: string;
  type: string;
  priority: Priority;
  /** Its boot volume (volume ids are unique across arrays). */
  volume: string;
  vlan: number;
  /** Loopback UDP and TCP port the business answers on (0 = a free one, chosen at start). */
  port: number;
}

export interface PartitionSpec {
  id: string;
  /** Same hardware kind; the first one's HBAs boot the logical server. */
  servers: string[];
}

/** Delays of the physical model, SUT milliseconds. */
export interface TimingSpec {
  /** Power applied → firmware running (POST). */
  powerOnMs: number;
  /** HBA link up → fabric login complete. */
  fabricLoginMs: number;
  /** Boot volume found → OS up and the business answering. */
  bootMs: number;
  /** GracefulShutdown → powered off (after any dump in progress). */
  shutdownMs: number;
  /** A dump in progress runs this long before a graceful shutdown may proceed. */
  dumpMs: number;
  /** PowerCycle / ForceRestart: off time before power comes back. */
  offMs: number;
  /** Array and switch commits (masking, zoning, VLAN). */
  commitMs: number;
}

/** The partition manager's device name unless a config says otherwise (relabel.ts). */
export const DEFAULT_PARTITION_MANAGER = 'pm1';

export interface ClusterConfig {
  name: string;
  /** The partition manager's device name (default DEFAULT_PARTITION_MANAGER; set by relabel.ts, not in the YAML). */
  partitionManager?: string;
  timing: TimingSpec;
  hardwareKinds: HardwareKind[];
  servers: ServerSpec[];
  ethernetSwitches: EthernetSwitchSpec[];
  fabrics: FabricSpec[];
  arrays: ArraySpec[];
  businesses: BusinessSpec[];
  partitions: PartitionSpec[];
}
