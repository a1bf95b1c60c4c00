/**
 * Ask a business over UDP who answers: a request carrying a fresh random nonce every `intervalMs`
 * until an answer or the deadline. An answer is a datagram from the business's own address and
 * port that repeats one of these requests exactly and names this business (lib/domains/cluster/
 * business-wire.ts); anything else is counted as foreign and ignored, as harness/probe does.
 */
import { randomBytes } from 'node:crypto';
import dgram from 'node:dgram';
import { isIPv6 } from 'node:net';
import { type Clock, systemClock } from '../../lib/clock.ts';
import { parseUdpReply } from '../../lib/domains/cluster/business-wire.ts';
import type { BusinessLocation } from '../capabilities/business-locator.ts';

const PREFIX = 'ftlab-locate ';

export interface LocateOptions {
  clock?: Clock;
  /** Resend interval while nothing answered (default 100 ms). */
  intervalMs?: number;
}

export function locateUdp(target: { name: string; address: string; port: number }, deadlineMs: number, opts: LocateOptions = {}, signal?: AbortSignal): Promise<BusinessLocation> {
  const clock = opts.clock ?? systemClock;
  const sent = new Map<string, number>();
  let foreign = 0;
  const socket = dgram.createSocket(isIPv6(target.address) ? 'udp6' : 'udp4');
  return new Promise<BusinessLocation>((resolve) => {
    const timers: Array<{ cancel(): void }> = [];
    let done = false;
    const finish = (r: BusinessLocation): void => {
      if (done) return;
      done = true;
      for (const t of timers) t.cancel();
      signal?.removeEventListener('abort', onAbort);
      socket.close();
      resolve(r);
    };
    const unreachable = (why: string): void =>
      finish({ reachable: false, business: target.name, reason: `${why}: no answer from ${target.address}:${target.port} (UDP) to ${sent.size} request(s)${foreign ? `; ${foreign} foreign datagram(s) ignored` : ''}` });
    const onAbort = (): void => unreachable('aborted');
    socket.on('error', (e) => unreachable(`socket error ${e.message}`));
    socket.on('message', (msg, rinfo) => {
      const key = msg.subarray(0, PREFIX.length + 32).toString('latin1');
      const at = sent.get(key);
      const id = at === undefined ? null : parseUdpReply(Buffer.from(key, 'latin1'), msg);
      if (rinfo.address !== target.address || rinfo.port !== target.port || at === undefined || id?.business !== target.name) return void foreign++;
      finish({ reachable: true, business: target.name, server: id.host, rttMs: clock.now() - at });
    });
    const send = (): void => {
      const key = `${PREFIX}${randomBytes(16).toString('hex')}`;
      sent.set(key, clock.now());
      socket.send(Buffer.from(key, 'latin1'), target.port, target.address);
      timers.push(clock.setTimer(opts.intervalMs ?? 100, send));
    };
    timers.push(clock.setTimer(deadlineMs, () => unreachable(`deadline ${deadlineMs} ms`)));
    signal?.addEventListener('abort', onAbort, { once: true });
    socket.bind(0, () => send());
  });
}
