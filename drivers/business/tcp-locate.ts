/**
 * Ask a business over TCP who answers: connect to its address, read the greeting (the identity
 * line naming the system and the business), send a line with a fresh nonce and wait for it to
 * come back; rttMs is that line's round trip. A greeting that names another business, or an echo
 * that is not the nonce line, is a foreign answer: unreachable, with the reason.
 */
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import { type Clock, systemClock } from '../../lib/clock.ts';
import { MAX_IDENTITY_BYTES, parseIdentity } from '../../lib/domains/cluster/business-wire.ts';
import type { BusinessLocation } from '../capabilities/business-locator.ts';

export function locateTcp(target: { name: string; address: string; port: number }, deadlineMs: number, opts: { clock?: Clock } = {}, signal?: AbortSignal): Promise<BusinessLocation> {
  const clock = opts.clock ?? systemClock;
  const where = `${target.address}:${target.port} (TCP)`;
  const nonce = `ftlab-locate ${randomBytes(16).toString('hex')}\n`;
  return new Promise<BusinessLocation>((resolve) => {
    const socket = net.connect({ host: target.address, port: target.port });
    let buffered = '';
    let server: string | null = null;
    let sentAt = 0;
    let done = false;
    const finish = (r: BusinessLocation): void => {
      if (done) return;
      done = true;
      timer.cancel();
      signal?.removeEventListener('abort', onAbort);
      socket.destroy();
      resolve(r);
    };
    const unreachable = (why: string): void => finish({ reachable: false, business: target.name, reason: `${where}: ${why}` });
    const onAbort = (): void => unreachable('aborted');
    const timer = clock.setTimer(deadlineMs, () => unreachable(`no ${server === null ? 'greeting' : 'echo'} within the deadline of ${deadlineMs} ms`));
    signal?.addEventListener('abort', onAbort, { once: true });
    socket.on('error', (e) => unreachable(e.message));
    socket.on('close', () => unreachable('connection closed'));
    socket.setEncoding('latin1').on('data', (chunk: string) => {
      buffered += chunk;
      const nl = buffered.indexOf('\n');
      if (nl < 0) return buffered.length > MAX_IDENTITY_BYTES + nonce.length ? unreachable('a line too long for an answer') : undefined;
      const line = buffered.slice(0, nl);
      buffered = buffered.slice(nl + 1);
      if (server === null) {
        const id = parseIdentity(line);
        if (id?.business !== target.name) return unreachable(`foreign greeting ${JSON.stringify(line.slice(0, 80))}`);
        server = id.host;
        sentAt = clock.now();
        socket.write(nonce);
      } else if (`${line}\n` === nonce) finish({ reachable: true, business: target.name, server, rttMs: clock.now() - sentAt });
      else unreachable(`foreign echo ${JSON.stringify(line.slice(0, 80))}`);
    });
  });
}
