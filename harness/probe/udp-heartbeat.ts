/**
 * The workload heartbeat probe (FT-01/03/08): sends a sequence-numbered UDP datagram to the
 * workload's echo port every `intervalMs` (1 ms = 1 kHz), records when each answer arrives and
 * from which address, and reports the gaps between answers longer than a threshold — the
 * outage as seen from outside the server — together with the resolution actually achieved
 * (p99 of the intervals between sends).
 *
 * Addresses: the socket binds to the wildcard address (or `sourceAddress` when given) and sends
 * to the workload, so the workload may be on another machine. Each probe carries a random nonce
 * (node:crypto); only a datagram from the workload's own address and port that carries this
 * probe's nonce and the sequence number of a probe sent and not yet answered is an answer.
 * Anything else that reaches the socket — another sender, a wrong nonce, a sequence never sent,
 * a repeat — is counted as foreign traffic (`foreign`), never as an answer: a forged reply can
 * neither hide an outage nor invent one.
 *
 * Scheduling: Node timers cannot do 1 kHz, so the loop runs on setImmediate and checks the
 * monotonic clock; to stay CPU-friendly it sleeps in short slices (Atomics.wait, ≤ 0.25 ms, so
 * incoming answers are never held back longer than that) while the next send is not yet due.
 * It stops by itself at its deadline.
 */
import { randomBytes } from 'node:crypto';
import dgram from 'node:dgram';
import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import { at } from '../../lib/checked.ts';
import { type Clock, systemClock } from '../../lib/clock.ts';
import { InfraError } from '../../lib/errors.ts';
import type { ProbeGap, ProbeRecord } from '../../lib/history/records.ts';
import { estimateOutage } from './outage.ts';
import { intervals, percentile } from './stats.ts';

const MAGIC = 0x46544842; // "FTHB"
/** Payload: magic (4 bytes), nonce (8), sequence number (4). */
const NONCE_OFFSET = 4;
const NONCE_BYTES = 8;
const SEQ_OFFSET = NONCE_OFFSET + NONCE_BYTES;
const PAYLOAD_BYTES = SEQ_OFFSET + 4;
const MAX_SLEEP_MS = 0.25;
/** Most distinct senders of foreign traffic kept for the result. */
const MAX_FOREIGN_SOURCES = 16;

export interface HeartbeatOptions {
  host: string;
  port: number;
  /** Send interval, ms (default 1). */
  intervalMs?: number;
  /** Answer gaps longer than this are reported (default 5 × interval). */
  gapThresholdMs?: number;
  /** The probe stops by itself after this long (wall ms). */
  maxDurationMs: number;
  /** Local address to send from (an IP literal of this machine); default: the wildcard, the kernel picks per route. */
  sourceAddress?: string;
  clock?: Clock;
}

/** Times are `clock.now()` values (monotonic ms). */
export interface HeartbeatResult extends Omit<ProbeRecord, 'type' | 't' | 'wall' | 'scenario' | 'probe'> {
  /** True when the probe stopped because its deadline passed rather than by stop(). */
  stoppedByDeadline: boolean;
  sendErrors: number;
  /** Datagrams received that were not an answer (see the module comment). */
  foreign: number;
  /** Their distinct senders (address:port, sorted; at most 16). */
  foreignFrom: string[];
  /**
   * Senders other than the workload that echoed this probe's own datagrams (its nonce, a
   * sequence number it sent): not answers, but a second responder on the network (FT-03).
   */
  echoedBy: string[];
}

interface Arrival {
  /** When the probe's loop handled the answer. */
  at: number;
  /**
   * When the loop last looked at its socket before that: the answer reached this host after it.
   * Normally within a sleep slice of `at`; far earlier when this thread was not scheduled, so
   * that a late stamp is not mistaken for an answer the server held.
   */
  earliest: number;
  seq: number;
}

