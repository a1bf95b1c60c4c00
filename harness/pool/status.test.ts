/** `ftlab pool status` against a real redis-server: benches with their leases, queue, running jobs, workers. */
import test from 'ava';
import { spawn } from 'node:child_process';
import { FTLAB_BIN } from '../lab/emulator-process.ts';
import { registerBenches } from './benches.ts';
import { connectPool, parsePoolUrl } from './connect.ts';
import { poolKeys } from './keys.ts';
import { LeaseStore } from './lease.ts';
import { startTestRedis } from './testing/redis-server.ts';

function ftlab(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<{ code: number | null; out: string; err: string }> {
  const child = spawn(process.execPath, [FTLAB_BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env });
  let out = '';
  let err = '';
  child.stdout.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr.on('data', (b: Buffer) => (err += b.toString()));
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, out, err })));
}

test('pool status shows each bench with its lease, the queue, the running job and the workers', async (t) => {
  const redis = await startTestRedis(t);
  const client = await connectPool(parsePoolUrl(redis.url));
  t.teardown(() => client.disconnect());
  const keys = poolKeys();
  const bench = { kind: 'ft', tags: ['lab-a'], endpoints: {}, protocols: {}, timeScale: 10 };
  await registerBenches(client, keys, new Map([['ft0', bench], ['ft1', { ...bench, tags: [] }]]));
  const job = { runId: 'r1', id: 'r1:0', scenario: 's1', iteration: 0, binding: 'ft0', benches: ['ft0'], attempt: 0 };
  await client.rpush(keys.queue, JSON.stringify(job), JSON.stringify({ ...job, id: 'r1:1', binding: 'ft1', benches: ['ft1'] }));
  const lease = await new LeaseStore(client, keys, 60_000).acquire('w1', ['ft0'], { text: JSON.stringify(job), id: job.id });
  await client.hset(keys.workers, 'w1', JSON.stringify({ host: 'h', pid: 42, startedWall: Date.now(), beatWall: Date.now(), job: job.id, token: lease?.token }));
  const r = await ftlab(['pool', 'status', '--pool', redis.url, '--json']);
  t.is(r.code, 0, r.err);
  const s = JSON.parse(r.out) as { benches: Array<{ name: string; holder?: string; token?: number; ttlMs?: number }>; queue: Array<{ id: string }>; running: unknown[]; workers: Array<{ id: string; job: string }> };
  t.deepEqual(s.benches.map((b) => [b.name, b.holder, b.token]), [['ft0', 'w1', lease?.token], ['ft1', undefined, undefined]]);
  t.true((s.benches[0]?.ttlMs ?? 0) > 50_000 && (s.benches[0]?.ttlMs ?? 0) <= 60_000, 'TTL left');
  t.deepEqual(s.queue.map((q) => q.id), ['r1:1']);
  t.deepEqual(s.running, [{ job: 'r1:0', holder: 'w1', token: lease?.token }]);
  t.deepEqual(s.workers.map((w) => [w.id, w.job]), [['w1', 'r1:0']]);
  const text = await ftlab(['pool', 'status', '--pool', redis.url]);
  t.regex(text.out, /^ {2}ft0 +ft +lab-a +w1 +\d+ +\d+ ms$/m);
  t.regex(text.out, /^ {2}ft1 +ft +- +free +- +-$/m);
});

test('a bad pool URL or an unreachable pool is a clear error, without the password', async (t) => {
  const inline = await ftlab(['pool', 'status', '--pool', 'redis://:S3cretPw@127.0.0.1:1/0']);
  t.is(inline.code, 2);
  t.regex(inline.err, /--pool: put no password in the URL: use REDIS_PASSWORD or --pool-password-file/);
  t.false(inline.err.includes('S3cretPw'));
  const scheme = await ftlab(['pool', 'status', '--pool', 'http://127.0.0.1:1/0']);
  t.regex(scheme.err, /--pool: expected the scheme redis:\/\/ or rediss:\/\/ \(TLS\)/);
  const down = await ftlab(['pool', 'status', '--pool', 'redis://127.0.0.1:1/0'], { ...process.env, REDIS_PASSWORD: 'Env-S3cret' });
  t.is(down.code, 3, down.err);
  t.regex(down.err, /the bench pool redis:\/\/127\.0\.0\.1:1\/0 is unreachable/);
  t.false(down.err.includes('Env-S3cret'));
});
