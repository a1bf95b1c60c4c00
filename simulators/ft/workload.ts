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
 * The UDP echo runs on its own thread (udp-echo-worker.ts, rules in udp-echo.ts): the probe
 * measures outages in milliseconds, and on the emulator's main thread its answers waited for
 * whatever else that thread was doing (serving HTTP and event streams at the very instant of a
 * fault) — outages the ground truth does not have. The mode is published to it at every model
 * transition (the workload subscribes to the model first, before the event projections).
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
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { Worker } from 'node:worker_threads';
import { InfraError } from '../../lib/errors.ts';
import { tsWorkerUrl } from '../../lib/ts-worker.ts';
import type { FtModel } from './model.ts';
import { DEFAULT_MAX_QUEUED, DEFAULT_MAX_QUEUED_BYTES, ECHO_STATS, MODE_CODES, resumeClockNow, secondAddressOf } from './udp-echo.ts';
import type { EchoWorkerData, EchoWorkerReply, EchoWorkerRequest } from './udp-echo-worker.ts';

export { DEFAULT_MAX_QUEUED, DEFAULT_MAX_QUEUED_BYTES, QUEUE_ENTRY_OVERHEAD } from './udp-echo.ts';

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

/** A TCP connection's data held during a stall, and whether it is being read from. */
interface Conn {
  pending: Buffer[];
  pendingBytes: number;
  reading: boolean;
}

type TcpStats = Pick<WorkloadStats, 'tcpConnections' | 'tcpRefused' | 'tcpPaused' | 'tcpBufferedBytes'>;

export class Workload {
  private echo: Worker | null = null;
  private tcp: net.Server | null = null;
  private readonly sockets = new Map<net.Socket, Conn>();
  private unsubscribe: (() => void) | null = null;
  /**
   * Read by the echo thread for every datagram: [0] the mode in force as its MODE_CODES index,
   * [1] 1 when answers go out from the second address (failover-new-address, resync-new-address).
   */
  private readonly modeCell = new Int32Array(new SharedArrayBuffer(8));
  /** [0] the instant (resumeClockNow ms) a queue or drop mode ends as planned, NaN if none; [1] the MODE_CODES index then. */
  private readonly resumeCell = new Float64Array(new SharedArrayBuffer(16)).fill(Number.NaN);
  /** The echo thread's counters, in ECHO_STATS order. */
  private readonly echoStats = new Float64Array(new SharedArrayBuffer(8 * ECHO_STATS.length));
  private readonly tcpStats: TcpStats = { tcpConnections: 0, tcpRefused: 0, tcpPaused: 0, tcpBufferedBytes: 0 };
  private readonly maxBuffered: number;
  host = '127.0.0.1';
  udpPort = 0;
  tcpPort = 0;

  constructor(
    private readonly model: FtModel,
    private readonly opts: WorkloadOptions = {},
  ) {
    this.maxBuffered = opts.maxBufferedPerConnection ?? DEFAULT_MAX_BUFFERED_PER_CONNECTION;
  }

  /** The counters now (the UDP ones as the echo thread last wrote them). */
  get stats(): WorkloadStats {
    const udp = Object.fromEntries(ECHO_STATS.map((k, i) => [k, this.echoStats[i] ?? 0])) as Pick<WorkloadStats, (typeof ECHO_STATS)[number]>;
    return { ...udp, ...this.tcpStats };
  }

  async start(): Promise<{ udp: number; tcp: number }> {
    const host = this.opts.host ?? '127.0.0.1';
    this.host = host;
    this.publishMode();
    this.udpPort = await this.startEcho(host);
    const tcp = net.createServer((s) => this.onConnection(s));
    tcp.maxConnections = this.opts.maxConnections ?? DEFAULT_MAX_CONNECTIONS;
    tcp.on('drop', () => this.tcpStats.tcpRefused++);
    try {
      await new Promise<void>((resolve, reject) => {
        tcp.once('error', (e) => reject(new InfraError(`workload: cannot listen on TCP ${host}:${this.opts.tcpPort ?? 0}`, { cause: e })));
        tcp.listen(this.opts.tcpPort ?? 0, host, () => resolve());
      });
    } catch (e) {
      await this.echo?.terminate();
      this.echo = null;
      throw e;
    }
    this.tcp = tcp;
    this.tcpPort = (tcp.address() as AddressInfo).port;
    this.unsubscribe = this.model.onServerState(() => this.settle());
    return { udp: this.udpPort, tcp: this.tcpPort };
  }

