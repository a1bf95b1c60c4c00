/**
 * The workload: the ft server's "OS" and its applications, seen from the network. UDP echo
 * (reply = same payload to the sender) and TCP echo. What happens to traffic is decided by the
 * model's state at the instant it arrives (FtModel.workloadMode):
 * - answer: echoed at once;
 * - queue (blackout, or a stall): UDP datagrams and TCP data wait and are answered in order
 *   when the stall ends;
 * - drop (IO failover window, no NIC in the team): UDP datagrams are lost; TCP data waits (TCP
 *   would retransmit it);
 * - down (system off or crashed): nothing answers; TCP connections are reset.
 *
 * Bounded under abuse (memory does not grow with what a client sends):
 * - UDP: the datagrams held during a stall have a byte budget (payload + an estimated per-entry
 *   overhead) and a count limit; a datagram arriving when either is spent is dropped (tail drop,
 *   like a full receive buffer: the earliest ones, which tell when the stall began, are kept) and
 *   counted in `udpOverflowDropped` (and in `udpDropped`).
 * - TCP: at most `maxConnections` connections (more are closed at once, counted in `tcpRefused`);
 *   a connection is not read from while its echo is not drained (`write()` returned false, until
 *   'drain') or while the data held for it during a stall reaches `maxBufferedPerConnection`:
 *   TCP flow control then pushes back on the client instead of the emulator buffering.
 */
import dgram from 'node:dgram';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { InfraError } from '../../lib/errors.ts';
import type { FtModel } from './model.ts';

export interface WorkloadOptions {
  host?: string;
  udpPort?: number;
  tcpPort?: number;
  /** Most UDP datagrams kept during a stall; newer ones are dropped beyond it (default 200,000). */
  maxQueued?: number;
  /** Byte budget of the UDP datagrams kept during a stall, payload + QUEUE_ENTRY_OVERHEAD each (default 32 MiB). */
  maxQueuedBytes?: number;
  /** Most TCP connections open at once; more are closed on accept (default 128). */
  maxConnections?: number;
  /** Bytes held for one TCP connection during a stall before it is no longer read from (default 256 KiB). */
  maxBufferedPerConnection?: number;
}

/** Bytes charged per queued datagram on top of its payload: the Buffer, the entry, the address. */
export const QUEUE_ENTRY_OVERHEAD = 160;
export const DEFAULT_MAX_QUEUED = 200_000;
export const DEFAULT_MAX_QUEUED_BYTES = 32 * 2 ** 20;
export const DEFAULT_MAX_CONNECTIONS = 128;
export const DEFAULT_MAX_BUFFERED_PER_CONNECTION = 256 * 2 ** 10;

export interface WorkloadStats {
  udpAnswered: number;
  /** Datagrams held during stalls (all time; the ones dropped on overflow are not counted). */
  udpQueued: number;
  /** Datagrams lost: arrived while the NIC team was down or the system was down, or on overflow. */
  udpDropped: number;
  /** ... of them, dropped because the stall queue's byte budget or count limit was spent. */
  udpOverflowDropped: number;
  /** Bytes (payload + overhead) held in the stall queue now, and the most ever held. */
  udpQueuedBytes: number;
  udpQueuedBytesPeak: number;
  /** TCP connections accepted (all time). */
  tcpConnections: number;
  /** TCP connections closed on accept because `maxConnections` were open. */
  tcpRefused: number;
  /** Times a TCP connection stopped being read (echo not drained, or its stall buffer full). */
  tcpPaused: number;
  /** Bytes held now for TCP connections during a stall. */
  tcpBufferedBytes: number;
}

interface Queued {
  msg: Buffer;
  port: number;
  address: string;
}

/** A TCP connection's data held during a stall, and whether it is being read from. */
interface Conn {
  pending: Buffer[];
  pendingBytes: number;
  reading: boolean;
}