export class UdpHeartbeatProbe {
  private readonly clock: Clock;
  private readonly intervalMs: number;
  private readonly gapThresholdMs: number;
  private readonly nonce = randomBytes(NONCE_BYTES);
  private readonly workload = new BlockList();
  private readonly sendTimes: number[] = [];
  /** Each answer: when it arrived and the sequence number of the probe it answers. */
  private readonly arrivals: Arrival[] = [];
  private readonly answered = new Set<number>();
  private readonly sources = new Set<string>();
  private readonly sleeper = new Int32Array(new SharedArrayBuffer(4));
  private seq = 0;
  private sendErrors = 0;
  private foreign = 0;
  private readonly foreignSources = new Set<string>();
  private readonly echoers = new Set<string>();
  private startedAt = 0;
  private deadlineAt = 0;
  private nextDue = 0;
  /** Start of the latest loop turn: every answer handled after it reached the socket after the turn before. */
  private lastLook = 0;
  private result: HeartbeatResult | null = null;
  private resolveDone!: (r: HeartbeatResult) => void;
  /** Settles when the probe has stopped (by stop() or by its deadline). */
  readonly done: Promise<HeartbeatResult>;

  private constructor(
    private readonly socket: dgram.Socket,
    private readonly address: string,
    private readonly opts: HeartbeatOptions,
  ) {
    this.clock = opts.clock ?? systemClock;
    this.intervalMs = opts.intervalMs ?? 1;
    this.gapThresholdMs = opts.gapThresholdMs ?? 5 * this.intervalMs;
    this.done = new Promise((r) => (this.resolveDone = r));
    this.workload.addAddress(address, isIP(address) === 6 ? 'ipv6' : 'ipv4');
  }

  static async start(opts: HeartbeatOptions): Promise<UdpHeartbeatProbe> {
    if (!(opts.maxDurationMs > 0)) throw new RangeError('probe maxDurationMs must be positive');
    if (opts.intervalMs !== undefined && !(opts.intervalMs > 0)) throw new RangeError('probe intervalMs must be positive');
    let address = opts.host;
    if (!isIP(address)) {
      try {
        address = (await lookup(opts.host)).address;
      } catch (e) {
        throw new InfraError(`heartbeat probe: cannot resolve workload host "${opts.host}"`, { cause: e });
      }
    }
    const family = isIP(address) === 6 ? 'udp6' : 'udp4';
    const source = opts.sourceAddress ?? (family === 'udp6' ? '::' : '0.0.0.0');
    if (isIP(source) !== isIP(address)) {
      throw new InfraError(`heartbeat probe: source address "${source}" must be an IP address of the workload address's family (${address})`);
    }
    // Every address the socket sees (the bind address, the workload) is an IP literal by now:
    // answer lookups with the literal itself at once, so a send is never delayed by DNS.
    const socket = dgram.createSocket({ type: family, lookup: literalLookup });
    try {
      await new Promise<void>((resolve, reject) => {
        socket.once('error', reject);
        socket.bind(0, source, () => {
          socket.off('error', reject);
          resolve();
        });
      });
    } catch (e) {
      socket.close();
      throw new InfraError(`heartbeat probe: cannot bind a UDP socket on ${source} to probe ${address}:${opts.port}: ${(e as Error).message}`, { cause: e });
    }
    const probe = new UdpHeartbeatProbe(socket, address, opts);
    probe.begin();
    return probe;
  }

  private begin(): void {
    this.socket.on('message', (msg, rinfo) => this.onMessage(msg, rinfo));
    this.socket.on('error', () => this.sendErrors++);
    this.startedAt = this.clock.now();
    this.lastLook = this.startedAt;
    this.deadlineAt = this.startedAt + this.opts.maxDurationMs;
    // The first probe goes out at once: a probe that started has sent, however late its loop runs.
    this.send(this.startedAt);
    this.nextDue = this.startedAt + this.intervalMs;
    setImmediate(() => this.tick());
  }

