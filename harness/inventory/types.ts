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

export interface DeviceConfig {
  name: string;
  /** A kind of kinds.ts (DEVICE_KINDS), e.g. ft. */
  kind: string;
  redfish?: RedfishEndpointConfig;
  ipmi?: IpmiEndpointConfig;
  use: Partial<Record<CapabilityName, Protocol>>;
  scenarios?: string[];
  tags: string[];
  /** Endpoints of the other types (e.g. console), by type name. */
  endpoints?: Record<string, EndpointConfig>;
}

export interface Inventory {
  /** File it came from, or "embedded". */
  source: string;
  name?: string;
  devices: DeviceConfig[];
}
