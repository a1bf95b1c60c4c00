/**
 * A console on a TCP port: a console server's raw port, or its telnet port (ser2net's telnet
 * mode) with the negotiation answered by TelnetDecoder. Connecting has a deadline; a refused or
 * unreachable port and a connection that breaks are InfraErrors naming the endpoint.
 *
 * A TCP connect completes in the kernel before the console server has accepted the connection and
 * attached it to the serial port: what the port prints in between reaches nobody. A console
 * server that greets each connection with a banner once it is attached (ser2net's `banner`)
 * closes that gap: with `banner` set, the link opens only once the banner arrived (within the
 * connect deadline), so everything printed after the open resolved is received. The banner is
 * not console output and is not passed on.
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
  /** The line the console server sends first on every connection once attached (ser2net's `banner`); the open waits for it. */
  banner?: string;
}

const DEFAULT_CONNECT_MS = 5_000;

function endpointOf(o: TcpConsoleOptions): string {
  const host = net.isIPv6(o.host) ? `[${o.host}]` : o.host;
  return `${o.telnet ? 'telnet' : 'tcp'}://${host}:${o.port}`;
}

export async function openTcpConsole(o: TcpConsoleOptions, h: LinkHandlers, signal?: AbortSignal): Promise<ByteLink> {
  const endpoint = endpointOf(o);
  const started = Date.now();
  const socket = await connect(o, endpoint, signal);
  const telnet = o.telnet ? new TelnetDecoder() : null;
  const afterBanner = o.banner === undefined ? Buffer.alloc(0) : await bannerOf(socket, o.banner, endpoint, (o.connectTimeoutMs ?? DEFAULT_CONNECT_MS) - (Date.now() - started), signal);
  let ended = false;
  const end = (err: Error | null): void => {
    if (ended) return;
    ended = true;
    h.onEnd(err);
  };
  const onChunk = (chunk: Buffer): void => {
    if (!telnet) return h.onData(chunk);
    const { data, replies } = telnet.decode(chunk);
    if (replies.length) socket.write(replies);
    if (data.length) h.onData(data);
  };
  socket.on('data', onChunk);
  if (afterBanner.length) onChunk(afterBanner);
  socket.resume();
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

/**
 * Read `banner` + CRLF, the first bytes of the connection, within `ms`; returns what followed it
 * in the same chunk. Anything else first is an InfraError (not the console server expected).
 */
function bannerOf(socket: net.Socket, banner: string, endpoint: string, ms: number, signal?: AbortSignal): Promise<Buffer> {
  const want = Buffer.from(`${banner}\r\n`, 'utf8');
  return new Promise((resolve, reject) => {
    let got = Buffer.alloc(0);
    const done = (err: InfraError | null): void => {
      // Held until the link's own handler is on: chunks already buffered behind the banner's
      // would otherwise be emitted by the same flowing read, to no listener, and lost.
      socket.pause();
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      socket.off('data', onData);
      socket.off('close', onClose);
      socket.off('error', onError);
      if (!err) return resolve(got.subarray(want.length));
      socket.destroy();
      reject(err);
    };
    const onData = (chunk: Buffer): void => {
      got = Buffer.concat([got, chunk]);
      const n = Math.min(got.length, want.length);
      if (!got.subarray(0, n).equals(want.subarray(0, n))) return done(new InfraError(`console ${endpoint}: expected the console server's banner ${JSON.stringify(banner)} first, got ${JSON.stringify(got.subarray(0, 80).toString('utf8'))}`));
      if (got.length >= want.length) done(null);
    };
    const onClose = (): void => done(new InfraError(`console ${endpoint}: the console server closed the connection before its banner ${JSON.stringify(banner)}`));
    const onError = (e: Error): void => done(new InfraError(`console ${endpoint}: the connection failed before the banner: ${e.message}`, { cause: e }));
    const onAbort = (): void => done(new InfraError(`console ${endpoint}: waiting for the banner was aborted`));
    const timer = setTimeout(() => done(new InfraError(`console ${endpoint}: connected, but no banner ${JSON.stringify(banner)} within the connect deadline (is the console server attached to the port?)`)), Math.max(0, ms));
    signal?.addEventListener('abort', onAbort, { once: true });
    socket.on('data', onData);
    socket.once('close', onClose);
    socket.once('error', onError);
  });
}
