/** The Lua lease logic against a real redis-server of the test's own. */
import test from 'ava';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError, InfraError } from '../../lib/errors.ts';
import type { Redis } from 'ioredis';
import { connectPool, parsePoolUrl } from './connect.ts';
import { poolKeys } from './keys.ts';
import { leaseLogDoubleBookings } from './intervals.ts';
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
  const { s, client } = await store(t, 2000);
  const a = await s.acquire('w1', ['ft0']);
  if (!a) return t.fail('not acquired');
  t.true(await s.renew(a));
  t.true(await s.isCurrent(a));
  await new Promise((r) => setTimeout(r, 2500));
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
  const { s, client } = await store(t, 2000);
  const job = { runId: 'r1', id: 'r1:0', scenario: 's', iteration: 0, binding: 'ft0', benches: ['ft0'], attempt: 0 };
  const text = JSON.stringify(job);
  await client.rpush('t:queue', text);
  const a = await s.acquire('w1', ['ft0'], { text, id: job.id });
  t.truthy(a);
  t.is(await client.llen('t:queue'), 0);
  t.is(await s.acquire('w2', ['ft9'], { text, id: job.id }), null, 'a job is taken once');
  t.is(await s.reap(), 0, 'a live lease is not reaped');
  await new Promise((r) => setTimeout(r, 2500));
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
  await new Promise((r) => setTimeout(r, 2500));
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

const job = (id: string, benches: string[], attempt = 0): string => JSON.stringify({ runId: 'r', id, scenario: 's', iteration: 0, binding: benches.join(','), benches, attempt });

test('take: the first queued job whose benches are all free and allowed, past jobs on busy benches; the queue order is kept', async (t) => {
  const { s, client } = await store(t);
  const k = poolKeys('t');
  await client.rpush(k.queue, job('a', ['ft0']), 'not json', job('b', ['ft0', 'ft1']), job('c', ['ft9']), job('d', ['ft1']), job('e', ['ft2']));
  const held = await s.acquire('other', ['ft0']);
  t.truthy(held);
  const got = await s.take('w1', ['ft0', 'ft1', 'ft2']);
  t.is(got?.job.id, 'd', 'a and b wait on ft0, c is on a bench w1 may not lease');
  t.deepEqual(got?.lease.benches, ['ft1']);
  t.is(await client.get('t:bench:ft1'), `${got?.lease.token}|w1`);
  t.deepEqual((await client.lrange(k.queue, 0, -1)).map((x) => (x.startsWith('{') ? (JSON.parse(x) as { id: string }).id : x)), ['a', 'not json', 'b', 'c', 'e']);
  t.is((await s.take('w1', ['ft0', 'ft1', 'ft2']))?.job.id, 'e');
  t.is(await s.take('w1', ['ft0', 'ft1', 'ft2']), null, 'every allowed bench is busy');
  t.is((await s.take('w2', null))?.job.id, 'c', 'any bench when nothing is said');
});

test('handBack: re-queued at the head as a re-run at once, then, out of reruns, failed with the reason; a lease no longer ours changes nothing', async (t) => {
  const { s, client } = await store(t);
  const k = poolKeys('t');
  await client.rpush(k.queue, job('a', ['ft0']), job('b', ['ft1']));
  const first = await s.take('w1', null);
  if (!first) return t.fail('not taken');
  t.is(await s.handBack(first.lease, 'r', 'stopped', { reruns: 1 }), 'requeued');
  t.is(await client.exists('t:bench:ft0'), 0, 'released at once, not after the TTL');
  const again = await s.take('w2', null);
  t.is(again?.job.id, 'a', 'at the head of the queue');
  t.is(again?.job.attempt, 1);
  t.deepEqual(again?.job.diedOn, ['w1']);
  if (!again) return;
  t.is(await s.handBack(again.lease, 'r', 'w2 was stopped', { reruns: 1 }), 'lost');
  t.deepEqual(JSON.parse((await client.hget(k.results('r'), 'a')) ?? '{}'), { lost: 'w2 was stopped' });
  t.is(await s.handBack(again.lease, 'r', 'twice'), 'gone');
  const b = await s.take('w3', null);
  if (!b) return t.fail('b not taken');
  t.is(await s.handBack(b.lease, 'r', '', { countAttempt: false }), 'requeued');
  t.is((await s.take('w3', null))?.job.attempt, 0, 'put back as it was');
});

/** A job of run 'r' that may run on any of `alternatives` (each a list of benches), as run --any-bench queues it. */
async function anyJob(client: Redis, id: string, alternatives: string[][]): Promise<string> {
  const alts = alternatives.map((benches) => ({ binding: benches.join('+'), benches }));
  const ref = `r:${alternatives.map((b) => b.join('+')).join('|')}`;
  await client.hset(poolKeys('t').alternatives, ref, JSON.stringify(alts));
  return JSON.stringify({ runId: 'r', id, scenario: 's', iteration: 0, binding: alts[0]?.binding, benches: alts[0]?.benches, attempt: 0, alternatives: ref });
}

