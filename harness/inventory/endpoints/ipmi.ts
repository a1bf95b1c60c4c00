/** The `ipmi:` endpoint of a device: schema and resolution (weak modes only with allowInsecure). */
import { IPMI_PROTOCOL_CHOICES, type IpmiProtocolChoice } from '../../../drivers/ipmi/session-options.ts';
import type { YamlSource } from '../../config/yaml-file.ts';
import type { IpmiEndpointConfig } from '../types.ts';
import { SECRET_REF_SCHEMA, type EndpointContext, type RawCredentials } from './context.ts';
import { resolveSecret } from './secret.ts';

export interface RawIpmi extends RawCredentials {
  host: string;
  port?: number;
  cipherSuites?: number[];
  allowInsecure?: boolean;
  protocol?: IpmiProtocolChoice;
  timeoutMs?: number;
}

export const IPMI_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['host', 'user'],
  properties: {
    host: { type: 'string', minLength: 1 },
    port: { type: 'integer', minimum: 1, maximum: 65535 },
    user: { type: 'string', minLength: 1 },
    password: SECRET_REF_SCHEMA,
    passwordFile: { type: 'string', minLength: 1 },
    cipherSuites: { type: 'array', items: { type: 'integer', minimum: 0, maximum: 255 }, minItems: 1, description: 'RMCP+ cipher suites to try, in order (default [17, 3]).' },
    allowInsecure: { type: 'boolean', description: 'Allow the weak modes: cipher suites without integrity/confidentiality (0, 1, 2) and IPMI 1.5 sessions.' },
    protocol: {
      type: 'string',
      enum: [...IPMI_PROTOCOL_CHOICES],
      description:
        "IPMI session kind, quoted: 'auto' (default: IPMI 2.0 / RMCP+ when the BMC offers it, else IPMI 1.5 if allowInsecure), '2.0' (never 1.5), '1.5' (IPMI 1.5 even when 2.0 is offered; MD5, no confidentiality: needs allowInsecure: true).",
    },
    timeoutMs: { type: 'integer', minimum: 1 },
  },
} as const;

/**
 * Before the schema check: YAML reads an unquoted `protocol: 1.5` (or 2.0) as a number, and the
 * schema's "expected a string (found 1.5)" would not say what to write instead.
 */
export function refuseNumericIpmiProtocol(src: YamlSource, device: string, ipmi: unknown): void {
  const p = ipmi !== null && typeof ipmi === 'object' && 'protocol' in ipmi ? ipmi.protocol : undefined;
  if (typeof p !== 'number') return;
  const quoted = p === 2 ? '2.0' : String(p);
  throw src.error(
    ['devices', device, 'ipmi', 'protocol'],
    `expected one of ${IPMI_PROTOCOL_CHOICES.map((c) => `'${c}'`).join(', ')} as a quoted string (YAML reads an unquoted ${quoted} as a number): write protocol: '${quoted}'`,
    { value: p },
  );
}

export function resolveIpmi(ctx: EndpointContext, i: RawIpmi): IpmiEndpointConfig {
  const suites = i.cipherSuites ?? [17, 3];
  const weak = suites.filter((s) => s <= 2);
  if (weak.length && !i.allowInsecure) {
    throw ctx.src.error([...ctx.at, 'cipherSuites'], `cipher suite(s) ${weak.join(', ')} have no integrity/confidentiality; set allowInsecure: true to use them`);
  }
  const protocol = i.protocol ?? 'auto';
  if (protocol === '1.5' && !i.allowInsecure) {
    throw ctx.src.error(
      [...ctx.at, 'protocol'],
      "IPMI 1.5 sessions (MD5 authentication, no confidentiality) are insecure; set allowInsecure: true for this device to use protocol '1.5'",
    );
  }
  const ep: IpmiEndpointConfig = {
    host: i.host,
    port: i.port ?? 623,
    user: i.user,
    password: resolveSecret(ctx, i),
    cipherSuites: suites,
    allowInsecure: i.allowInsecure ?? false,
    protocol,
  };
  if (i.timeoutMs !== undefined) ep.timeoutMs = i.timeoutMs;
  return ep;
}

/** The RMCP+ session an IPMI endpoint opens (its address, account and ciphers), for the IPMI client and for SOL. */
export function ipmiSession(i: IpmiEndpointConfig): {
  host: string;
  port: number;
  user: string;
  password: string;
  cipherSuites: IpmiEndpointConfig['cipherSuites'];
  allowInsecure: boolean;
  protocol?: NonNullable<IpmiEndpointConfig['protocol']>;
  timeoutMs?: number;
} {
  return {
    host: i.host,
    port: i.port,
    user: i.user,
    password: i.password.value,
    cipherSuites: i.cipherSuites,
    allowInsecure: i.allowInsecure,
    ...(i.protocol !== undefined ? { protocol: i.protocol } : {}),
    ...(i.timeoutMs !== undefined ? { timeoutMs: i.timeoutMs } : {}),
  };
}
