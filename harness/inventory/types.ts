import type { ConsoleTarget } from '../../drivers/serial/open.ts';
import type { CapabilityName } from '../../drivers/capabilities/index.ts';
import type { IpmiProtocolChoice } from '../../drivers/ipmi/session-options.ts';

export type Protocol = 'redfish' | 'ipmi';

/** A resolved password with where it came from ("env:FT0_PW" or "file:/path"); never logged. */
export interface Secret {
  value: string;
  source: string;
}

export interface RedfishEndpointConfig {
  url: string;
  user: string;
  password: Secret;
  insecure: boolean;
  ca?: string;
  timeoutMs?: number;
  auth: 'session' | 'basic';
  /** false: never ask the service for `$expand` (drivers/redfish/expand.ts). */
  expand?: false;
}

export interface IpmiEndpointConfig {
  host: string;
  port: number;
  user: string;
  password: Secret;
  cipherSuites: number[];
  allowInsecure: boolean;
  /**
   * Session kind (drivers/ipmi/session-options.ts `protocol`): 'auto' = IPMI 2.0 when the BMC
   * offers it, else 1.5 if allowInsecure; '2.0' = never 1.5; '1.5' = IPMI 1.5 (needs
   * allowInsecure). Absent = 'auto'.
   */
  protocol?: IpmiProtocolChoice;
  timeoutMs?: number;
}

/** An endpoint of a type without a typed field here (endpoints/table.ts `genericEndpoint`), as written. */
export type EndpointConfig = Readonly<Record<string, unknown>>;

/** How the harness probes a device's workload from outside (harness/probe/udp-heartbeat.ts). */
export interface WorkloadProbeConfig {
  /** Send interval, ms (default 1): a blackout's start is known to about half of it. */
  intervalMs?: number;
  /** Local IP address to send from (default: the wildcard, the kernel picks per route). */
  sourceAddress?: string;
}

export interface DeviceConfig {
  name: string;
  /** A kind of kinds.ts (DEVICE_KINDS), e.g. ft, server, fc-switch. */
  kind: string;
  redfish?: RedfishEndpointConfig;
  ipmi?: IpmiEndpointConfig;
  /** Its serial console, when the lab has one. */
  console?: ConsoleTarget;
  use: Partial<Record<CapabilityName, Protocol>>;
  scenarios?: string[];
  tags: string[];
  /** The workload probe's settings for this device, when the inventory sets any. */
  probe?: WorkloadProbeConfig;
  /** Endpoints of the other types (without a typed field above), by type name. */
  endpoints?: Record<string, EndpointConfig>;
}

export type BusinessPriority = 'high' | 'medium' | 'low';

/** A business (the service a cluster's active server runs): where it answers, whichever server runs it. */
export interface BusinessConfig {
  name: string;
  host: string;
  udp: number;
  tcp: number;
  priority: BusinessPriority;
  /** The boot volume its OS runs from, when known: a business whose volume no running server boots cannot answer. */
  volume?: string;
}

/** A group of the inventory's devices that scenarios target as one (clusters.ts): names of devices, by slot. */
export interface ClusterConfig {
  name: string;
  servers: string[];
  ethernetSwitches: string[];
  /** Fabric name (e.g. A) → its FC switch. */
  fabrics: Record<string, string>;
  arrays: string[];
  businesses: BusinessConfig[];
  /** Its partition manager device, when it has partition-capable servers. */
  partitionManager?: string;
  /** Its failover manager device (kind failover-manager). */
  failoverManager?: string;
  scenarios?: string[];
  tags: string[];
}

export interface Inventory {
  /** File it came from, or "embedded". */
  source: string;
  name?: string;
  devices: DeviceConfig[];
  clusters: ClusterConfig[];
}
