/**
 * The workload stays bounded under abuse: the emulator runs as a child process (`ftlab emulate
 * ft`), is abused over 127.0.0.1 only, and its resident memory (VmRSS in /proc/PID/status) must
 * stay within RSS_BOUND_MIB of its idle figure. The abuse is several times that bound, so an
 * unbounded workload fails the check:
 * - TCP: clients that write a lot and never read, and more connections than the limit;
 * - UDP: thousands of ~60 KB datagrams during a (long) blackout, plus a TCP client writing into it.
 * Every loop is bounded by a byte or datagram count; a client write that is not drained is given
 * up on (the emulator pushes back), so the test stops by itself. Linux only (/proc). An e2e file:
 * it runs after the unit tests, alone, so its traffic does not starve other emulators' tests.
 */
import test from 'ava';
import { spawn, type ChildProcess } from 'node:child_process';
import dgram from 'node:dgram';
import { existsSync, readFileSync } from 'node:fs';
import net from 'node:net';
import { withDeadline } from '../../lib/deadline.ts';
import { shippedProfilePath } from './profile.ts';
import { RedfishClient, UdpProbe } from './testing/client.ts';
import { DEFAULT_MAX_BUFFERED_PER_CONNECTION, DEFAULT_MAX_CONNECTIONS, DEFAULT_MAX_QUEUED_BYTES, type WorkloadStats } from './workload.ts';

const BIN = new URL('../../bin/ftlab.js', import.meta.url).pathname;
const MIB = 2 ** 20;
/** The memory bound: the emulator's RSS may grow by at most this much over its idle RSS. */
const RSS_BOUND_MIB = 100;
/** A read() of a TCP socket hands over at most this much at once. */
const MAX_CHUNK = 64 * 1024;

interface Emulator {
  child: ChildProcess;
  rf: RedfishClient;
  udp: number;
  tcp: number;
  /** Resident memory now, MiB. */
  rss(): number;
}

async function startEmulator(t: { teardown(fn: () => unknown): void }, args: string[]): Promise<Emulator> {
  const child = spawn(process.execPath, [BIN, 'emulate', 'ft', '--port', '0', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  t.teardown(() => child.kill('SIGKILL'));
  let out = '';
  let err = '';
  child.stdout?.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr?.setEncoding('utf8').on('data', (d: string) => (err = (err + d).slice(-2000)));
  const line = await withDeadline('emulator prints its first line', 90_000, async (signal) => {
    while (!out.includes('\n')) {
      if (child.exitCode !== null) throw new Error(`emulator exited ${child.exitCode}: ${err}`);
      await new Promise((r) => setTimeout(r, 20));
      if (signal.aborted) throw signal.reason;
    }
    return JSON.parse(out.slice(0, out.indexOf('\n'))) as { redfish: string; workload: { udp: number; tcp: number } };
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error('emulator has no pid');
  const rss = (): number => {
    const m = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    if (!m?.[1]) throw new Error(`no VmRSS in /proc/${pid}/status`);
    return Number(m[1]) / 1024;
  };
  return { child, rf: new RedfishClient(line.redfish), udp: line.workload.udp, tcp: line.workload.tcp, rss };
}

/** Idle RSS: after a few requests, so that lazily built responses are in the baseline. */
async function idleRss(emu: Emulator): Promise<number> {
  for (const p of ['/redfish/v1/Systems/ft0', '/redfish/v1/Oem/FtLab/Truth', '/redfish/v1/Chassis/Module0']) await emu.rf.get(p);
  return emu.rss();
}

const stats = async (emu: Emulator): Promise<WorkloadStats> => (await emu.rf.get<{ Workload: WorkloadStats }>('/redfish/v1/Oem/FtLab/Truth')).Workload;

function connect(port: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const s = net.connect(port, '127.0.0.1');
    s.once('connect', () => resolve(s));
    s.once('error', reject);
  });
}

/**
 * Write up to `limit` bytes to `s` without ever reading from it; stop early when a write is not
 * drained within 5 s (the emulator stopped reading: its backpressure reached us). Calls
 * `sample` every 8 MiB. Returns the bytes the kernel accepted.
 */
async function writeUntilPushedBack(s: net.Socket, limit: number, sample: () => void): Promise<number> {
  const chunk = Buffer.alloc(MAX_CHUNK, 0x61);
  let written = 0;
  while (written < limit && !s.destroyed) {
    const drained = s.write(chunk);
    written += chunk.length;
    if (written % (8 * MIB) === 0) sample();
    if (drained) continue;
    const more = await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => done(false), 5000);
      const done = (v: boolean): void => {
        clearTimeout(timer);
        s.off('drain', onDrain);
        s.off('close', onClose);
        resolve(v);
      };
      const onDrain = (): void => done(true);
      const onClose = (): void => done(false);
      s.once('drain', onDrain);
      s.once('close', onClose);
    });
    if (!more) break;
  }
  return written;
}

