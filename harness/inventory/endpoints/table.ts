/**
 * Endpoint types a device may have: the one place to add one (e.g. `console: genericEndpoint(...)`
 * for a TCP host:port or a serial path). lab.schema.json's device properties, the "at least one
 * of" rule, the `use:` protocols and the loader all come from this table.
 */
import type { PathSegment, YamlSource } from '../../config/yaml-file.ts';
import type { DeviceConfig } from '../types.ts';
import type { EndpointContext } from './context.ts';
import { IPMI_SCHEMA, refuseNumericIpmiProtocol, resolveIpmi, type RawIpmi } from './ipmi.ts';
import { REDFISH_SCHEMA, resolveRedfish, type RawRedfish } from './redfish.ts';
import { CONSOLE_SCHEMA, resolveConsole, type RawConsole } from './console.ts';

export interface EndpointType {
  description: string;
  /** JSON Schema of the endpoint's mapping in lab.yaml. */
  schema: object;
  /** Holds user + password/passwordFile (an inline password is refused before the schema check). */
  credentials: boolean;
  /** Reaches the device's management: a device needs at least one endpoint of these types. */
  reachesDevice: boolean;
  /** A protocol that serves capabilities (named in `use:`). */
  servesCapabilities: boolean;
  /** A check before the schema's, for a clearer message (e.g. unquoted YAML numbers). */
  precheck?(src: YamlSource, device: string, raw: unknown): void;
  /** Resolve the schema-valid mapping into the device's config. */
  resolve(ctx: EndpointContext, raw: unknown, out: DeviceConfig): void;
}

/** An endpoint type with no credentials, kept as written under `DeviceConfig.endpoints[name]`. */
export function genericEndpoint(name: string, description: string, schema: object): EndpointType {
  return {
    description,
    schema,
    credentials: false,
    reachesDevice: false,
    servesCapabilities: false,
    resolve(_ctx, raw, out) {
      out.endpoints = { ...out.endpoints, [name]: raw !== null && typeof raw === 'object' ? { ...raw } : {} };
    },
  };
}

export const ENDPOINT_TYPES: Readonly<Record<string, EndpointType>> = {
  redfish: {
    description: 'Redfish service root of the BMC',
    schema: REDFISH_SCHEMA,
    credentials: true,
    reachesDevice: true,
    servesCapabilities: true,
    // The schema check has passed: the mapping has REDFISH_SCHEMA's shape.
    resolve: (ctx, raw, out) => void (out.redfish = resolveRedfish(ctx, raw as RawRedfish)),
  },
  ipmi: {
    description: 'IPMI (RMCP+) endpoint of the BMC',
    schema: IPMI_SCHEMA,
    credentials: true,
    reachesDevice: true,
    servesCapabilities: true,
    precheck: refuseNumericIpmiProtocol,
    resolve: (ctx, raw, out) => void (out.ipmi = resolveIpmi(ctx, raw as RawIpmi)),
  },
  console: {
    description: 'serial console: a console server TCP port, a serial port on this machine, or IPMI Serial-over-LAN',
    schema: CONSOLE_SCHEMA,
    credentials: false,
    reachesDevice: false,
    servesCapabilities: false,
    resolve: (ctx, raw, out) => resolveConsole(ctx, raw as RawConsole, out),
  },
};

export function endpointPath(device: string, type: string): PathSegment[] {
  return ['devices', device, type];
}