  private onMessage(msg: Buffer, rinfo: dgram.RemoteInfo): void {
    const arrivedAt = this.clock.now();
    const seq = this.answerTo(msg, rinfo);
    if (seq === undefined) {
      this.foreign++;
      const from = endpoint(rinfo.address, rinfo.port);
      if (this.foreignSources.size < MAX_FOREIGN_SOURCES) this.foreignSources.add(from);
      if (this.echoesOurs(msg) && from !== this.target() && this.echoers.size < MAX_FOREIGN_SOURCES) this.echoers.add(from);
      return;
    }
    this.answered.add(seq);
    this.arrivals.push({ at: arrivedAt, earliest: Math.min(this.lastLook, arrivedAt), seq });
    this.sources.add(endpoint(rinfo.address, rinfo.port));
  }

  /** The sequence number `msg` answers, or undefined when it is not an answer of the workload to this probe. */
  private answerTo(msg: Buffer, rinfo: dgram.RemoteInfo): number | undefined {
    if (rinfo.port !== this.opts.port || !this.workload.check(rinfo.address, rinfo.family === 'IPv6' ? 'ipv6' : 'ipv4')) return undefined;
    if (msg.length !== PAYLOAD_BYTES || msg.readUInt32BE(0) !== MAGIC) return undefined;
    if (!msg.subarray(NONCE_OFFSET, NONCE_OFFSET + NONCE_BYTES).equals(this.nonce)) return undefined;
    const seq = msg.readUInt32BE(SEQ_OFFSET);
    return seq < this.seq && !this.answered.has(seq) ? seq : undefined;
  }

  /** Our payload (magic, nonce, a sequence number we sent), whoever sent it back. */
  private echoesOurs(msg: Buffer): boolean {
    if (msg.length !== PAYLOAD_BYTES || msg.readUInt32BE(0) !== MAGIC) return false;
    return msg.subarray(NONCE_OFFSET, NONCE_OFFSET + NONCE_BYTES).equals(this.nonce) && msg.readUInt32BE(SEQ_OFFSET) < this.seq;
  }

  private target(): string {
    return endpoint(this.address, this.opts.port);
  }

  private tick(): void {
    if (this.result) return;
    let now = this.clock.now();
    this.lastLook = now;
    if (now >= this.deadlineAt) {
      this.finish(true);
      return;
    }
    if (now >= this.nextDue) {
      this.send(now);
      this.nextDue += this.intervalMs;
      // Late (the loop was held up): do not burst to catch up, keep the interval from now.
      if (this.nextDue <= now) this.nextDue = now + this.intervalMs;
    }
    now = this.clock.now();
    const wait = this.nextDue - now;
    if (wait > 0.2) Atomics.wait(this.sleeper, 0, 0, Math.min(wait - 0.1, MAX_SLEEP_MS));
    setImmediate(() => this.tick());
  }

  private send(now: number): void {
    const buf = Buffer.alloc(PAYLOAD_BYTES);
    buf.writeUInt32BE(MAGIC, 0);
    this.nonce.copy(buf, NONCE_OFFSET);
    buf.writeUInt32BE(this.seq++, SEQ_OFFSET);
    this.sendTimes.push(now);
    this.socket.send(buf, this.opts.port, this.address, (err) => {
      if (err) this.sendErrors++;
    });
  }

  /** Answers received so far (distinct sequence numbers); the final count is `result.received`. */
  get receivedSoFar(): number {
    return this.answered.size;
  }

  /** Foreign datagrams received so far (the final count is `result.foreign`). */
  get foreignSoFar(): number {
    return this.foreign;
  }

  /** The local address and port the probe sends from. */
  get local(): { address: string; port: number } {
    const a = this.socket.address();
    return { address: a.address, port: a.port };
  }

  /** Stop now (if still running) and return the result. */
  async stop(): Promise<HeartbeatResult> {
    if (!this.result) this.finish(false);
    return this.done;
  }

