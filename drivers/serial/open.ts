/**
 * Open a device's console from where the inventory says it is: a TCP console port (raw or
 * telnet) or a serial port. One entry point for the harness and `ftlab console`.
 */
import { type ConsoleOptions, SerialConsole } from './console.ts';
import { type SerialConsoleOptions, openSerialConsole } from './serial-link.ts';
import { type TcpConsoleOptions, openTcpConsole } from './tcp-link.ts';

export type ConsoleTarget = { tcp: TcpConsoleOptions } | { serial: SerialConsoleOptions };

export function openConsole(target: ConsoleTarget, opts: ConsoleOptions = {}, signal?: AbortSignal): Promise<SerialConsole> {
  if ('tcp' in target) return SerialConsole.open((h) => openTcpConsole(target.tcp, h, signal), opts);
  return SerialConsole.open((h) => openSerialConsole(target.serial, h), opts);
}

export function consoleEndpoint(target: ConsoleTarget): string {
  if ('serial' in target) return target.serial.path;
  return `${target.tcp.telnet ? 'telnet' : 'tcp'}://${target.tcp.host}:${target.tcp.port}`;
}
