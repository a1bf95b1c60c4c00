/** The Lua lease logic against a real redis-server of the test's own. */
import test from 'ava';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError, InfraError } from '../../lib/errors.ts';
import { connectPool, parsePoolUrl } from './connect.ts';
import { poolKeys } from './keys.ts';
import { LeaseStore, LostLease } from './lease.ts';
import { startTestRedis } from './testing/redis-server.ts';

async function store(t: Parameters<typeof startTestRedis>[0], ttlMs = 60_000) {
  const redis = await startTestRedis(t);
  const client = await connectPool(parsePoolUrl(redis.url));
  t.teardown(() => client.disconnect());
  return { s: new LeaseStore(client, poolKeys('t'), ttlMs), client, redis };
}

test('acquire is all-or-nothing; tokens only grow', async (t) => {
  const { s, client } = await store(t);
  const a = await s.acquire('w1', ['ft0', 'ft1']);
  t.truthy(a);
  t.is(await s.acquire('w2', ['ft1', 'ft2']), null, 'ft1 is held: nothing is taken');
  t.is(await client.exists('t:bench:ft2'), 0, 'ft2 was not half-taken');
  const b = await s.acquire('w2', ['ft2', 'ft3']);
  t.truthy(b);
  t.true((b?.token ?? 0) > (a?.token ?? 0));
  t.is(await client.get('t:bench:ft0'), `${a?.token}|w1`);
  if (!a) return;
  t.is(await s.release(a), 2);
  const c = await s.acquire('w3', ['ft0', 'ft1']);
  t.true((c?.token ?? 0) > (b?.token ?? 0), 'a new lease of the same benches gets a larger token');
});

test('renew and release only while the lease is ours; the fencing check says which', async (t) => {
  const { s, client } = await store(t, 300);
  const a = await s.acquire('w1', ['ft0']);
  if (!a) return t.fail('not acquired');
  t.true(await s.renew(a));
  t.true(await s.isCurrent(a));
  await new Promise((r) => setTimeout(r, 600));
  t.false(await s.isCurrent(a), 'expired after the TTL');
  const b = await s.acquire('w2', ['ft0']);
  if (!b) return t.fail('the expired bench was not free');
  t.false(await s.renew(a), 'the old holder cannot renew');
  t.is(await s.release(a), 0, 'the old holder cannot release');
  t.is(await client.get('t:bench:ft0'), `${b.token}|w2`, "the new holder's lease is untouched");
  const e = await t.throwsAsync(s.assertCurrent(a, 'fault "x"'), { instanceOf: LostLease });
  t.regex(e?.message ?? '', /lease on ft0 \(token \d+\) is no longer ours: not driving it \(fault "x" refused\)/);
  await t.notThrowsAsync(s.assertCurrent(b, 'fault "x"'));
  const log = await client.xrange('t:lease-log', '-', '+');
  t.deepEqual(log.map(([, f]) => f[1]), ['acquire', 'renew', 'acquire'], 'refused renew/release are not logged');
});

test('a job is taken off the queue with its lease; an expired one is re-queued once, then failed with the reason', async (t) => {
  const { s, client } = await store(t, 200);
  const job = { runId: 'r1', id: 'r1:0', scenario: 's', iteration: 0, binding: 'ft0', benches: ['ft0'], attempt: 0 };
  const text = JSON.stringify(job);
  await client.rpush('t:queue', text);
  const a = await s.acquire('w1', ['ft0'], { text, id: job.id });
  t.truthy(a);
  t.is(await client.llen('t:queue'), 0);
  t.is(await s.acquire('w2', ['ft9'], { text, id: job.id }), null, 'a job is taken once');
  t.is(await s.reap(), 0, 'a live lease is not reaped');
  await new Promise((r) => setTimeout(r, 400));
  t.is(await s.reap(), 1);
  const again = await client.lrange('t:queue', 0, -1);
  t.is(again.length, 1);
  const requeued = JSON.parse(again[0] ?? '{}') as typeof job & { diedOn: string[] };
  t.is(requeued.attempt, 1);
  t.deepEqual(requeued.diedOn, ['w1']);
  if (!a) return;
  t.false((await s.finish(a, 'r1', '{"late":true}')).recorded, 'the cut-off worker cannot record a result');
  const b = await s.acquire('w2', ['ft0'], { text: again[0] ?? '', id: job.id });
  t.truthy(b);
  await new Promise((r) => setTimeout(r, 400));
  t.is(await s.reap(), 1);
  t.is(await client.llen('t:queue'), 0, 'not re-queued a second time');
  t.deepEqual(JSON.parse((await client.hget('t:results:r1', job.id)) ?? '{}'), { lost: 'its worker died or was cut off (lease expired without a result) on w1, then on w2' });
});

test('the password comes from REDIS_PASSWORD or a file; a wrong one is refused without being repeated', async (t) => {
  const redis = await startTestRedis(t, ['--requirepass', 'Pool-S3cret-pw']);
  const target = parsePoolUrl(redis.url);
  const fromEnv = await connectPool(target, { env: { REDIS_PASSWORD: 'Pool-S3cret-pw' } });
  t.is(await fromEnv.ping(), 'PONG');
  fromEnv.disconnect();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ftlab-pw-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(path.join(dir, 'pw'), 'Pool-S3cret-pw\n', { mode: 0o600 });
  const fromFile = await connectPool(target, { passwordFile: path.join(dir, 'pw'), env: {} });
  t.is(await fromFile.ping(), 'PONG');
  fromFile.disconnect();
  const e = await t.throwsAsync(connectPool(target, { env: { REDIS_PASSWORD: 'Wrong-S3cret' }, connectWithinMs: 3000 }), { instanceOf: InfraError });
  t.regex(e?.message ?? '', /the bench pool redis:\/\/127\.0\.0\.1:\d+\/0 is unreachable: /);
  t.false(e?.message.includes('S3cret') ?? true, e?.message);
  await t.throwsAsync(connectPool(target, { passwordFile: path.join(dir, 'missing'), env: {} }), { instanceOf: ConfigError, message: /--pool-password-file .*missing: expected a readable file holding the Redis password/ });
});
