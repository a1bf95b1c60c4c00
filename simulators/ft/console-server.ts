/**
 * The ft server's serial console on a TCP port, as a console server's raw port serves it: every
 * client sees what the OS prints from the moment it connects (no replay), lines end in CRLF,
 * each stamped with the kernel's uptime. Printed at the instant the model changes (a server-state
 * listener), so console lines and the ground truth share their times. Pressing Enter gets the
 * login prompt again; nothing else is read.
 */
import net from 'node:net';
import { InfraError, errorMessage } from '../../lib/errors.ts';
import { LOGIN_PROMPT, consoleLines, uptimeStamp } from './console-text.ts';
import type { FtModel } from './model.ts';

export interface ConsoleServer {
  readonly port: number;
  close(): Promise<void>;
}

export async function startConsoleServer(model: FtModel, host: string, port = 0): Promise<ConsoleServer> {
  const clients = new Set<net.Socket>();
  let bootAt = model.now();
  /** The login prompt was the last thing printed: the next message starts on a line of its own. */
  let atPrompt = false;
  const send = (text: string): void => {
    for (const c of clients) c.write(text);
  };
  const server = net.createServer((c) => {
    clients.add(c);
    c.on('data', (d: Buffer) => {
      if (d.includes(13) || d.includes(10)) c.write(`\r\n${LOGIN_PROMPT}`);
    });
    c.on('error', () => undefined);
    c.on('close', () => clients.delete(c));
  });
  const unsubscribe = model.onServerState((e) => {
    if (e.type === 'SystemPowerChanged' && e.state === 'On') bootAt = e.at;
    const lines = consoleLines(e);
    if (lines.length === 0) return;
    const stamp = uptimeStamp(e.at - bootAt);
    const prompt = e.type === 'SystemPowerChanged' && e.state === 'On';
    send(`${atPrompt ? '\r\n' : ''}${lines.map((l) => `${stamp} ${l}\r\n`).join('')}${prompt ? LOGIN_PROMPT : ''}`);
    atPrompt = prompt;
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
  } catch (e) {
    unsubscribe();
    throw new InfraError(`ft console: cannot listen on TCP ${host}:${port}: ${errorMessage(e)}`, { cause: e });
  }
  return {
    port: (server.address() as net.AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        unsubscribe();
        for (const c of clients) c.destroy();
        server.close(() => resolve());
      }),
  };
}
