/**
 * What the lab host needs from a device model: a factory that starts one device of its kind on
 * the lab clock and reports its endpoints. One implementation per kind (kinds.ts lists them).
 */
import type { Clock } from '../../lib/clock.ts';
import type { Logger } from '../../lib/log.ts';
import type { BusinessAnnouncement, MemberAnnouncement } from '../cluster/process/announcement.ts';

/** Fixed ports for a device's endpoints; absent or 0 = a free one. */
export interface DevicePorts {
  redfish?: number;
  ipmi?: number;
  udp?: number;
  tcp?: number;
}

/** One device of the host config, validated (config.ts). */
export interface HostedDeviceSpec {
  name: string;
  kind: string;
  /** Model parameters file (absolute, or relative to the working directory). */
  profile?: string;
  /** Lab-wide defects followed by this device's own, as given (the kind validates them). */
  defects: string[];
  /** Serve IPMI beside Redfish. */
  ipmi: boolean;
  ports: DevicePorts;
  /** A cluster's: prefix of its member names, its addresses made its own (simulators/cluster/config/relabel.ts). */
  memberPrefix?: string;
}

/** Everything the devices of one host share. */
export interface HostContext {
  /** The one lab clock (already scaled): every device's model runs on it. */
  clock: Clock;
  timeScale: number;
  /** Address every endpoint binds to. */
  bind: string;
  account: { user: string; password: string };
  logger: Logger;
  /** Serve Redfish over HTTPS only with this certificate (one per host); `caFile` is announced as `ca`. */
  tls?: { cert: string; key: string; keyUsage: readonly string[]; caFile: string };
}

/** One entry of the host's announcement `devices` list. */
export interface DeviceAnnouncement {
  name: string;
  kind: string;
  /** http(s)://HOST:PORT of the device's Redfish service root. */
  redfish?: string;
  /** With HTTPS: the path of the CA certificate that signed the device's certificate. */
  ca?: string;
  /** HOST:PORT of its IPMI (RMCP+) endpoint. */
  ipmi?: string;
  workload?: { host: string; udp: number; tcp: number };
  /** Its serial console: a raw TCP port, as a console server serves it. */
  console?: { host: string; tcp: number };
  timeScale: number;
  defects: string[];
  profile?: string;
  /** A cluster: its devices, its businesses and its ground-truth endpoint (simulators/cluster/process/announcement.ts). */
  members?: MemberAnnouncement[];
  businesses?: BusinessAnnouncement[];
  truth?: string;
}

export interface HostedDevice {
  readonly announcement: DeviceAnnouncement;
  close(): Promise<void>;
}

export interface DeviceKind {
  /** One line for `--help`. */
  summary: string;
  /** Check the spec before anything starts (throw ConfigError naming `where`), e.g. defect names and the profile. */
  check(spec: HostedDeviceSpec, where: string): void;
  start(spec: HostedDeviceSpec, ctx: HostContext): Promise<HostedDevice>;
}
