/**
 * Open a device's console from where the inventory says it is: a TCP console port (raw or
 * telnet), a serial port, or IPMI Serial-over-LAN on the BMC. One entry point for the harness and
 * `ftlab console`.
 */
import { type ConsoleOptions, SerialConsole } from './console.ts';
import { type SerialConsoleOptions, openSerialConsole } from './serial-link.ts';
import { type SolConsoleOptions, openSolConsole, solEndpoint } from './sol-link.ts';
import { type TcpConsoleOptions, openTcpConsole } from './tcp-link.ts';
import type { ByteLink, LinkHandlers } from './link.ts';

export type ConsoleTarget = { tcp: TcpConsoleOptions } | { serial: SerialConsoleOptions } | { sol: SolConsoleOptions };

/** The byte link to `target`. */
export function openLink(target: ConsoleTarget, h: LinkHandlers, signal?: AbortSignal): Promise<ByteLink> {
  if ('tcp' in target) return openTcpConsole(target.tcp, h, signal);
  if ('sol' in target) return openSolConsole(target.sol, h);
  return openSerialConsole(target.serial, h);
}

export function openConsole(target: ConsoleTarget, opts: ConsoleOptions = {}, signal?: AbortSignal): Promise<SerialConsole> {
  return SerialConsole.open((h) => openLink(target, h, signal), opts);
}

export function consoleEndpoint(target: ConsoleTarget): string {
  if ('serial' in target) return target.serial.path;
  if ('sol' in target) return solEndpoint(target.sol);
  return `${target.tcp.telnet ? 'telnet' : 'tcp'}://${target.tcp.host}:${target.tcp.port}`;
}
