/**
 * The BMC side of an active SOL payload on an injected clock: packet size, one packet in flight,
 * retransmission with the same sequence number then a drop, partial ACK, NACK hold, console input
 * delivered once, BREAK, deactivation notice.
 */
import test from 'ava';
import { SOL_OP, SOL_STATUS, type SolPacket } from '../../drivers/ipmi/codec/sol.ts';
import { FakeClock } from '../../lib/clock.ts';
import { silentLogger } from '../../lib/log.ts';
import { SolActivation } from './sol-activation.ts';
import type { SolConsole } from './sol-console.ts';

function setup(maxData = 4) {
  const clock = new FakeClock();
  const sent: SolPacket[] = [];
  const host = { output: (_b: Buffer): void => undefined, typed: [] as string[], breaks: 0, detached: false };
  const console: SolConsole = {
    attach: (output) => {
      host.output = output;
      return { input: (b) => void host.typed.push(b.toString()), sendBreak: () => void host.breaks++, detach: () => void (host.detached = true) };
    },
  };
  const sol = new SolActivation({ send: (p) => void sent.push(p), clock, log: silentLogger, retry: () => ({ count: 2, intervalMs: 100 }), maxData }, console);
  const ack = (seq: number, accepted: number, flags = 0): SolPacket => ({ seq: 0, ackSeq: seq, accepted, flags, data: Buffer.alloc(0) });
  return { clock, sent, host, sol, ack, data: () => sent.map((p) => `${p.seq}:${p.data.toString()}`) };
}

test('host output goes out in packets of maxData, one at a time, each after the previous ACK', (t) => {
  const { sent, host, sol, ack, data } = setup();
  host.output(Buffer.from('abcdefghij'));
  t.deepEqual(data(), ['1:abcd']);
  sol.onPacket(ack(1, 4));
  sol.onPacket(ack(2, 4));
  t.deepEqual(data(), ['1:abcd', '2:efgh', '3:ij']);
  t.true(sent.every((p) => p.ackSeq === 0 && p.flags === 0));
});

test('an unacknowledged packet is sent again with the same sequence number, then dropped after the retry count', (t) => {
  const { clock, host, sol, ack, data } = setup();
  host.output(Buffer.from('ab'));
  clock.advance(100);
  clock.advance(100);
  t.deepEqual(data(), ['1:ab', '1:ab', '1:ab']);
  host.output(Buffer.from('cd'));
  clock.advance(100);
  t.is(sol.dropped, 1);
  t.deepEqual(data(), ['1:ab', '1:ab', '1:ab', '2:cd']);
  sol.onPacket(ack(1, 2));
  t.deepEqual(data(), ['1:ab', '1:ab', '1:ab', '2:cd'], 'a late ACK of the dropped packet changes nothing');
});

test('a partial ACK sends the rest in the next packet; a NACK holds it back one retry interval', (t) => {
  const { clock, host, sol, ack, data } = setup();
  host.output(Buffer.from('abcd'));
  sol.onPacket(ack(1, 1));
  t.deepEqual(data(), ['1:abcd', '2:bcd']);
  sol.onPacket(ack(2, 0, SOL_OP.NACK));
  t.deepEqual(data(), ['1:abcd', '2:bcd']);
  clock.advance(99);
  t.is(data().length, 2);
  clock.advance(1);
  t.deepEqual(data(), ['1:abcd', '2:bcd', '3:bcd']);
});

test('console input is typed once and ACKed each time; BREAK reaches the host; deactivation tells the owner', (t) => {
  const { sent, host, sol } = setup();
  const pkt: SolPacket = { seq: 5, ackSeq: 0, accepted: 0, flags: 0, data: Buffer.from('ls\r') };
  t.deepEqual(sol.onPacket(pkt), { seq: 0, ackSeq: 5, accepted: 3, flags: 0, data: Buffer.alloc(0) });
  t.deepEqual(sol.onPacket(pkt), { seq: 0, ackSeq: 5, accepted: 3, flags: 0, data: Buffer.alloc(0) });
  t.deepEqual(host.typed, ['ls\r']);
  sol.onPacket({ seq: 6, ackSeq: 0, accepted: 0, flags: SOL_OP.BREAK, data: Buffer.alloc(0) });
  t.is(host.breaks, 1);
  sol.close(true);
  t.true(host.detached);
  t.is(sent.at(-1)?.flags, SOL_STATUS.DEACTIVATING);
  host.output(Buffer.from('late'));
  t.is(sent.length, 1, 'nothing after deactivation');
});
