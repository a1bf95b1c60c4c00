/**
 * What the LAN configuration parameters report about the emulator's own socket: the bound IPv4
 * address, the netmask and MAC of the interface that holds it, and that interface's default
 * gateway (Linux /proc/net/route). An address no interface holds (0.0.0.0, IPv6) reports zeros.
 */
import { readFileSync } from 'node:fs';
import { networkInterfaces } from 'node:os';

export interface LanInfo {
  ip: Buffer;
  netmask: Buffer;
  mac: Buffer;
  gateway: Buffer;
}

function ipv4(text: string): Buffer {
  const parts = text.split('.').map(Number);
  return parts.length === 4 && parts.every((n) => Number.isInteger(n) && n >= 0 && n <= 255) ? Buffer.from(parts) : Buffer.alloc(4);
}

/** The default gateway of `iface` from a /proc/net/route text (gateway in host byte order hex). */
export function defaultGateway(routeTable: string, iface: string): Buffer {
  for (const line of routeTable.split('\n').slice(1)) {
    const [name, dest, gw] = line.trim().split(/\s+/);
    if (name === iface && dest === '00000000' && gw && /^[0-9A-Fa-f]{8}$/.test(gw)) return Buffer.from(gw, 'hex').reverse();
  }
  return Buffer.alloc(4);
}

function readRoutes(): string {
  try {
    return readFileSync('/proc/net/route', 'utf8');
  } catch {
    return ''; // not Linux: no gateway to report
  }
}

export function lanInfo(host: string): LanInfo {
  for (const [name, addrs] of Object.entries(networkInterfaces())) {
    const a = addrs?.find((x) => x.family === 'IPv4' && x.address === host);
    if (!a) continue;
    return { ip: ipv4(a.address), netmask: ipv4(a.netmask), mac: Buffer.from(a.mac.split(':').map((h) => parseInt(h, 16))), gateway: defaultGateway(readRoutes(), name) };
  }
  return { ip: ipv4(host), netmask: Buffer.alloc(4), mac: Buffer.alloc(6), gateway: Buffer.alloc(4) };
}
