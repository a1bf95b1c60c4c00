import test from 'ava';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { systemClock } from '../../lib/clock.ts';
import { FtModel } from './model.ts';
import { loadDefaultProfile } from './profile.ts';
import { Workload } from './workload.ts';

/** A real UDP client (python3) that sends one datagram, waits for its echo and then creates `flag`. */
const CLIENT = `
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.settimeout(20)
s.sendto(b'ftlab-echo-thread', ('127.0.0.1', int(sys.argv[1])))
data, _ = s.recvfrom(64)
if data == b'ftlab-echo-thread':
    open(sys.argv[2], 'w').close()
`;

test('the UDP echo answers while the emulator main thread is busy (it has its own thread)', async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'ftlab-workload-'));
  const workload = new Workload(new FtModel({ clock: systemClock, profile: loadDefaultProfile(), defects: [] }));
  const { udp } = await workload.start();
  t.teardown(async () => {
    await workload.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const flag = path.join(dir, 'answered');
  const client = spawn('python3', ['-c', CLIENT, String(udp), flag], { stdio: 'ignore' });
  const exited = new Promise<number | null>((r) => client.once('exit', r));
  // Hold this (the emulator's main) thread until the client saw its echo, 20 s at most: with the
  // echo on this thread no answer can leave while it is held.
  const sleeper = new Int32Array(new SharedArrayBuffer(4));
  const deadline = Date.now() + 20_000;
  while (!existsSync(flag) && Date.now() < deadline) Atomics.wait(sleeper, 0, 0, 5);
  t.true(existsSync(flag), 'the echo answered while the main thread was held');
  t.is(await exited, 0);
  t.like(workload.stats, { udpAnswered: 1, udpDropped: 0 });
});