  /** Probes sent strictly after `from` and before `to`. */
  private sendsBetween(from: number, to: number): number {
    return Math.max(0, upperBound(this.sendTimes, to - 1e-9) - upperBound(this.sendTimes, from));
  }

  /** Send time of probe `seq`: onMessage only records answers to probes already sent. */
  private sentAt(seq: number): number {
    return at(this.sendTimes, seq, 'heartbeat probe: send time of an answered probe');
  }

  private outageBetween(lastBefore: Arrival, firstAfter: Arrival, rttMs: number): number | undefined {
    return estimateOutage({
      sendTimes: this.sendTimes,
      lastBefore: lastBefore.seq,
      firstAfter: firstAfter.seq,
      firstAfterArrival: firstAfter.at,
      firstAfterEarliest: firstAfter.earliest,
      rttMs,
      intervalMs: this.intervalMs,
    });
  }

  private finish(byDeadline: boolean): void {
    const stoppedAt = this.clock.now();
    // Round trip of prompt answers only: an answer that waited longer than the gap threshold was
    // held by the server (a blackout) and would inflate the median in a long pause.
    const rtts = this.arrivals.map((a) => a.at - this.sentAt(a.seq)).filter((rtt) => rtt < this.gapThresholdMs);
    const rttMs = percentile(rtts, 50);
    const gaps: ProbeGap[] = [];
    let prevAt = this.startedAt;
    let prev: Arrival | undefined;
    for (const a of this.arrivals) {
      if (a.at - prevAt > this.gapThresholdMs) {
        const outageMs = prev ? this.outageBetween(prev, a, rttMs) : undefined;
        gaps.push(gap(prevAt, a.at, this.sendsBetween(prevAt, a.at), outageMs));
      }
      prevAt = a.at;
      prev = a;
    }
    if (stoppedAt - prevAt > this.gapThresholdMs) gaps.push(gap(prevAt, stoppedAt, this.sendsBetween(prevAt, stoppedAt)));
    const sendIntervals = intervals(this.sendTimes);
    this.result = {
      target: `${this.address}:${this.opts.port}`,
      intervalMs: this.intervalMs,
      resolutionMs: sendIntervals.length ? round3(percentile(sendIntervals, 99)) : this.intervalMs,
      sent: this.seq,
      received: this.answered.size,
      gaps,
      ...(Number.isFinite(rttMs) ? { rttMs: round3(rttMs) } : {}),
      repliedFrom: [...this.sources].sort(),
      startedAt: this.startedAt,
      stoppedAt,
      stoppedByDeadline: byDeadline,
      sendErrors: this.sendErrors,
      foreign: this.foreign,
      foreignFrom: [...this.foreignSources].sort(),
      echoedBy: [...this.echoers].sort(),
    };
    this.socket.close();
    this.resolveDone(this.result);
  }
}

function endpoint(address: string, port: number): string {
  return `${address}:${port}`;
}

/** dgram's lookup for a socket that only ever sees IP literals: answers with the literal itself. */
function literalLookup(host: string, _opts: unknown, cb: (err: NodeJS.ErrnoException | null, address: string, family: number) => void): void {
  const family = isIP(host);
  if (family) cb(null, host, family);
  else cb(Object.assign(new Error(`heartbeat probe: "${host}" is not an IP address`), { code: 'EINVAL' }), '', 0);
}

function gap(start: number, end: number, sentDuring: number, outageMs?: number): ProbeGap {
  return { start: round3(start), end: round3(end), durationMs: round3(end - start), sentDuring, ...(outageMs === undefined ? {} : { outageMs: round3(outageMs) }) };
}

/** Index of the first element of sorted `xs` that is > x. */
function upperBound(xs: readonly number[], x: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (at(xs, mid, 'upperBound: probe send time') <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function round3(n: number): number {
  return Math.round(n * 1000) / 1000;
}
