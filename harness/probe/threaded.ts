/**
 * Start the heartbeat probe on a worker thread (see heartbeat-worker.ts; TypeScript loads through
 * lib/ts-worker.ts).
 */
import { Worker } from 'node:worker_threads';
import { InfraError } from '../../lib/errors.ts';
import { tsWorkerUrl } from '../../lib/ts-worker.ts';
import type { WorkerReply } from './heartbeat-worker.ts';
import type { HeartbeatOptions, HeartbeatResult } from './udp-heartbeat.ts';

export interface HeartbeatHandle {
  readonly done: Promise<HeartbeatResult>;
  stop(): Promise<HeartbeatResult>;
}

/** Times in the result are converted to this thread's performance.now() base. */
export async function startThreadedHeartbeat(opts: Omit<HeartbeatOptions, 'clock'>, startWithinMs = 30_000): Promise<HeartbeatHandle> {
  const worker = new Worker(tsWorkerUrl(new URL('./heartbeat-worker.ts', import.meta.url)), { workerData: opts });
  let settle!: (r: HeartbeatResult) => void;
  let fail!: (e: Error) => void;
  const done = new Promise<HeartbeatResult>((res, rej) => {
    settle = res;
    fail = rej;
  });
  done.catch(() => undefined);
  const started = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      void worker.terminate();
      reject(new InfraError(`heartbeat probe: the worker did not start within ${startWithinMs} ms`));
    }, startWithinMs);
    worker.on('message', (m: WorkerReply) => {
      if (m.type === 'started') {
        clearTimeout(timer);
        resolve();
      } else if (m.type === 'error') {
        clearTimeout(timer);
        const e = new InfraError(m.message.startsWith('heartbeat probe:') ? m.message : `heartbeat probe: ${m.message}`);
        reject(e);
        fail(e);
      } else if (m.type === 'result') {
        settle(rebase(m.result, m.timeOrigin - performance.timeOrigin));
        void worker.terminate();
      }
    });
    worker.on('error', (e) => {
      clearTimeout(timer);
      const err = new InfraError(`heartbeat probe worker failed: ${e.message}`, { cause: e });
      reject(err);
      fail(err);
    });
    worker.on('exit', () => fail(new InfraError('heartbeat probe worker exited without a result')));
  });
  await started;
  return {
    done,
    stop: () => {
      worker.postMessage({ type: 'stop' });
      return done;
    },
  };
}

function rebase(r: HeartbeatResult, delta: number): HeartbeatResult {
  const f = (x: number): number => Math.round((x + delta) * 1000) / 1000;
  return { ...r, startedAt: f(r.startedAt), stoppedAt: f(r.stoppedAt), gaps: r.gaps.map((g) => ({ ...g, start: f(g.start), end: f(g.end) })) };
}
