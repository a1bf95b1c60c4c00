/**
 * Worker-thread entry of the workload's UDP echo: the socket lives on its own event loop, so the
 * emulator's other work on the main thread (HTTP, event streams, model transitions, its garbage
 * collections) cannot hold answers back — a held answer is an outage the probe measures while the
 * ground truth says the server ran. The main thread stores the workload mode in force in shared
 * memory at every transition (read here for every datagram) and posts 'settle' when it changed;
 * the counters are written back to shared memory. An outage with a planned end (a blackout, a NIC
 * failover window) ends here at that instant, by this thread's own clock (and timer, to answer
 * what was held): the main thread's timer for it may fire late on a loaded host, and the server's
 * workload must not be out longer than the server says.
 */
import dgram from 'node:dgram';
import net from 'node:net';
import { parentPort, workerData } from 'node:worker_threads';
import { raiseThreadPriority } from '../../lib/thread-priority.ts';
import { ECHO_STATS, MODE_CODES, resumeClockNow, UdpEchoCore } from './udp-echo.ts';
import type { WorkloadMode } from './types.ts';

export interface EchoWorkerData {
  host: string;
  port: number;
  maxQueued: number;
  maxQueuedBytes: number;
  /** A second address to answer from while the main thread says so (the address-moving defects). */
  secondHost?: string;
  /** Int32Array[2]: the mode's index in MODE_CODES; 1 when answers go out from secondHost. */
  mode: SharedArrayBuffer;
  /** Float64Array[2]: when (resumeClockNow) a queue or drop mode ends as planned, NaN if none; the mode's index then. */
  resume: SharedArrayBuffer;
  /** Float64Array in ECHO_STATS order. */
  stats: SharedArrayBuffer;
}

/** How long before a planned resume the echo's timer wakes to wait out the rest precisely (ms). */
const RESUME_SPIN_MS = 2;

export type EchoWorkerRequest = { type: 'settle' };
export type EchoWorkerReply = { type: 'ready'; port: number } | { type: 'error'; message: string };

const port = parentPort;
if (port) {
  // The echo is the server's workload: on a shared machine it must not wait out other threads' time slices.
  raiseThreadPriority();
  const d = workerData as EchoWorkerData;
  const modeCell = new Int32Array(d.mode);
  const shared = new Float64Array(d.stats);
  const resume = new Float64Array(d.resume);
  const stored = (): WorkloadMode => MODE_CODES[Atomics.load(modeCell, 0)] ?? 'answer';
  const resumeIn = (): number => (resume[0] ?? Number.NaN) - resumeClockNow();
  // a planned end applies to an outage with one (a blackout or stall queues; a NIC failover window drops)
  const planned = (m: WorkloadMode): boolean => m === 'queue' || m === 'drop';
  const mode = (): WorkloadMode => {
    const m = stored();
    return planned(m) && resumeIn() <= 0 ? (MODE_CODES[resume[1] ?? -1] ?? m) : m;
  };
  // A timer fires up to a millisecond late (whole ms, then the loop's turn): it is set to wake
  // RESUME_SPIN_MS early and the thread waits out the rest in short slices, so what was held is
  // answered at the planned instant, not up to a probe interval after it.
  const sleeper = new Int32Array(new SharedArrayBuffer(4));
  const untilResumeIfWithin = (ms: number): void => {
    for (let left = resumeIn(); left > 0 && left <= ms; left = resumeIn()) Atomics.wait(sleeper, 0, 0, Math.min(left, 0.05));
  };
  const udp = dgram.createSocket(net.isIPv6(d.host) ? 'udp6' : 'udp4');
  const second = d.secondHost === undefined ? null : dgram.createSocket(net.isIPv6(d.secondHost) ? 'udp6' : 'udp4');
  const sender = (): dgram.Socket => (second && Atomics.load(modeCell, 1) === 1 ? second : udp);
  const core = new UdpEchoCore((q) => sender().send(q.msg, q.port, q.address), { maxQueued: d.maxQueued, maxQueuedBytes: d.maxQueuedBytes });
  const publish = (): void => ECHO_STATS.forEach((k, i) => (shared[i] = core.stats[k]));
  udp.on('message', (msg, rinfo) => {
    core.onDatagram(mode(), { msg, port: rinfo.port, address: rinfo.address });
    publish();
  });
  let resumeTimer: NodeJS.Timeout | undefined;
  const settle = (): void => {
    clearTimeout(resumeTimer);
    if (stored() === 'queue') untilResumeIfWithin(RESUME_SPIN_MS);
    core.settle(mode());
    publish();
    const wait = resumeIn();
    if (stored() === 'queue' && wait > 0) resumeTimer = setTimeout(settle, Math.max(0, wait - RESUME_SPIN_MS));
  };
  port.on('message', (m: EchoWorkerRequest) => {
    if (m.type === 'settle') settle();
  });
  const fail = (where: string) => (e: Error) => port.postMessage({ type: 'error', message: `${where}: ${e.message}` } satisfies EchoWorkerReply);
  const ready = (): void => {
    for (const s of [udp, second]) s?.removeAllListeners('error').on('error', () => undefined);
    port.postMessage({ type: 'ready', port: udp.address().port } satisfies EchoWorkerReply);
  };
  udp.once('error', fail(d.host));
  second?.once('error', fail(`the second address ${d.secondHost ?? ''}`));
  udp.bind(d.port, d.host, () => (second ? second.bind(0, d.secondHost, ready) : ready()));
}
