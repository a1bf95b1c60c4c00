/**
 * The bench pool under load and faults, on a redis-server and a lab host of four ft devices of the
 * test's own: `ftlab run --pool` and `ftlab worker` processes as users run them.
 */
import test, { type ExecutionContext } from 'ava';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Redis } from 'ioredis';
import type { FaultRecord, HistoryRecord, ScenarioEnd } from '../../lib/history/records.ts';
import { FTLAB_BIN } from '../lab/emulator-process.ts';
import { normalizeResults } from '../merge/normalize.ts';
import { runFtlab } from '../testing/ftlab-run.ts';
import { drivenIntervals, overlaps, readJsonl, startPoolLab, startWorker, stopChild, waitFor, workerHistory, type WorkerProc } from './testing/pool-lab.ts';
import { startTestRedis } from './testing/redis-server.ts';
import { leaseLogDoubleBookings as doubleBookings } from './intervals.ts';
import { poolKeys } from './keys.ts';

const ends = (records: readonly HistoryRecord[]): ScenarioEnd[] => records.filter((r): r is ScenarioEnd => r.type === 'scenario-end');

async function leaseLogDoubleBookings(url: string): Promise<string[]> {
  const redis = new Redis(url);
  try {
    return await doubleBookings(redis, poolKeys());
  } finally {
    redis.disconnect();
  }
}

test.serial('two, then eight workers over four benches never drive one bench twice at once; every testcase has its result', async (t) => {
  const redis = await startTestRedis(t);
  const lab = await startPoolLab(t);
  for (const n of [2, 8]) {
    const workers = Array.from({ length: n }, (_, i) => startWorker(t, lab, redis.url, `n${n}w${i}`, 3000));
    const run = await runFtlab(t, ['test-pool-quick', '--pool', redis.url, '--scenarios', lab.scenarios, '--repeat', '3', '--log-level', 'warn'], { cwd: lab.dir, deadlineMs: 300_000 });
    await Promise.all(workers.map((w) => stopChild(w.child)));
    t.is(run.code, 0, run.stdout + run.stderr + workers.map((w) => w.log()).join('\n'));
    const records = readJsonl<HistoryRecord>(path.join(run.out, 'history.jsonl'));
    const done = ends(records);
    t.is(done.length, 12, '4 benches x 3 iterations');
    t.true(done.every((e) => e.outcome === 'passed'));
    t.deepEqual([...new Set(done.map((e) => e.scenario.binding))].sort(), ['ft0', 'ft1', 'ft2', 'ft3']);
    const intervals = workers.flatMap(drivenIntervals);
    t.is(intervals.filter((i) => i.recorded).length, 12, 'each testcase driven and recorded once');
    t.true(new Set(intervals.map((i) => i.worker)).size > 1, 'the work was shared');
    t.deepEqual(overlaps(intervals), [], 'no bench driven by two workers at once');
    const faults = records.filter((r): r is FaultRecord => r.type === 'fault' && r.action === 'inject');
    t.is(faults.length, 24, 'the workers recorded every injection, received in the run history');
  }
  t.deepEqual(await leaseLogDoubleBookings(redis.url), [], "the server's lease log: never acquired while held");
});

