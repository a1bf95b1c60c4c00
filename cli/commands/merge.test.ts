import test from 'ava';
import { mkdtemp, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { RunBegin, Shard } from '../../lib/history/records.ts';
import { HistoryBuilder } from '../../reports/testing/build.ts';
import { main } from '../main.ts';

/** `ftlab ...args` in-process through the command table, capturing stdout and stderr. */
async function ftlab(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = { stdout: '', stderr: '' };
  const originals = { stdout: process.stdout.write.bind(process.stdout), stderr: process.stderr.write.bind(process.stderr) };
  for (const s of ['stdout', 'stderr'] as const) {
    process[s].write = ((chunk: string | Uint8Array): boolean => {
      out[s] += String(chunk);
      return true;
    }) as typeof process.stdout.write;
  }
  try {
    return { code: await main(args), ...out };
  } finally {
    process.stdout.write = originals.stdout;
    process.stderr.write = originals.stderr;
  }
}

async function shardDir(root: string, shard: Shard, id: string, outcome: 'passed' | 'failed', over: Partial<RunBegin> = {}): Promise<string> {
  const dir = path.join(root, `s${shard.index}`);
  await mkdir(dir, { recursive: true });
  const h = new HistoryBuilder()
    .begin({ runId: `run-${shard.index}`, shard, plan: [{ id, title: id, requirements: ['FT-01'], tags: [] }], ...over })
    .at(10)
    .scenario(id, 'ft0', ['FT-01'])
    .at(20)
    .end(id, outcome)
    .runEnd(outcome, outcome === 'passed' ? 0 : 1);
  await writeFile(path.join(dir, 'history.jsonl'), h.records.map((r) => `${JSON.stringify(r)}\n`).join(''));
  return dir;
}

test.serial('ftlab merge exits with the merged run\'s code and prints its parts', async (t) => {
  const root = await mkdtemp(path.join(tmpdir(), 'ftlab-merge-cli-'));
  t.teardown(() => rm(root, { recursive: true, force: true }));
  const s1 = await shardDir(root, { index: 1, total: 2 }, 'a', 'passed');
  const s2 = await shardDir(root, { index: 2, total: 2 }, 'b', 'failed');
  const r = await ftlab(['merge', s1, s2, '--out', path.join(root, 'm')]);
  t.is(r.stderr, '');
  t.is(r.code, 1);
  t.regex(r.stdout, /^part 1\/2: .*s1 \(host unknown\), 1 testcase\(s\), passed$/m);
  t.regex(r.stdout, /^part 2\/2: .*s2 \(host unknown\), 1 testcase\(s\), failed$/m);
  t.regex(await readFile(path.join(root, 'm', 'junit.xml'), 'utf8'), /<property name="shard" value="2\/2"\/>/);
});

test.serial('ftlab merge refuses bad options and inputs of another ftlab version with exit 2 and the place', async (t) => {
  const root = await mkdtemp(path.join(tmpdir(), 'ftlab-merge-cli-'));
  t.teardown(() => rm(root, { recursive: true, force: true }));
  const s1 = await shardDir(root, { index: 1, total: 2 }, 'a', 'passed');
  const s2 = await shardDir(root, { index: 2, total: 2 }, 'b', 'passed', { ftlabVersion: '9.9.9' });
  const noOut = await ftlab(['merge', s1, s2]);
  t.is(noOut.code, 2);
  t.regex(noOut.stderr, /^ftlab merge: expected --out DIR/);
  t.like(await ftlab(['merge', s1, s2, '--out', path.join(root, 'm'), '--allow-duplicates', 'newest']), {
    code: 2,
    stderr: 'ftlab merge: --allow-duplicates: one of first, last, worst (found "newest")\n',
  });
  t.like(await ftlab(['merge', s1, s2, '--out', path.join(root, 'm')]), {
    code: 2,
    stderr: `ftlab merge: ${s2}: run-begin.ftlabVersion: the same ftlab version as ${s1} ("0.0.0-test") (found "9.9.9")\n`,
  });
});
