/**
 * A console on a serial port (a real tty, a USB adapter, a pseudo-terminal) through the
 * `serialport` package. Errors name the port and say what is wrong in the lab's terms: no such
 * port, busy (another program holds it), not permitted, gone away mid-run (unplugged).
 */
import { SerialPort } from 'serialport';
import { InfraError, errorMessage } from '../../lib/errors.ts';
import type { ByteLink, LinkHandlers } from './link.ts';

export type Parity = 'none' | 'even' | 'odd' | 'mark' | 'space';
export type FlowControl = 'none' | 'rtscts' | 'xonxoff';

export interface SerialConsoleOptions {
  path: string;
  baudRate: number;
  dataBits?: 5 | 6 | 7 | 8;
  parity?: Parity;
  stopBits?: 1 | 1.5 | 2;
  flowControl?: FlowControl;
}

/** Why a port could not be opened, in the lab's terms. */
export function openFailure(path: string, e: unknown): InfraError {
  const m = errorMessage(e);
  const why = /ENOENT|No such file/i.test(m)
    ? 'no such port (is the adapter plugged in, is the path right?)'
    : /Cannot lock port|EBUSY|temporarily unavailable/i.test(m)
      ? 'the port is busy: another program holds it'
      : /EACCES|Permission denied/i.test(m)
        ? 'permission denied (is this user in the port\'s group, e.g. dialout?)'
        : `cannot open: ${m}`;
  return new InfraError(`console ${path}: ${why}`, { cause: e });
}

export async function openSerialConsole(o: SerialConsoleOptions, h: LinkHandlers): Promise<ByteLink> {
  const port = new SerialPort({
    path: o.path,
    baudRate: o.baudRate,
    dataBits: o.dataBits ?? 8,
    parity: o.parity ?? 'none',
    stopBits: o.stopBits ?? 1,
    rtscts: o.flowControl === 'rtscts',
    xon: o.flowControl === 'xonxoff',
    xoff: o.flowControl === 'xonxoff',
    autoOpen: false,
  });
  await new Promise<void>((resolve, reject) => port.open((e) => (e ? reject(openFailure(o.path, e)) : resolve())));
  let closing = false;
  let ended = false;
  const end = (err: Error | null): void => {
    if (ended) return;
    ended = true;
    h.onEnd(err);
  };
  port.on('data', (chunk: Buffer) => h.onData(chunk));
  port.on('error', (e: Error) => end(new InfraError(`console ${o.path}: ${e.message}`, { cause: e })));
  port.on('close', (e: Error | null) => {
    if (closing) return end(null);
    end(new InfraError(`console ${o.path}: the port went away mid-run (unplugged?)${e ? `: ${e.message}` : ''}`, { cause: e ?? undefined }));
  });
  return {
    endpoint: o.path,
    write: (data) =>
      new Promise<void>((resolve, reject) => {
        port.write(Buffer.from(data), (e) => (e ? reject(new InfraError(`console ${o.path}: write failed: ${e.message}`, { cause: e })) : port.drain(() => resolve())));
      }),
    close: () =>
      new Promise<void>((resolve) => {
        closing = true;
        if (!port.isOpen) return resolve();
        port.close(() => resolve());
      }),
  };
}