test.serial('--any-bench: each scenario x iteration runs once, on whichever bench a worker leases first; spread over benches, never one bench twice', async (t) => {
  const redis = await startTestRedis(t);
  const lab = await startPoolLab(t);
  const workers = [startWorker(t, lab, redis.url, 'a0', 3000), startWorker(t, lab, redis.url, 'a1', 3000)];
  const run = await runFtlab(t, ['test-pool-slow', '--pool', redis.url, '--any-bench', '--scenarios', lab.scenarios, '--repeat', '3', '--log-level', 'warn'], { cwd: lab.dir, deadlineMs: 300_000 });
  await Promise.all(workers.map((w) => stopChild(w.child)));
  t.is(run.code, 0, run.stdout + run.stderr + workers.map((w) => w.log()).join('\n'));
  const records = readJsonl<HistoryRecord>(path.join(run.out, 'history.jsonl'));
  const done = ends(records);
  t.deepEqual(done.map((e) => e.scenario.iteration).sort(), [0, 1, 2], 'exactly one result per iteration (not one per bench)');
  t.true(done.every((e) => e.outcome === 'passed'), JSON.stringify(done.map((e) => [e.scenario.binding, e.outcome, e.reason])));
  const intervals = workers.flatMap(drivenIntervals).filter((i) => i.recorded);
  t.is(intervals.length, 3, 'each testcase driven and recorded once');
  const ran = done.map((e) => e.scenario.binding ?? '').sort();
  t.deepEqual(ran, intervals.map((i) => i.benches.join()).sort(), 'each result carries the binding it actually ran on');
  t.true(new Set(ran).size > 1, `spread over benches: ${ran.join(', ')}`);
  t.true(ran.every((b) => ['ft0', 'ft1', 'ft2', 'ft3'].includes(b)));
  t.true(new Set(intervals.map((i) => i.worker)).size > 1, 'the work was shared');
  t.deepEqual(overlaps(intervals), [], 'no bench driven by two workers at once');
  const begins = records.filter((r) => r.type === 'scenario-begin');
  t.is(begins.length, 3);
  const report = JSON.parse(readFileSync(path.join(run.out, 'results.json'), 'utf8')) as { outcome: string; scenarios: Array<{ outcome: string }> };
  t.is(report.outcome, 'passed');
  t.deepEqual(report.scenarios.map((s) => s.outcome), ['passed', 'passed', 'passed'], 'the report counts what was queued: 1 scenario x 3 iterations');
  t.deepEqual(await leaseLogDoubleBookings(redis.url), [], "the server's lease log: never acquired while held");
  const client = new Redis(redis.url);
  t.is(await client.hlen(poolKeys().alternatives), 0, "the run's alternatives are dropped when it ends");
  client.disconnect();
});

test.serial('one worker with --slots 4 drives the four benches at once, never one bench twice', async (t) => {
  const redis = await startTestRedis(t);
  const lab = await startPoolLab(t);
  const worker = startWorker(t, lab, redis.url, 'slots4', 3000, ['--slots', '4']);
  const run = await runFtlab(t, ['test-pool-slow', '--pool', redis.url, '--scenarios', lab.scenarios, '--log-level', 'warn'], { cwd: lab.dir, deadlineMs: 300_000 });
  await stopChild(worker.child);
  t.is(run.code, 0, run.stdout + run.stderr + worker.log());
  const intervals = drivenIntervals(worker).filter((i) => i.recorded);
  t.deepEqual(intervals.map((i) => i.benches.join()).sort(), ['ft0', 'ft1', 'ft2', 'ft3']);
  const together = intervals.filter((a) => intervals.some((b) => b !== a && a.from < b.to && b.from < a.to));
  t.true(together.length >= 2, `testcases ran at once: ${JSON.stringify(intervals.map((i) => [i.benches, i.from, i.to]))}`);
  t.deepEqual(overlaps(intervals), [], 'no bench driven twice at once');
});

function firstBegin(workers: readonly WorkerProc[]): WorkerProc | undefined {
  return workers.find((w) => workerHistory(w).some((r) => r.type === 'fault' && r.action === 'inject'));
}

/** Two workers, a pool run of `runArgs`, and the first worker to inject SIGKILLed mid-testcase; the run's result and testcase ends. */
async function killOneMidRun(t: ExecutionContext, prefix: string, runArgs: readonly string[]) {
  const redis = await startTestRedis(t);
  const lab = await startPoolLab(t);
  const workers = [startWorker(t, lab, redis.url, `${prefix}0`, 1500), startWorker(t, lab, redis.url, `${prefix}1`, 1500)];
  const run = runFtlab(t, [...runArgs, '--pool', redis.url, '--scenarios', lab.scenarios, '--log-level', 'warn'], { cwd: lab.dir, deadlineMs: 300_000 });
  await waitFor('a worker injecting', 120_000, () => firstBegin(workers) !== undefined);
  const victim = firstBegin(workers) as WorkerProc;
  victim.child.kill('SIGKILL');
  const result = await run;
  await Promise.all(workers.map((w) => stopChild(w.child)));
  t.is(result.code, 0, result.stdout + result.stderr);
  const done = ends(readJsonl<HistoryRecord>(path.join(result.out, 'history.jsonl')));
  const survivor = workers.find((w) => w !== victim) as WorkerProc;
  return { redis, victim, survivor, done };
}

