/**
 * The `console:` endpoint of a device: a console server's TCP port (`tcp: HOST:PORT`, `telnet:
 * true` for its telnet mode), a serial port on this machine (`serial: PATH` with the line
 * settings), or IPMI Serial-over-LAN on the device's BMC (`sol: true`: the device's `ipmi:`
 * endpoint and account). A TCP port may name the `banner` its server greets each connection with
 * once attached (ser2net's banner): the capture then opens only after it. No credentials of its
 * own: a console port is reached, not logged into.
 */
import { isIP } from 'node:net';
import type { ConsoleTarget } from '../../../drivers/serial/open.ts';
import type { FlowControl, Parity } from '../../../drivers/serial/serial-link.ts';
import type { DeviceConfig, IpmiEndpointConfig } from '../types.ts';
import type { EndpointContext } from './context.ts';
import { ipmiSession } from './ipmi.ts';

export interface RawConsole {
  sol?: true;
  tcp?: string;
  telnet?: boolean;
  banner?: string;
  serial?: string;
  baudRate?: number;
  dataBits?: 5 | 6 | 7 | 8;
  parity?: Parity;
  stopBits?: 1 | 1.5 | 2;
  flowControl?: FlowControl;
}

export const CONSOLE_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  description: 'The serial console: a console server TCP port (tcp: HOST:PORT), a serial port on this machine (serial: PATH), or IPMI Serial-over-LAN on the device\'s ipmi endpoint (sol: true).',
  oneOf: [
    { required: ['tcp'], not: { anyOf: [{ required: ['sol'] }, { required: ['serial'] }, { required: ['baudRate'] }, { required: ['dataBits'] }, { required: ['parity'] }, { required: ['stopBits'] }, { required: ['flowControl'] }] } },
    { required: ['serial'], not: { anyOf: [{ required: ['sol'] }, { required: ['tcp'] }, { required: ['telnet'] }, { required: ['banner'] }] } },
    { required: ['sol'], maxProperties: 1 },
  ],
  properties: {
    sol: { const: true, description: 'IPMI Serial-over-LAN, on the device\'s ipmi endpoint with its account.' },
    tcp: { type: 'string', pattern: '^(\\[[0-9A-Fa-f:.]+\\]|[^\\s:/\\[\\]]+):[0-9]{1,5}$', description: 'HOST:PORT of the console port, e.g. 10.0.0.20:7001 or [2001:db8::1]:7001' },
    telnet: { type: 'boolean', description: 'The port speaks telnet (e.g. ser2net telnet mode); default raw.' },
    banner: { type: 'string', minLength: 1, description: 'The line the console server sends first on every connection once it is attached (ser2net banner): the capture opens only after it, so no line printed after the open is lost.' },
    serial: { type: 'string', minLength: 1, description: 'Serial port path, e.g. /dev/ttyUSB0' },
    baudRate: { type: 'integer', enum: [1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200, 230400, 460800, 921600], description: 'default 115200' },
    dataBits: { type: 'integer', enum: [5, 6, 7, 8] },
    parity: { type: 'string', enum: ['none', 'even', 'odd', 'mark', 'space'] },
    stopBits: { type: 'number', enum: [1, 1.5, 2] },
    flowControl: { type: 'string', enum: ['none', 'rtscts', 'xonxoff'] },
  },
} as const;

export function resolveConsole(ctx: EndpointContext, raw: RawConsole, out: DeviceConfig): void {
  if (raw.sol) {
    // The ipmi endpoint resolves before this one (endpoints/table.ts order).
    if (!out.ipmi) throw ctx.src.error([...ctx.at, 'sol'], 'needs the device\'s ipmi endpoint (SOL runs on it, with its account)');
    out.console = solTarget(out.ipmi);
    return;
  }
  out.console = raw.tcp !== undefined ? { tcp: { ...tcpTarget(ctx, raw.tcp, raw.telnet ?? false), ...(raw.banner ? { banner: raw.banner } : {}) } } : { serial: serialTarget(raw) };
}

/** SOL on the BMC of this IPMI endpoint, with its account. */
export function solTarget(i: IpmiEndpointConfig): Extract<ConsoleTarget, { sol: unknown }> {
  return {
    sol: {
      session: ipmiSession(i),
    },
  };
}

function tcpTarget(ctx: EndpointContext, hostPort: string, telnet: boolean): { host: string; port: number; telnet: boolean } {
  const cut = hostPort.lastIndexOf(':');
  const host = hostPort.slice(0, cut).replace(/^\[(.*)\]$/, '$1');
  const port = Number(hostPort.slice(cut + 1));
  if (!(port >= 1 && port <= 65535)) throw ctx.src.error([...ctx.at, 'tcp'], 'expected a port from 1 to 65535', { value: hostPort });
  if (hostPort.startsWith('[') && isIP(host) !== 6) throw ctx.src.error([...ctx.at, 'tcp'], 'expected an IPv6 address inside [ ]', { value: hostPort });
  return { host, port, telnet };
}

function serialTarget(raw: RawConsole): Extract<ConsoleTarget, { serial: unknown }>['serial'] {
  return {
    path: raw.serial ?? '',
    baudRate: raw.baudRate ?? 115200,
    ...(raw.dataBits ? { dataBits: raw.dataBits } : {}),
    ...(raw.parity ? { parity: raw.parity } : {}),
    ...(raw.stopBits ? { stopBits: raw.stopBits } : {}),
    ...(raw.flowControl ? { flowControl: raw.flowControl } : {}),
  };
}
