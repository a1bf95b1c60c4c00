/**
 * Worker-thread entry of the businesses' UDP endpoints: one socket per business on its own event
 * loop, so the model, the Redfish services and their event streams on the main thread cannot hold
 * answers back (a held answer is an outage a probe would measure while the ground truth says the
 * business ran; the ft workload's reasoning, simulators/ft/workload.ts). The main thread stores,
 * for each business, the index of the system answering for it (−1: none) in shared memory at
 * every change, read here for every datagram; system names reach this thread by message before
 * their index is first stored (an index not known yet answers nothing).
 */
import dgram from 'node:dgram';
import net from 'node:net';
import { parentPort, workerData } from 'node:worker_threads';
import { udpReply } from '../../../lib/domains/cluster/business-wire.ts';

export interface BusinessWorkerData {
  host: string;
  businesses: Array<{ id: string; port: number }>;
  /** Int32Array, one cell per business: index into the system names, −1 = unreachable. */
  answerer: SharedArrayBuffer;
}

export type BusinessWorkerRequest = { type: 'name'; index: number; name: string };
export type BusinessWorkerReply = { type: 'ready'; ports: number[] } | { type: 'error'; message: string };

const port = parentPort;
if (port) {
  const d = workerData as BusinessWorkerData;
  const answerer = new Int32Array(d.answerer);
  const names: string[] = [];
  port.on('message', (m: BusinessWorkerRequest) => {
    if (m.type === 'name') names[m.index] = m.name;
  });
  const sockets = d.businesses.map((b, i) => {
    const s = dgram.createSocket(net.isIPv6(d.host) ? 'udp6' : 'udp4');
    s.on('message', (msg, rinfo) => {
      const host = names[Atomics.load(answerer, i)];
      if (host === undefined) return;
      s.send(udpReply(msg, { host, business: b.id }), rinfo.port, rinfo.address);
    });
    return s;
  });
  const bound: number[] = [];
  const bindNext = (i: number): void => {
    const s = sockets[i];
    const b = d.businesses[i];
    if (!s || !b) {
      for (const x of sockets) x.removeAllListeners('error').on('error', () => undefined);
      port.postMessage({ type: 'ready', ports: bound } satisfies BusinessWorkerReply);
      return;
    }
    s.once('error', (e) => port.postMessage({ type: 'error', message: `business ${b.id}: UDP ${d.host}:${b.port}: ${e.message}` } satisfies BusinessWorkerReply));
    s.bind(b.port, d.host, () => {
      bound.push(s.address().port);
      bindNext(i + 1);
    });
  };
  bindNext(0);
}
