/**
 * Thin UDP adapter: one connected dgram socket per session (so only the BMC's datagrams arrive).
 * No protocol knowledge; the session decodes what `onDatagram` receives.
 */
import { createSocket, type Socket } from 'node:dgram';
import { isIP } from 'node:net';
import { InfraError } from '../../lib/errors.ts';

export interface UdpTransportOptions {
  host: string;
  port: number;
  /** Local address to bind; default 127.0.0.1 for loopback targets, any address otherwise. */
  bindAddress?: string;
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
    try {
      await new Promise<void>((resolve, reject) => {
        socket.once('error', reject);
        socket.bind({ port: 0, ...(bindAddress ? { address: bindAddress } : {}) }, () => {
          socket.connect(opts.port, opts.host, () => {
            socket.off('error', reject);
            resolve();
          });
        });
      });
    } catch (e) {
      socket.close();
      throw new InfraError(`IPMI transport: cannot open UDP socket to ${target}`, { cause: e });
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
