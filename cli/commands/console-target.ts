/**
 * Where `ftlab console TARGET` attaches: an inventory device's console endpoint (`--lab FILE`; with
 * `--sol`, SOL on its ipmi endpoint), or a console named directly — `tcp://HOST:PORT`,
 * `telnet://HOST:PORT` or a serial port path.
 */
import { solTarget } from '../../harness/inventory/endpoints/console.ts';
import { loadInventory } from '../../harness/inventory/load.ts';
import type { ConsoleTarget } from '../../drivers/serial/open.ts';
import { UsageError } from '../../lib/cli-args.ts';

const URL_FORM = /^(tcp|telnet):\/\/(\[[0-9A-Fa-f:.]+\]|[^\s:/[\]]+):(\d{1,5})$/;

export function directTarget(raw: string, baudRate: number): ConsoleTarget | null {
  const m = URL_FORM.exec(raw);
  if (m) {
    const port = Number(m[3]);
    if (!(port >= 1 && port <= 65535)) throw new UsageError(`${raw}: expected a port from 1 to 65535`);
    return { tcp: { host: (m[2] ?? '').replace(/^\[(.*)\]$/, '$1'), port, telnet: m[1] === 'telnet' } };
  }
  return raw.startsWith('/') ? { serial: { path: raw, baudRate } } : null;
}

export function consoleTarget(target: string, o: { lab?: string | undefined; sol?: boolean; baudRate: number }): ConsoleTarget {
  const direct = directTarget(target, o.baudRate);
  if (direct && o.sol) throw new UsageError(`--sol is for an inventory device (SOL on its ipmi endpoint), not ${target}`);
  if (direct) return direct;
  if (o.lab === undefined) throw new UsageError(`"${target}" is not tcp://HOST:PORT, telnet://HOST:PORT or a serial port path; to name an inventory device, give --lab FILE`);
  const inv = loadInventory(o.lab);
  const d = inv.devices.find((x) => x.name === target);
  if (!d) throw new UsageError(`${o.lab}: no device "${target}" (devices: ${inv.devices.map((x) => x.name).join(', ')})`);
  if (o.sol) {
    if (!d.ipmi) throw new UsageError(`${o.lab}: device "${target}" has no ipmi endpoint for SOL (devices with one: ${inv.devices.filter((x) => x.ipmi).map((x) => x.name).join(', ') || 'none'})`);
    return solTarget(d.ipmi);
  }
  if (!d.console) {
    const withConsole = inv.devices.filter((x) => x.console).map((x) => x.name);
    throw new UsageError(`${o.lab}: device "${target}" has no console endpoint (devices with one: ${withConsole.join(', ') || 'none'})`);
  }
  return d.console;
}
