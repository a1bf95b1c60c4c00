/**
 * Worker-thread entry of the heartbeat probe: runs UdpHeartbeatProbe on its own event loop, so
 * the harness's work on the main thread (HTTP, event streams, history writes) cannot delay the
 * 1 kHz sends or the timestamps of the answers. Times are posted as absolute epoch-based ms
 * (performance.timeOrigin + now) and converted back by the main thread.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { raiseThreadPriority } from '../../lib/thread-priority.ts';
import { type HeartbeatOptions, type HeartbeatResult, UdpHeartbeatProbe } from './udp-heartbeat.ts';

export type WorkerRequest = { type: 'stop' };
export type WorkerReply = { type: 'started' } | { type: 'result'; result: HeartbeatResult; timeOrigin: number } | { type: 'error'; message: string };

const port = parentPort;
if (port) {
  raiseThreadPriority();
  const opts = workerData as Omit<HeartbeatOptions, 'clock'>;
  const post = (m: WorkerReply): void => port.postMessage(m);
  UdpHeartbeatProbe.start(opts).then(
    (probe) => {
      post({ type: 'started' });
      port.on('message', (m: WorkerRequest) => {
        if (m.type === 'stop') void probe.stop();
      });
      void probe.done.then((result) => {
        post({ type: 'result', result, timeOrigin: performance.timeOrigin });
        port.close();
      });
    },
    (e: unknown) => {
      post({ type: 'error', message: e instanceof Error ? e.message : String(e) });
      port.close();
    },
  );
}
