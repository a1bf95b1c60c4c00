/**
 * The outbound half of the SOL client on an injected clock: chunking, retransmission with the
 * same sequence number until the retry budget is spent (then lost), partial ACK, NACK hold,
 * BREAK, writes settling only when all their characters were accepted.
 */
import test from 'ava';
import { SOL_OP, type SolPacket } from './codec/sol.ts';
import { FakeClock } from '../../lib/clock.ts';
import { SolSender } from './sol-sender.ts';

function setup() {
  const clock = new FakeClock();
  const sent: SolPacket[] = [];
  const lost: string[] = [];
  const s = new SolSender({ clock, maxData: 3, retries: 2, retryMs: 100, send: (p) => void sent.push(p), lost: (w) => void lost.push(w) });
  const ack = (seq: number, accepted: number, flags = 0): SolPacket => ({ seq: 0, ackSeq: seq, accepted, flags, data: Buffer.alloc(0) });
  const data = (): string[] => sent.map((p) => `${p.seq}:${p.data.toString()}${p.flags & SOL_OP.BREAK ? '+brk' : ''}`);
  return { clock, sent, lost, s, ack, data };
}

test('a write settles once all its packets were ACKed; a partial ACK sends the rest; a NACK holds it', async (t) => {
  const { clock, s, ack, data } = setup();
  let settled = false;
  const w = s.write(Buffer.from('abcdefg')).then(() => (settled = true));
  t.deepEqual(data(), ['1:abc']);
  s.acknowledged(ack(1, 3));
  s.acknowledged(ack(2, 1));
  t.deepEqual(data(), ['1:abc', '2:def', '3:ef']);
  s.acknowledged(ack(3, 0, SOL_OP.NACK));
  clock.advance(100);
  t.deepEqual(data(), ['1:abc', '2:def', '3:ef', '4:ef']);
  s.acknowledged(ack(4, 2));
  await Promise.resolve();
  t.false(settled);
  s.acknowledged(ack(5, 1));
  await w;
  t.deepEqual(data(), ['1:abc', '2:def', '3:ef', '4:ef', '5:g']);
});

test('unacknowledged packets go again with the same sequence number; after the retries the console is lost and writes reject', async (t) => {
  const { clock, s, lost, data } = setup();
  const w = s.write(Buffer.from('x'));
  clock.advance(100);
  clock.advance(100);
  t.deepEqual(data(), ['1:x', '1:x', '1:x']);
  t.is(s.retransmissions, 2);
  clock.advance(100);
  t.deepEqual(lost, ['no ACK for SOL packet 1 after 3 transmissions 100 ms apart']);
  s.stop(new Error('lost'));
  await t.throwsAsync(w, { message: 'lost' });
  await t.throwsAsync(s.write(Buffer.from('y')), { message: 'lost' });
});

test('BREAK is a packet with the break bit and no characters', async (t) => {
  const { s, ack, data } = setup();
  const b = s.sendBreak();
  t.deepEqual(data(), ['1:+brk']);
  s.acknowledged(ack(1, 0));
  await b;
  t.pass();
});