test('take with alternatives: the first alternative all free and allowed, leased whole and stored as the binding run', async (t) => {
  const { s, client } = await store(t);
  const k = poolKeys('t');
  await client.rpush(k.queue, await anyJob(client, 'a', [['ft0'], ['ft1', 'ft2'], ['ft3']]));
  const held = await s.acquire('other', ['ft0', 'ft2']);
  if (!held) return t.fail('not acquired');
  t.is(await s.take('w1', ['ft0', 'ft1', 'ft2']), null, 'ft0 busy, ft1+ft2 half busy (all-or-nothing), ft3 not its lab: not taken');
  t.is(await client.exists('t:bench:ft1'), 0, 'ft1 was not half-taken');
  t.is(await client.llen(k.queue), 1);
  const got = await s.take('w2', null);
  t.is(got?.job.binding, 'ft3', 'a worker that may lease ft3 takes it there');
  t.deepEqual(got?.lease.benches, ['ft3']);
  t.is(got?.job.alternatives, 'r:ft0|ft1+ft2|ft3', 'its alternatives kept, for a re-run');
  t.is(await client.get('t:bench:ft3'), `${got?.lease.token}|w2`);
  const entry = JSON.parse((await client.hget(k.running, 'a')) ?? '{}') as { job: string; token: number };
  t.is(entry.token, got?.lease.token ?? -1);
  t.like(JSON.parse(entry.job), { binding: 'ft3', benches: ['ft3'] }, 'the running entry names the binding leased');
  await s.release(held);
  await client.rpush(k.queue, await anyJob(client, 'b', [['ft0'], ['ft1', 'ft2']]), await anyJob(client, 'c', [['ft1', 'ft2']]));
  const b = await s.take('w1', ['ft0', 'ft1', 'ft2']);
  t.like(b?.job, { id: 'b', binding: 'ft0' }, 'the first alternative free');
  const c = await s.take('w1', ['ft0', 'ft1', 'ft2']);
  t.like(c?.job, { id: 'c', binding: 'ft1+ft2' });
  t.deepEqual(c?.lease.benches, ['ft1', 'ft2']);
  t.is(await s.take('w3', null), null, 'nothing left');
  await client.rpush(k.queue, await anyJob(client, 'd', [['ft5']]));
  await client.hdel(k.alternatives, 'r:ft5');
  t.is(await s.take('w3', null), null, 'a job whose alternatives are gone (its run withdrawn) is not taken');
});

test('take with alternatives: many workers at once never lease one bench twice; an expired any-bench job is re-queued with its alternatives', async (t) => {
  const { s, client } = await store(t, 1500);
  const k = poolKeys('t');
  const benches = ['ft0', 'ft1', 'ft2', 'ft3'];
  await client.rpush(k.queue, ...(await Promise.all(Array.from({ length: 6 }, (_, i) => anyJob(client, `j${i}`, benches.map((b) => [b]))))));
  const got = await Promise.all(Array.from({ length: 6 }, (_, i) => s.take(`w${i}`, benches)));
  const taken = got.filter((g) => g !== null);
  t.is(taken.length, 4, 'one job per bench');
  t.deepEqual(taken.map((g) => g.lease.benches[0]).sort(), benches, 'each bench leased once');
  t.is(await client.llen(k.queue), 2);
  await new Promise((r) => setTimeout(r, 2000));
  t.is(await s.reap(), 4);
  const requeued = (await client.lrange(k.queue, 0, -1)).map((x) => JSON.parse(x) as { attempt: number; alternatives?: string });
  t.is(requeued.length, 6);
  t.true(requeued.every((j) => j.alternatives === 'r:ft0|ft1|ft2|ft3'), 're-queued naming its alternatives');
  t.deepEqual(requeued.map((j) => j.attempt).sort(), [0, 0, 1, 1, 1, 1]);
  const again = await s.take('w9', null);
  t.truthy(again, 'an expired bench is free again');
  t.deepEqual(await leaseLogDoubleBookings(client, k), [], "the server's lease log: never acquired while held");
});

test('take reads the queue in chunks: a job far behind jobs on busy benches is found; the scan limit holds', async (t) => {
  const { s, client } = await store(t);
  const k = poolKeys('t');
  await client.rpush(k.queue, ...Array.from({ length: 150 }, (_, i) => job(`busy${i}`, ['ft0'])), job('deep', ['ft1']));
  const held = await s.acquire('other', ['ft0']);
  t.truthy(held);
  t.is(await s.take('w1', null, 150), null, 'the 151st entry is past the scan limit');
  t.is((await s.take('w1', null))?.job.id, 'deep');
  t.is(await client.llen(k.queue), 150);
});