// serial: one abused emulator at a time, to leave CPU to the other test files running alongside
test.serial('TCP: clients that write and never read, and a connection flood, leave the emulator bounded', async (t) => {
  if (!existsSync('/proc/self/status')) return t.pass('no /proc: RSS not measurable here');
  const emu = await startEmulator(t, []);
  const idle = await idleRss(emu);
  let peak = idle;
  const sample = (): void => void (peak = Math.max(peak, emu.rss()));

  // 4 clients x up to 128 MiB, none reading its echo: without backpressure the emulator would
  // hold everything it could not send back (512 MiB)
  const clients = await Promise.all(Array.from({ length: 4 }, () => connect(emu.tcp)));
  t.teardown(() => clients.forEach((c) => c.destroy()));
  for (const c of clients) c.on('error', () => undefined);
  const written = await Promise.all(clients.map((c) => writeUntilPushedBack(c, 128 * MIB, sample)));
  sample();
  const afterWrites = await stats(emu);
  t.log(`written per client: ${written.map((w) => (w / MIB).toFixed(1)).join(', ')} MiB; RSS idle ${idle.toFixed(1)} MiB, peak ${peak.toFixed(1)} MiB`);
  t.true(afterWrites.tcpPaused >= clients.length, 'every client was pushed back (the emulator stopped reading it)');
  t.true(written.every((w) => w < 128 * MIB), 'no client could write everything');

  // more connections than the limit: the excess is closed on accept
  const extra = DEFAULT_MAX_CONNECTIONS + 20;
  const flood: net.Socket[] = [];
  t.teardown(() => flood.forEach((c) => c.destroy()));
  for (let i = 0; i < extra; i++) {
    const c = await connect(emu.tcp);
    c.on('error', () => undefined);
    flood.push(c);
  }
  const refusedAtLeast = clients.length + extra - DEFAULT_MAX_CONNECTIONS;
  await emu.rf.until<{ Workload: WorkloadStats }>('connections beyond the limit refused', '/redfish/v1/Oem/FtLab/Truth', (b) => b.Workload.tcpRefused >= refusedAtLeast);
  sample();
  t.true(peak - idle < RSS_BOUND_MIB, `RSS grew ${(peak - idle).toFixed(1)} MiB over idle ${idle.toFixed(1)} MiB (bound ${RSS_BOUND_MIB} MiB)`);

  // still serving: a fresh client (once the flood is gone) gets its echo
  for (const c of flood) c.destroy();
  for (const c of clients) c.destroy();
  const s = await connect(emu.tcp);
  t.teardown(() => s.destroy());
  let echoed = '';
  s.setEncoding('utf8').on('data', (d: string) => (echoed += d));
  s.write('still-there');
  await withDeadline('echo after the abuse', 20_000, async (signal) => {
    while (echoed !== 'still-there' && !signal.aborted) await new Promise((r) => setTimeout(r, 10));
  });
  t.is(echoed, 'still-there');
});

