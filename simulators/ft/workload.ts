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
  /** Most UDP datagrams kept during a stall; older ones are dropped beyond it. */
  maxQueued?: number;
}

export interface WorkloadStats {
  udpAnswered: number;
  udpQueued: number;
  udpDropped: number;
  tcpConnections: number;
}

interface Queued {
  msg: Buffer;
  port: number;
  address: string;
}

export class Workload {
  private udp: dgram.Socket | null = null;
  private tcp: net.Server | null = null;
  private readonly sockets = new Map<net.Socket, Buffer[]>();
  private queue: Queued[] = [];
  private unsubscribe: (() => void) | null = null;
  readonly stats: WorkloadStats = { udpAnswered: 0, udpQueued: 0, udpDropped: 0, tcpConnections: 0 };
  host = '127.0.0.1';
  udpPort = 0;
  tcpPort = 0;

  constructor(
    private readonly model: FtModel,
    private readonly opts: WorkloadOptions = {},
  ) {}

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
    await new Promise<void>((resolve, reject) => {
      tcp.once('error', (e) => reject(new InfraError(`workload: cannot listen on TCP ${host}:${this.opts.tcpPort ?? 0}`, { cause: e })));
      tcp.listen(this.opts.tcpPort ?? 0, host, () => resolve());
    });
    this.tcp = tcp;
    this.tcpPort = (tcp.address() as AddressInfo).port;
    this.unsubscribe = this.model.on(() => this.settle());
    return { udp: this.udpPort, tcp: this.tcpPort };
  }

  private onDatagram(msg: Buffer, port: number, address: string): void {
    switch (this.model.workloadMode()) {
      case 'answer':
        if (this.queue.length) this.settle();
        this.reply(msg, port, address);
        return;
      case 'queue':
        this.queue.push({ msg, port, address });
        this.stats.udpQueued++;
        if (this.queue.length > (this.opts.maxQueued ?? 200_000)) {
          this.queue.shift();
          this.stats.udpDropped++;
        }
        return;
      case 'drop':
      case 'down':
        this.stats.udpDropped++;
        return;
    }
  }

  private reply(msg: Buffer, port: number, address: string): void {
    this.stats.udpAnswered++;
    this.udp?.send(msg, port, address);
  }

  private onConnection(s: net.Socket): void {
    if (this.model.workloadMode() === 'down') {
      s.resetAndDestroy();
      return;
    }
    this.stats.tcpConnections++;
    this.sockets.set(s, []);
    s.on('data', (chunk) => {
      const pending = this.sockets.get(s);
      if (!pending) return;
      if (this.model.workloadMode() === 'answer' && pending.length === 0) s.write(chunk);
      else pending.push(chunk);
    });
    s.on('error', () => undefined);
    s.on('close', () => this.sockets.delete(s));
  }

  /** Apply the model's current state to what is waiting (called after every model event). */
  private settle(): void {
    const mode = this.model.workloadMode();
    if (mode === 'down') {
      this.stats.udpDropped += this.queue.length;
      this.queue = [];
      for (const s of this.sockets.keys()) s.resetAndDestroy();
      this.sockets.clear();
      return;
    }
    if (mode === 'queue') return;
    const waiting = this.queue;
    this.queue = [];
    if (mode === 'answer') for (const q of waiting) this.reply(q.msg, q.port, q.address);
    else this.stats.udpDropped += waiting.length;
    if (mode === 'answer') {
      for (const [s, pending] of this.sockets) {
        for (const chunk of pending.splice(0)) s.write(chunk);
      }
    }
  }

  async close(): Promise<void> {
    this.unsubscribe?.();
    this.unsubscribe = null;
    for (const s of this.sockets.keys()) s.destroy();
    this.sockets.clear();
    const udp = this.udp;
    this.udp = null;
    if (udp) await new Promise<void>((r) => udp.close(() => r()));
    const tcp = this.tcp;
    this.tcp = null;
    if (tcp) await new Promise<void>((r) => tcp.close(() => r()));
  }
}