test.serial('SIGKILL of a worker mid-testcase: its bench returns after the TTL and the testcase is re-run elsewhere', async (t) => {
  const { redis, victim, survivor, done } = await killOneMidRun(t, 'k', ['test-pool-slow']);
  t.is(done.length, 4);
  t.true(done.every((e) => e.outcome === 'passed'), JSON.stringify(done.map((e) => [e.scenario.binding, e.outcome, e.reason])));
  t.is(drivenIntervals(survivor).filter((i) => i.recorded).length, 4, 'the survivor ran all four, the killed one again');
  t.deepEqual(drivenIntervals(victim), [], 'the killed worker recorded nothing');
  t.deepEqual(await leaseLogDoubleBookings(redis.url), []);
});

test.serial('--any-bench, SIGKILL of a worker mid-testcase: its job is re-queued with its alternatives and re-run once, on any free bench', async (t) => {
  const { redis, victim, survivor, done } = await killOneMidRun(t, 'ak', ['test-pool-slow', '--any-bench', '--repeat', '2']);
  t.deepEqual(done.map((e) => e.scenario.iteration).sort(), [0, 1], 'one result per iteration');
  t.true(done.every((e) => e.outcome === 'passed'), JSON.stringify(done.map((e) => [e.scenario.binding, e.outcome, e.reason])));
  const ran = drivenIntervals(survivor).filter((i) => i.recorded);
  t.is(ran.length, 2, 'the survivor ran both, the killed one again');
  t.deepEqual(done.map((e) => e.scenario.binding).sort(), ran.map((i) => i.benches.join()).sort(), 'each result names the bench it ran on');
  t.deepEqual(drivenIntervals(victim), [], 'the killed worker recorded nothing');
  t.deepEqual(await leaseLogDoubleBookings(redis.url), []);
});

test.serial('a worker stopped (SIGSTOP) longer than the TTL does not inject again when it wakes; its testcase is re-run', async (t) => {
  const redis = await startTestRedis(t);
  const lab = await startPoolLab(t);
  const workers = [startWorker(t, lab, redis.url, 's0', 1000), startWorker(t, lab, redis.url, 's1', 1000)];
  const run = runFtlab(t, ['test-pool-slow', '--pool', redis.url, '--scenarios', lab.scenarios, '--log-level', 'warn'], { cwd: lab.dir, deadlineMs: 300_000 });
  await waitFor('a worker injecting', 120_000, () => firstBegin(workers) !== undefined);
  const sleeper = firstBegin(workers) as WorkerProc;
  await new Promise((r) => setTimeout(r, 100)); // inside the scenario's pause between two injections
  sleeper.child.kill('SIGSTOP');
  await new Promise((r) => setTimeout(r, 3000));
  const woke = Date.now();
  sleeper.child.kill('SIGCONT');
  const result = await run;
  await Promise.all(workers.map((w) => stopChild(w.child)));
  t.is(result.code, 0, result.stdout + result.stderr + sleeper.log());
  const own = workerHistory(sleeper);
  const cut = ends(own)[0];
  t.is(cut?.outcome, 'infra-error', JSON.stringify(cut));
  t.regex(cut?.reason ?? '', /lease on ft\d \(token \d+\) (is no longer ours|was not renewed for \d+ ms)/);
  // Its records up to the cut testcase's end (it may take the re-queued job again later, under a new lease).
  const untilCut = own.slice(0, own.findIndex((r) => r === cut) + 1);
  const injectedAfter = untilCut.filter((r) => r.type === 'fault' && r.action !== 'undo' && r.wall > woke);
  t.deepEqual(injectedAfter, [], 'nothing registered or injected after waking');
  t.false(drivenIntervals(sleeper)[0]?.recorded ?? true, 'its result was refused');
  const done = ends(readJsonl<HistoryRecord>(path.join(result.out, 'history.jsonl')));
  t.is(done.length, 4);
  t.true(done.every((e) => e.outcome === 'passed'), 'the cut-off testcase was re-run by the other worker');
  t.deepEqual(await leaseLogDoubleBookings(redis.url), []);
});