export class Workload {
  private udp: dgram.Socket | null = null;
  /** Second UDP socket of the failover-new-address / resync-new-address defects (next loopback address). */
  private secondUdp: dgram.Socket | null = null;
  private tcp: net.Server | null = null;
  private readonly sockets = new Map<net.Socket, Conn>();
  private queue: Queued[] = [];
  private unsubscribe: (() => void) | null = null;
  readonly stats: WorkloadStats = {
    udpAnswered: 0,
    udpQueued: 0,
    udpDropped: 0,
    udpOverflowDropped: 0,
    udpQueuedBytes: 0,
    udpQueuedBytesPeak: 0,
    tcpConnections: 0,
    tcpRefused: 0,
    tcpPaused: 0,
    tcpBufferedBytes: 0,
  };
  private readonly maxQueued: number;
  private readonly maxQueuedBytes: number;
  private readonly maxBuffered: number;
  host = '127.0.0.1';
  udpPort = 0;
  tcpPort = 0;

  constructor(
    private readonly model: FtModel,
    private readonly opts: WorkloadOptions = {},
  ) {
    this.maxQueued = opts.maxQueued ?? DEFAULT_MAX_QUEUED;
    this.maxQueuedBytes = opts.maxQueuedBytes ?? DEFAULT_MAX_QUEUED_BYTES;
    this.maxBuffered = opts.maxBufferedPerConnection ?? DEFAULT_MAX_BUFFERED_PER_CONNECTION;
  }

  async start(): Promise<{ udp: number; tcp: number }> {
    const host = this.opts.host ?? '127.0.0.1';
    this.host = host;
    const udp = dgram.createSocket(net.isIPv6(host) ? 'udp6' : 'udp4');
    udp.on('message', (msg, rinfo) => this.onDatagram(msg, rinfo.port, rinfo.address));
    await new Promise<void>((resolve, reject) => {
      udp.once('error', (e) => reject(new InfraError(`workload: cannot bind UDP ${host}:${this.opts.udpPort ?? 0}`, { cause: e })));
      udp.bind(this.opts.udpPort ?? 0, host, () => resolve());
    });
    udp.on('error', () => undefined);
    this.udp = udp;
    this.udpPort = udp.address().port;

    const tcp = net.createServer((s) => this.onConnection(s));
    tcp.maxConnections = this.opts.maxConnections ?? DEFAULT_MAX_CONNECTIONS;
    tcp.on('drop', () => this.stats.tcpRefused++);
    await new Promise<void>((resolve, reject) => {
      tcp.once('error', (e) => reject(new InfraError(`workload: cannot listen on TCP ${host}:${this.opts.tcpPort ?? 0}`, { cause: e })));
      tcp.listen(this.opts.tcpPort ?? 0, host, () => resolve());
    });
    this.tcp = tcp;
    this.tcpPort = (tcp.address() as AddressInfo).port;
    if (this.model.defects.has('failover-new-address') || this.model.defects.has('resync-new-address')) this.secondUdp = await bindSecondAddress(host);
    this.unsubscribe = this.model.on(() => this.settle());
    return { udp: this.udpPort, tcp: this.tcpPort };
  }

  private onDatagram(msg: Buffer, port: number, address: string): void {
    switch (this.model.workloadMode()) {
      case 'answer':
        if (this.queue.length) this.settle();
        this.reply(msg, port, address);
        return;
      case 'queue': {
        const cost = msg.length + QUEUE_ENTRY_OVERHEAD;
        if (this.queue.length >= this.maxQueued || this.stats.udpQueuedBytes + cost > this.maxQueuedBytes) {
          this.stats.udpDropped++;
          this.stats.udpOverflowDropped++;
          return;
        }
        this.queue.push({ msg, port, address });
        this.stats.udpQueued++;
        this.stats.udpQueuedBytes += cost;
        this.stats.udpQueuedBytesPeak = Math.max(this.stats.udpQueuedBytesPeak, this.stats.udpQueuedBytes);
        return;
      }
      case 'drop':
      case 'down':
        this.stats.udpDropped++;
        return;
    }
  }

  private reply(msg: Buffer, port: number, address: string): void {
    this.stats.udpAnswered++;
    const socket = this.secondUdp && this.model.answersFromSecondAddress() ? this.secondUdp : this.udp;
    socket?.send(msg, port, address);
  }