test.serial('UDP: large datagrams flooding a blackout are dropped beyond the byte budget, the probe is answered after it', async (t) => {
  if (!existsSync('/proc/self/status')) return t.pass('no /proc: RSS not measurable here');
  // hypervisor mode + overrun: 320 s of SUT blackout, 32 s of wall time at scale 10
  const emu = await startEmulator(t, ['--profile', shippedProfilePath('ft-hypervisor'), '--defect', 'blackout-overrun', '--time-scale', '10']);
  const idle = await idleRss(emu);
  let peak = idle;
  const sample = (): void => void (peak = Math.max(peak, emu.rss()));

  await emu.rf.inject('PullModule', { Module: 0 });
  await emu.rf.inject('InsertModule', { Module: 0 });
  await emu.rf.until<{ Oem: { FtLab: { SyncPhase: string } } }>('blackout started', '/redfish/v1/Systems/ft0', (b) => b.Oem.FtLab.SyncPhase === 'Blackout');

  // the healthy probe: sent first, held through the blackout, answered after it
  const probe = new UdpProbe('127.0.0.1', emu.udp);
  await probe.open();
  t.teardown(() => probe.close());
  probe.send();

  // a TCP client writing into the blackout: held up to the per-connection cap, then not read
  const tcp = await connect(emu.tcp);
  t.teardown(() => tcp.destroy());
  tcp.on('error', () => undefined);
  await writeUntilPushedBack(tcp, 64 * MIB, sample);

  // ~60 KB datagrams until 2,500 of them (~143 MiB, past the memory bound) reached the emulator,
  // or 20,000 were sent; a few at a time, as the receive buffer holds only a few of them
  const flood = dgram.createSocket('udp4');
  t.teardown(() => flood.close());
  await new Promise<void>((r) => flood.bind(0, '127.0.0.1', () => r()));
  flood.on('message', () => undefined);
  const payload = Buffer.alloc(60_000, 0x62);
  const arrived = (w: WorkloadStats): number => w.udpQueued + w.udpOverflowDropped;
  let sent = 0;
  let seen = 0;
  let over = false; // the blackout ended (the emulator answered the flood): stop
  while (sent < 20_000 && seen < 2_500 && !over) {
    await Promise.all(Array.from({ length: 2 }, () => new Promise<void>((r) => flood.send(payload, emu.udp, '127.0.0.1', () => r()))));
    sent += 2;
    await new Promise((r) => setTimeout(r, 2));
    if (sent % 100 === 0) {
      const w = await stats(emu);
      seen = arrived(w);
      over = w.udpAnswered > 0;
      sample();
    }
  }
  const during = await stats(emu);
  sample();
  t.log(`queued ${during.udpQueued} datagrams (${(during.udpQueuedBytes / MIB).toFixed(1)} MiB), dropped on overflow ${during.udpOverflowDropped}; TCP held ${(during.tcpBufferedBytes / 1024).toFixed(0)} KiB; RSS idle ${idle.toFixed(1)} MiB, peak ${peak.toFixed(1)} MiB`);
  t.true(arrived(during) >= 2_500, `${arrived(during)} of ${sent} datagrams reached the emulator`);
  t.true(during.udpOverflowDropped > 0, 'the byte budget was reached and the excess dropped (and counted)');
  t.true(during.udpQueuedBytes <= DEFAULT_MAX_QUEUED_BYTES);
  t.true(during.tcpBufferedBytes <= DEFAULT_MAX_BUFFERED_PER_CONNECTION + MAX_CHUNK, 'the TCP client was not read beyond its cap');
  t.true(during.tcpPaused >= 1);
  t.true(peak - idle < RSS_BOUND_MIB, `RSS grew ${(peak - idle).toFixed(1)} MiB over idle ${idle.toFixed(1)} MiB (bound ${RSS_BOUND_MIB} MiB)`);

  // the blackout stall then the answer, as without the abuse
  await probe.waitReplies('probe answered after the blackout', 1, 90_000);
  t.deepEqual(probe.replies, [0]);
});