test.serial('redis-server restarted mid-run (its data saved): workers and the run reconnect, nothing double-booked, every result kept', async (t) => {
  const redis = await startTestRedis(t);
  const lab = await startPoolLab(t);
  const workers = [startWorker(t, lab, redis.url, 'r0', 4000), startWorker(t, lab, redis.url, 'r1', 4000)];
  const run = runFtlab(t, ['test-pool-slow', '--pool', redis.url, '--scenarios', lab.scenarios, '--log-level', 'warn'], { cwd: lab.dir, deadlineMs: 300_000 });
  await waitFor('a worker injecting', 120_000, () => firstBegin(workers) !== undefined);
  await redis.stop({ save: true });
  await new Promise((r) => setTimeout(r, 1000));
  await redis.start();
  const result = await run;
  await Promise.all(workers.map((w) => stopChild(w.child)));
  t.is(result.code, 0, result.stdout + result.stderr + workers.map((w) => w.log()).join('\n'));
  const done = ends(readJsonl<HistoryRecord>(path.join(result.out, 'history.jsonl')));
  t.is(done.length, 4);
  t.true(done.every((e) => e.outcome === 'passed'), JSON.stringify(done.map((e) => [e.scenario.binding, e.outcome, e.reason])));
  const intervals = workers.flatMap(drivenIntervals);
  t.is(intervals.filter((i) => i.recorded).length, 4, 'each testcase recorded once');
  t.deepEqual(overlaps(intervals), []);
  t.deepEqual(await leaseLogDoubleBookings(redis.url), []);
});

test.serial('SIGTERM of a worker mid-testcase: it undoes its faults, keeps what it observed and hands the testcase back at once, not after the TTL', async (t) => {
  const redis = await startTestRedis(t);
  const lab = await startPoolLab(t);
  // A TTL far longer than the run: only a hand-back can have the testcase re-run.
  const workers = [startWorker(t, lab, redis.url, 't0', 600_000), startWorker(t, lab, redis.url, 't1', 600_000)];
  const run = runFtlab(t, ['test-pool-slow', '--pool', redis.url, '--scenarios', lab.scenarios, '--log-level', 'warn'], { cwd: lab.dir, deadlineMs: 300_000 });
  await waitFor('a worker injecting', 120_000, () => firstBegin(workers) !== undefined);
  const victim = firstBegin(workers) as WorkerProc;
  const exited = new Promise<number | null>((resolve) => victim.child.once('exit', (code) => resolve(code)));
  victim.child.kill('SIGTERM');
  t.is(await exited, 0, victim.log());
  const result = await run;
  await Promise.all(workers.map((w) => stopChild(w.child)));
  t.is(result.code, 0, result.stdout + result.stderr + victim.log());
  const own = workerHistory(victim);
  const cut = ends(own).at(-1);
  t.is(cut?.outcome, 'aborted', 'its own history keeps the testcase it was stopped in');
  const faults = own.filter((r): r is FaultRecord => r.type === 'fault');
  t.true(faults.some((f) => f.action === 'inject'));
  t.is(faults.filter((f) => f.action === 'undo').length, faults.filter((f) => f.action === 'inject').length, 'every injected fault undone before the hand-back');
  const line = drivenIntervals(victim).at(-1);
  t.is(line?.handedBack, 'requeued');
  t.false(line?.recorded ?? true);
  const done = ends(readJsonl<HistoryRecord>(path.join(result.out, 'history.jsonl')));
  t.is(done.length, 4);
  t.true(done.every((e) => e.outcome === 'passed'), JSON.stringify(done.map((e) => [e.scenario.binding, e.outcome, e.reason])));
  const client = new Redis(redis.url);
  const log = (await client.xrange('ftlab:lease-log', '-', '+')).map(([, f]) => Object.fromEntries(f.flatMap((v, i) => (i % 2 === 0 ? [[v, f[i + 1] ?? '']] : []))));
  client.disconnect();
  t.true(log.some((o) => o.op === 'release' && o.holder === victim.id && o.handback === 'requeued'), 'the hand-back released its lease');
  t.false(log.some((o) => o.op === 'expire'), 'no lease had to expire');
  t.deepEqual(await leaseLogDoubleBookings(redis.url), []);
  // The documented path for a pool run's histories: its own out dir, which `ftlab merge` takes as a run.
  const merged = path.join(lab.dir, 'merged');
  const m = await new Promise<{ code: number; text: string }>((resolve) =>
    execFile(process.execPath, [FTLAB_BIN, 'merge', result.out, '--out', merged, '--reporter', 'json', '--quiet'], { timeout: 120_000 }, (err, stdout, stderr) => resolve({ code: err ? Number(err.code ?? -1) : 0, text: stdout + stderr })),
  );
  t.is(m.code, 0, m.text);
  const results = (dir: string): unknown => normalizeResults(readFileSync(path.join(dir, 'results.json'), 'utf8'), { timing: false });
  t.deepEqual(results(merged), results(result.out), "the merge gives the pool run's testcase results and requirement verdicts");
});