  private onConnection(s: net.Socket): void {
    if (this.model.workloadMode() === 'down') {
      s.resetAndDestroy();
      return;
    }
    this.stats.tcpConnections++;
    const conn: Conn = { pending: [], pendingBytes: 0, reading: true };
    this.sockets.set(s, conn);
    s.on('data', (chunk: Buffer) => {
      if (this.sockets.get(s) !== conn) return;
      if (this.model.workloadMode() === 'answer' && conn.pending.length === 0) s.write(chunk);
      else {
        conn.pending.push(chunk);
        conn.pendingBytes += chunk.length;
        this.stats.tcpBufferedBytes += chunk.length;
      }
      this.flow(s, conn);
    });
    s.on('drain', () => this.flow(s, conn));
    s.on('error', () => undefined);
    s.on('close', () => this.forget(s));
  }

  /** Read from `s` only while its echo is drained and what is held for it is under the cap. */
  private flow(s: net.Socket, conn: Conn): void {
    const read = !s.writableNeedDrain && conn.pendingBytes < this.maxBuffered;
    if (read === conn.reading) return;
    conn.reading = read;
    if (read) s.resume();
    else {
      this.stats.tcpPaused++;
      s.pause();
    }
  }

  private forget(s: net.Socket): void {
    const conn = this.sockets.get(s);
    if (!conn) return;
    this.stats.tcpBufferedBytes -= conn.pendingBytes;
    this.sockets.delete(s);
  }

  /** Apply the model's current state to what is waiting (called after every model event). */
  private settle(): void {
    const mode = this.model.workloadMode();
    if (mode === 'down') {
      this.stats.udpDropped += this.queue.length;
      this.queue = [];
      this.stats.udpQueuedBytes = 0;
      for (const s of this.sockets.keys()) s.resetAndDestroy();
      this.sockets.clear();
      this.stats.tcpBufferedBytes = 0;
      return;
    }
    if (mode === 'queue') return;
    const waiting = this.queue;
    this.queue = [];
    this.stats.udpQueuedBytes = 0;
    if (mode === 'answer') for (const q of waiting) this.reply(q.msg, q.port, q.address);
    else this.stats.udpDropped += waiting.length;
    if (mode === 'answer') {
      for (const [s, conn] of this.sockets) {
        for (const chunk of conn.pending.splice(0)) s.write(chunk);
        this.stats.tcpBufferedBytes -= conn.pendingBytes;
        conn.pendingBytes = 0;
        this.flow(s, conn);
      }
    }
  }

  async close(): Promise<void> {
    this.unsubscribe?.();
    this.unsubscribe = null;
    for (const s of this.sockets.keys()) s.destroy();
    this.sockets.clear();
    this.stats.tcpBufferedBytes = 0;
    const udp = this.udp;
    this.udp = null;
    if (udp) await new Promise<void>((r) => udp.close(() => r()));
    const second = this.secondUdp;
    this.secondUdp = null;
    if (second) await new Promise<void>((r) => second.close(() => r()));
    const tcp = this.tcp;
    this.tcp = null;
    if (tcp) await new Promise<void>((r) => tcp.close(() => r()));
  }
}

/** The next IPv4 loopback address after `host` (127.0.0.1 -> 127.0.0.2), else `host` itself. */
export function secondAddressOf(host: string): string {
  const m = /^127\.(\d+)\.(\d+)\.(\d+)$/.exec(host);
  if (!m) return host;
  const last = Number(m[3]);
  return `127.${m[1]}.${m[2]}.${last >= 254 ? 1 : last + 1}`;
}

/** A UDP socket on the second address, any port: replies sent from it come from another sender. */
async function bindSecondAddress(host: string): Promise<dgram.Socket> {
  const addr = secondAddressOf(host);
  const s = dgram.createSocket(net.isIPv6(addr) ? 'udp6' : 'udp4');
  await new Promise<void>((resolve, reject) => {
    s.once('error', (e) => reject(new InfraError(`workload: cannot bind the second UDP address ${addr}`, { cause: e })));
    s.bind(0, addr, () => resolve());
  });
  s.on('error', () => undefined);
  return s;
}
