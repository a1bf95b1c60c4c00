/**
 * Thin UDP adapter: one connected dgram socket per session (so only the BMC's datagrams arrive).
 * No protocol knowledge; the session decodes what `onDatagram` receives.
 */
import { createSocket, type Socket } from 'node:dgram';
import { isIP } from 'node:net';
import { systemClock, type Clock } from '../../lib/clock.ts';
import { InfraError, errorMessage } from '../../lib/errors.ts';

export interface UdpTransportOptions {
  host: string;
  port: number;
  /** Local address to bind; default 127.0.0.1 for loopback targets, any address otherwise. */
  bindAddress?: string;
  /** Deadline for resolving the host and connecting the socket; default 5000 ms. */
  timeoutMs?: number;
  clock?: Clock;
}

/** Why `host` can never be reached, before any lookup or traffic; undefined when it may be. */
export function unusableHost(host: string): string | undefined {
  const name = host.toLowerCase().replace(/\.$/, '');
  if (name.length === 0) return 'the host name is empty';
  // Digits and dots only is meant as an IPv4 address: never hand it to the resolver as a name.
  if (/^[0-9.]+$/.test(name) && isIP(name) !== 4) return 'it is not a valid IPv4 address';
  // RFC 6761 §6.4: "invalid" names never resolve; answer without asking a resolver.
  if (name === 'invalid' || name.endsWith('.invalid')) return 'the name cannot be resolved (the .invalid domain never resolves)';
  return undefined;
}

export class UdpTransport {
  private onDatagram: (buf: Buffer) => void = () => undefined;
  private closed = false;

  private constructor(
    private readonly socket: Socket,
    readonly target: string,
  ) {
    socket.on('message', (msg) => this.onDatagram(msg));
    socket.on('error', () => undefined);
  }

  static async open(opts: UdpTransportOptions): Promise<UdpTransport> {
    const family = isIP(opts.host) === 6 ? 'udp6' : 'udp4';
    const socket = createSocket(family);
    const loopback = opts.host === 'localhost' || opts.host.startsWith('127.') || opts.host === '::1';
    const bindAddress = opts.bindAddress ?? (loopback ? (family === 'udp6' ? '::1' : '127.0.0.1') : undefined);
    const target = `${opts.host}:${opts.port}`;
    const unusable = unusableHost(opts.host);
    if (unusable) {
      socket.close();
      throw new InfraError(`IPMI host "${opts.host}" cannot be reached: ${unusable}`);
    }
    const clock = opts.clock ?? systemClock;
    const timeoutMs = opts.timeoutMs ?? 5000;
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = clock.setTimer(timeoutMs, () => reject(new Error(`no address for the host within ${timeoutMs} ms`)));
        const fail = (e: unknown): void => {
          timer.cancel();
          reject(e instanceof Error ? e : new Error(String(e)));
        };
        socket.once('error', fail);
        socket.bind({ port: 0, ...(bindAddress ? { address: bindAddress } : {}) }, () => {
          // The callback receives the lookup/connect error (e.g. ENOTFOUND): never ignore it.
          socket.connect(opts.port, opts.host, (err?: Error) => {
            socket.off('error', fail);
            timer.cancel();
            if (err) reject(err);
            else resolve();
          });
        });
      });
    } catch (e) {
      socket.close();
      const code = (e as NodeJS.ErrnoException).code;
      const why = code === 'ENOTFOUND' || code === 'EAI_AGAIN' ? 'the name cannot be resolved' : errorMessage(e);
      throw new InfraError(`IPMI host "${opts.host}" cannot be reached: ${why} (UDP ${target})`, { cause: e });
    }
    return new UdpTransport(socket, target);
  }

  /** Deliver every inbound datagram to `fn` (replaces the previous handler). */
  listen(fn: (buf: Buffer) => void): void {
    this.onDatagram = fn;
  }

  send(datagram: Buffer): void {
    if (this.closed) return;
    this.socket.send(datagram);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await new Promise<void>((r) => this.socket.close(() => r()));
  }
}