  /** Start the UDP echo thread; resolves with its port once it is bound. */
  private async startEcho(host: string): Promise<number> {
    const data: EchoWorkerData = {
      host,
      port: this.opts.udpPort ?? 0,
      maxQueued: this.opts.maxQueued ?? DEFAULT_MAX_QUEUED,
      maxQueuedBytes: this.opts.maxQueuedBytes ?? DEFAULT_MAX_QUEUED_BYTES,
      mode: this.modeCell.buffer as SharedArrayBuffer,
      resume: this.resumeCell.buffer as SharedArrayBuffer,
      stats: this.echoStats.buffer as SharedArrayBuffer,
    };
    if (this.model.defects.has('failover-new-address') || this.model.defects.has('resync-new-address')) data.secondHost = secondAddressOf(host);
    const worker = new Worker(tsWorkerUrl(new URL('./udp-echo-worker.ts', import.meta.url)), { workerData: data });
    this.echo = worker;
    const cannot = (why: string, cause?: unknown): InfraError => new InfraError(`workload: cannot bind UDP ${host}:${data.port}: ${why}`, { cause });
    try {
      return await new Promise<number>((resolve, reject) => {
        worker.once('message', (m: EchoWorkerReply) => (m.type === 'ready' ? resolve(m.port) : reject(cannot(m.message))));
        worker.once('error', (e) => reject(cannot(e.message, e)));
        worker.once('exit', (code) => reject(cannot(`the echo thread exited (${code})`)));
      });
    } catch (e) {
      await worker.terminate();
      this.echo = null;
      throw e;
    }
  }

  /** Store the mode in force and its planned end for the echo thread; true when either changed. */
  private publishMode(): boolean {
    Atomics.store(this.modeCell, 1, this.model.answersFromSecondAddress() ? 1 : 0);
    const resume = this.model.workloadResume();
    const until = resume ? resumeClockNow() + resume.inMs / this.model.timeScale : Number.NaN;
    const before = this.resumeCell[0] ?? Number.NaN;
    const planChanged = Number.isNaN(until) ? !Number.isNaN(before) : !(Math.abs(until - before) < 1);
    this.resumeCell[1] = resume ? MODE_CODES.indexOf(resume.then) : Number.NaN;
    this.resumeCell[0] = until;
    const code = MODE_CODES.indexOf(this.model.workloadMode());
    return Atomics.exchange(this.modeCell, 0, code) !== code || planChanged;
  }

  private onConnection(s: net.Socket): void {
    if (this.model.workloadMode() === 'down') {
      s.resetAndDestroy();
      return;
    }
    this.tcpStats.tcpConnections++;
    const conn: Conn = { pending: [], pendingBytes: 0, reading: true };
    this.sockets.set(s, conn);
    s.on('data', (chunk: Buffer) => {
      if (this.sockets.get(s) !== conn) return;
      if (this.model.workloadMode() === 'answer' && conn.pending.length === 0) s.write(chunk);
      else {
        conn.pending.push(chunk);
        conn.pendingBytes += chunk.length;
        this.tcpStats.tcpBufferedBytes += chunk.length;
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
      this.tcpStats.tcpPaused++;
      s.pause();
    }
  }

  private forget(s: net.Socket): void {
    const conn = this.sockets.get(s);
    if (!conn) return;
    this.tcpStats.tcpBufferedBytes -= conn.pendingBytes;
    this.sockets.delete(s);
  }

  /** Apply the model's current state to what is waiting (called after every model event). */
  private settle(): void {
    if (this.publishMode()) this.echo?.postMessage({ type: 'settle' } satisfies EchoWorkerRequest);
    const mode = this.model.workloadMode();
    if (mode === 'down') {
      for (const s of this.sockets.keys()) s.resetAndDestroy();
      this.sockets.clear();
      this.tcpStats.tcpBufferedBytes = 0;
      return;
    }
    if (mode !== 'answer') return;
    for (const [s, conn] of this.sockets) {
      for (const chunk of conn.pending.splice(0)) s.write(chunk);
      this.tcpStats.tcpBufferedBytes -= conn.pendingBytes;
      conn.pendingBytes = 0;
      this.flow(s, conn);
    }
  }

  async close(): Promise<void> {
    this.unsubscribe?.();
    this.unsubscribe = null;
    for (const s of this.sockets.keys()) s.destroy();
    this.sockets.clear();
    this.tcpStats.tcpBufferedBytes = 0;
    const echo = this.echo;
    this.echo = null;
    if (echo) await echo.terminate();
    const tcp = this.tcp;
    this.tcp = null;
    if (tcp) await new Promise<void>((r) => tcp.close(() => r()));
  }
}
