/**
 * The ft server's console (console-feed.ts) on a pseudo-terminal made by `socat`, as a host's
 * serial port reached through a null-modem cable: whoever opens the announced path (a symlink to
 * the pty, in a private temp folder) reads the console and types into it. This process holds the
 * pty's far side open itself, so a reader closing it never ends the pty; while nobody reads, output
 * beyond `MAX_BUFFERED` bytes is dropped, as a UART drops what nobody takes.
 */
import { spawn } from 'node:child_process';
import { closeSync, constants, existsSync, mkdtempSync, openSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { InfraError } from '../../lib/errors.ts';
import type { ConsoleFeed } from './console-feed.ts';

export interface ConsolePty {
  /** The path to open (a symlink to /dev/pts/N). */
  readonly path: string;
  close(): Promise<void>;
}

/** How long socat has to make the pty. */
const PTY_READY_MS = 5000;
const MAX_BUFFERED = 64 * 1024;

export async function startConsolePty(feed: ConsoleFeed): Promise<ConsolePty> {
  const dir = mkdtempSync(path.join(tmpdir(), 'ftlab-console-pty-'));
  const link = path.join(dir, 'ttyS0');
  const socat = spawn('socat', [`PTY,link=${link},rawer,echo=0`, 'STDIO'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  socat.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  socat.stdin.on('error', () => undefined);
  const exited = new Promise<void>((resolve) => socat.once('exit', () => resolve()));
  let held: number;
  try {
    held = await holdOpen(link, () => socat.exitCode !== null, () => stderr);
  } catch (e) {
    socat.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  const reader = feed.attach((text) => {
    if (socat.stdin.writableLength < MAX_BUFFERED) socat.stdin.write(text);
  });
  socat.stdout.on('data', (d: Buffer) => reader.input(d));
  return {
    path: link,
    close: async () => {
      reader.detach();
      socat.kill('SIGTERM');
      await exited;
      closeSync(held);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Wait for socat's pty link, then open its far side (no controlling tty) and keep it open. */
async function holdOpen(link: string, died: () => boolean, stderr: () => string): Promise<number> {
  const deadline = Date.now() + PTY_READY_MS;
  while (!existsSync(link)) {
    if (died()) throw new InfraError(`ft console pty: socat exited: ${stderr().trim() || 'no message'}`);
    if (Date.now() > deadline) throw new InfraError(`ft console pty: socat made no pty within ${PTY_READY_MS} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
  return openSync(link, constants.O_RDWR | constants.O_NOCTTY);
}
