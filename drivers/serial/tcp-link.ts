/**
 * A console on a TCP port: a console server's raw port, or its telnet port (ser2net's telnet
 * mode) with the negotiation answered by TelnetDecoder. Connecting has a deadline; a refused or
 * unreachable port and a connection that breaks are InfraErrors naming the endpoint.
 */
import net from 'node:net';
import { InfraError, errorMessage } from '../../lib/errors.ts';
import type { ByteLink, LinkHandlers } from './link.ts';
import { TelnetDecoder, telnetEscape } from './telnet.ts';

export interface TcpConsoleOptions {
  host: string;
  port: number;
  /** Speak telnet (RFC 854) rather than raw bytes. */
  telnet?: boolean;
  connectTimeoutMs?: number;
}

const DEFAULT_CONNECT_MS = 5_000;

function endpointOf(o: TcpConsoleOptions): string {
  const host = net.isIPv6(o.host) ? `[${o.host}]` : o.host;
  return `${o.telnet ? 'telnet' : 'tcp'}://${host}:${o.port}`;
}

export async function openTcpConsole(o: TcpConsoleOptions, h: LinkHandlers, signal?: AbortSignal): Promise<ByteLink> {
  const endpoint = endpointOf(o);
  const socket = await connect(o, endpoint, signal);
  const telnet = o.telnet ? new TelnetDecoder() : null;
  let ended = false;
  const end = (err: Error | null): void => {
    if (ended) return;
    ended = true;
    h.onEnd(err);
  };
  socket.on('data', (chunk: Buffer) => {
    if (!telnet) return h.onData(chunk);
    const { data, replies } = telnet.decode(chunk);
    if (replies.length) socket.write(replies);
    if (data.length) h.onData(data);
  });
  socket.on('error', (e) => end(new InfraError(`console ${endpoint}: the connection failed: ${e.message}`, { cause: e })));
  socket.on('close', () => end(null));
  return {
    endpoint,
    write: (data) =>
      new Promise<void>((resolve, reject) => {
        socket.write(telnet ? telnetEscape(data) : data, (e) => (e ? reject(new InfraError(`console ${endpoint}: write failed: ${e.message}`, { cause: e })) : resolve()));
      }),
    close: async () => {
      ended = true;
      socket.destroy();
    },
  };
}

function connect(o: TcpConsoleOptions, endpoint: string, signal?: AbortSignal): Promise<net.Socket> {
  const ms = o.connectTimeoutMs ?? DEFAULT_CONNECT_MS;
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: o.host, port: o.port });
    const fail = (why: string, cause?: unknown): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      socket.destroy();
      reject(new InfraError(`console ${endpoint}: ${why}`, { cause }));
    };
    const onAbort = (): void => fail('connecting was aborted');
    const timer = setTimeout(() => fail(`no connection within ${ms} ms`), ms);
    signal?.addEventListener('abort', onAbort, { once: true });
    socket.once('error', (e: NodeJS.ErrnoException) => fail(e.code === 'ECONNREFUSED' ? 'connection refused (is the console server listening?)' : `cannot connect: ${errorMessage(e)}`, e));
    socket.once('connect', () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      socket.removeAllListeners('error');
      socket.setNoDelay(true);
      resolve(socket);
    });
  });
}
