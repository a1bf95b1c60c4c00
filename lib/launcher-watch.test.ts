import test from 'ava';
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { stopWhenLauncherDies } from './launcher-watch.ts';

test('launched through npm exec: stops once orphaned, not before; launched otherwise: never watches', async (t) => {
  let ppid = 100;
  let stops = 0;
  const unwatch = stopWhenLauncherDies({ env: { npm_command: 'exec' }, ppid: () => ppid, stop: () => stops++, pollMs: 5 });
  t.teardown(unwatch);
  await new Promise((r) => setTimeout(r, 30));
  t.is(stops, 0);
  ppid = 1;
  await new Promise((r) => setTimeout(r, 30));
  t.is(stops, 1, 'once, when the launcher is gone');
  let direct = 0;
  stopWhenLauncherDies({ env: {}, ppid: () => (ppid += 1), stop: () => direct++, pollMs: 5 });
  await new Promise((r) => setTimeout(r, 30));
  t.is(direct, 0);
});

/** Every process under `pid` (from /proc), children first found breadth-first. */
function descendants(pid: number): number[] {
  const parents = new Map<number, number>();
  for (const e of readdirSync('/proc')) {
    if (!/^\d+$/.test(e)) continue;
    try {
      const stat = readFileSync(`/proc/${e}/stat`, 'utf8');
      parents.set(Number(e), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // gone meanwhile
    }
  }
  const out: number[] = [];
  for (let i = -1; i < out.length; i++) {
    const of = i < 0 ? pid : out[i];
    for (const [child, parent] of parents) if (parent === of) out.push(child);
  }
  return out;
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

test('SIGTERM to the npx that runs ftlab stops ftlab and what it started (npm never passes it on)', async (t) => {
  const npx = spawn('npx', ['ftlab', 'emulate', 'ft'], { stdio: ['ignore', 'pipe', 'ignore'] });
  t.teardown(() => void npx.kill('SIGKILL'));
  await new Promise<void>((resolve, reject) => {
    npx.stdout.once('data', () => resolve());
    npx.once('exit', (code) => reject(new Error(`npx ftlab emulate ft exited (${code}) before its first line`)));
  });
  const ftlab = descendants(npx.pid!);
  t.true(ftlab.length >= 2, 'ftlab and its emulator run under npx');
  npx.kill('SIGTERM');
  const deadline = Date.now() + 20_000;
  while (ftlab.some(alive) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  const left = ftlab.filter(alive);
  for (const p of left) process.kill(p, 'SIGKILL');
  t.deepEqual(left, [], 'nothing left running');
});
