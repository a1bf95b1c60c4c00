import test from 'ava';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ScaledClock, systemClock } from '../../lib/clock.ts';
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

/** Hold this thread (the emulator's main one) until `flag` exists, 20 s at most. */
function holdUntil(flag: string): void {
  const sleeper = new Int32Array(new SharedArrayBuffer(4));
  const deadline = Date.now() + 20_000;
  while (!existsSync(flag) && Date.now() < deadline) Atomics.wait(sleeper, 0, 0, 5);
}

test('a stall with a planned end ends on time on the echo thread while the main thread, whose timer ends it, is held', async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'ftlab-workload-'));
  // time scale 1: the stall (3 s) outlasts the client's start-up even on a loaded host, so its datagram is held
  const model = new FtModel({ clock: systemClock, profile: loadDefaultProfile(), defects: ['pcie-removal-stall'] });
  const workload = new Workload(model);
  const { udp } = await workload.start();
  t.teardown(async () => {
    await workload.close();
    rmSync(dir, { recursive: true, force: true });
  });
  model.pcieFatalError('M1-USB0');
  t.is(model.workloadMode(), 'queue');
  const flag = path.join(dir, 'answered');
  const client = spawn('python3', ['-c', CLIENT, String(udp), flag], { stdio: 'ignore' });
  const exited = new Promise<number | null>((r) => client.once('exit', r));
  holdUntil(flag);
  t.true(existsSync(flag), 'the held datagram was answered');
  t.deepEqual(
    model.truth.stalls.map((s) => [s.Reason, s.End]),
    [['pcie-removal-stall', null]],
    'answered before the main thread could end the stall: the echo thread resumed at the planned end by itself',
  );
  t.is(await exited, 0);
  t.like(workload.stats, { udpAnswered: 1, udpQueued: 1, udpDropped: 0 });
});

test('a NIC failover window ends on time on the echo thread while the main thread, whose timer ends it, is held', async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'ftlab-workload-'));
  const profile = loadDefaultProfile();
  const model = new FtModel({ clock: new ScaledClock(10), timeScale: 10, profile, defects: [] });
  const workload = new Workload(model);
  const { udp } = await workload.start();
  t.teardown(async () => {
    await workload.close();
    rmSync(dir, { recursive: true, force: true });
  });
  model.setLink('M0-NIC0', false);
  t.is(model.workloadMode(), 'drop');
  // past the window's planned end, this thread held all along: only the echo thread knows it ended
  const sleeper = new Int32Array(new SharedArrayBuffer(4));
  Atomics.wait(sleeper, 0, 0, profile.io.nicFailoverMs / 10 + 100);
  const flag = path.join(dir, 'answered');
  const client = spawn('python3', ['-c', CLIENT, String(udp), flag], { stdio: 'ignore' });
  const exited = new Promise<number | null>((r) => client.once('exit', r));
  holdUntil(flag);
  t.true(existsSync(flag), 'a datagram sent after the planned end was answered');
  t.deepEqual(model.truth.ioFailovers.map((f) => f.End), [null], 'while the main thread had not ended the window');
  t.is(await exited, 0);
  t.like(workload.stats, { udpAnswered: 1, udpDropped: 0 });
});

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
  // with the echo on this thread no answer could leave while it is held
  holdUntil(flag);
  t.true(existsSync(flag), 'the echo answered while the main thread was held');
  t.is(await exited, 0);
  t.like(workload.stats, { udpAnswered: 1, udpDropped: 0 });
});
