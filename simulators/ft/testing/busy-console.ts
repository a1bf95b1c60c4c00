/**
 * A console port whose process is mostly busy (a test fixture, run as a child process): every
 * 25 ms it computes for 20 ms and then prints `tick N` on the console port (console-server.ts),
 * also writing `N WALL_MS` on stdout (what it printed when, for the test to compare). Its first
 * stdout line is {"port","banner"}. A connect mostly lands while it computes, so its accept comes
 * after the next line was printed.
 */
import { startConsoleServer } from '../console-server.ts';

const readers = new Set<(text: string) => void>();
const server = await startConsoleServer({ attach: (out) => (readers.add(out), { input: () => undefined, sendBreak: () => undefined, detach: () => void readers.delete(out) }) }, 'busy', '127.0.0.1');
process.stdout.write(`${JSON.stringify({ port: server.port, banner: server.banner })}\n`);
let n = 0;
setInterval(() => {
  const until = Date.now() + 20;
  while (Date.now() < until);
  n += 1;
  for (const r of readers) r(`tick ${n}\r\n`);
  process.stdout.write(`${n} ${Date.now()}\n`);
}, 25);
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
