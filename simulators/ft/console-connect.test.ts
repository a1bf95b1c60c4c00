/**
 * No console line lost at connect: a client's TCP connect completes before a busy console server
 * accepts it, and a line printed in between reached nobody. With the port's banner (ser2net's
 * `banner`: sent once the connection is attached) the capture opens only after it, so every line
 * printed after the open resolved is captured — checked against what the server says it printed
 * when, over several connects under a CPU hog (its stamps are milliseconds: a line stamped in the
 * very millisecond the open resolved cannot be ordered against it and is not counted).
 */
import test from 'ava';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startCpuHog } from '../../bench/lib/cpu-hog.ts';
import { openConsole } from '../../drivers/serial/open.ts';

const FIXTURE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'testing/busy-console.ts');
const CONNECTS = 8;

test('every line printed after the capture opened is captured, though the server accepts late', async (t) => {
  const child = spawn(process.execPath, ['--import', 'tsx', FIXTURE], { stdio: ['pipe', 'pipe', 'inherit'] });
  const hog = startCpuHog(2);
  t.teardown(async () => {
    child.stdin.end();
    child.kill();
    await hog.stop();
  });
  const printedAt = new Map<number, number>();
  const lines = createInterface({ input: child.stdout });
  const first = await new Promise<{ port: number; banner: string }>((resolve) => lines.once('line', (l) => resolve(JSON.parse(l) as { port: number; banner: string })));
  lines.on('line', (l) => {
    const [n, at] = l.split(' ').map(Number);
    if (n !== undefined && at !== undefined) printedAt.set(n, at);
  });
  for (let i = 0; i < CONNECTS; i++) {
    await new Promise((r) => setTimeout(r, 7 * i));
    const con = await openConsole({ tcp: { host: '127.0.0.1', port: first.port, banner: first.banner } });
    const opened = Date.now();
    await con.waitFor(/^tick \d+$/, 5000, { since: 0 });
    await new Promise((r) => setTimeout(r, 100));
    const texts = con.linesSince(0).map((l) => l.text);
    await con.close();
    t.deepEqual(texts.filter((l) => !/^tick \d+$/.test(l)), [], 'only tick lines (the banner is not console output)');
    const got = new Set(texts.map((l) => Number(l.slice(5))));
    const last = Math.max(...got);
    const missed = [...printedAt].filter(([n, at]) => at > opened && n <= last && !got.has(n)).map(([n]) => n);
    t.deepEqual(missed, [], `connect ${i}: lines printed after the open resolved but not captured`);
  }
});
