import test from 'ava';
import { type Datagram, QUEUE_ENTRY_OVERHEAD, UdpEchoCore } from './udp-echo.ts';

const dg = (n: number, bytes = 16): Datagram => ({ msg: Buffer.alloc(bytes, n), port: 40_000 + n, address: '127.0.0.1' });

function echo(limits?: { maxQueued: number; maxQueuedBytes: number }) {
  const sent: number[] = [];
  const core = new UdpEchoCore((d) => sent.push(d.port - 40_000), limits);
  return { core, sent };
}

test('answer echoes at once; queue holds in order and answers when the mode is answer again', (t) => {
  const { core, sent } = echo();
  core.onDatagram('answer', dg(1));
  core.onDatagram('queue', dg(2));
  core.onDatagram('queue', dg(3));
  core.settle('queue');
  t.deepEqual(sent, [1]);
  t.is(core.stats.udpQueuedBytes, 2 * (16 + QUEUE_ENTRY_OVERHEAD));
  core.settle('answer');
  t.deepEqual(sent, [1, 2, 3]);
  t.like(core.stats, { udpAnswered: 3, udpQueued: 2, udpDropped: 0, udpQueuedBytes: 0, udpQueuedBytesPeak: 2 * (16 + QUEUE_ENTRY_OVERHEAD) });
});

test('a datagram answered while some are still held goes after them (order kept)', (t) => {
  const { core, sent } = echo();
  core.onDatagram('queue', dg(1));
  core.onDatagram('answer', dg(2));
  t.deepEqual(sent, [1, 2]);
});

test('drop and down lose the datagram; held ones are lost when the mode becomes drop or down', (t) => {
  const { core, sent } = echo();
  core.onDatagram('drop', dg(1));
  core.onDatagram('down', dg(2));
  core.onDatagram('queue', dg(3));
  core.settle('down');
  core.settle('answer');
  t.deepEqual(sent, []);
  t.like(core.stats, { udpAnswered: 0, udpDropped: 3, udpQueuedBytes: 0 });
});

test('the stall queue drops the newest datagrams beyond its count or byte budget, keeping the earliest', (t) => {
  const { core, sent } = echo({ maxQueued: 2, maxQueuedBytes: 1_000 });
  for (const n of [1, 2, 3]) core.onDatagram('queue', dg(n));
  core.onDatagram('queue', dg(4, 2_000));
  core.settle('answer');
  t.deepEqual(sent, [1, 2]);
  t.like(core.stats, { udpQueued: 2, udpDropped: 2, udpOverflowDropped: 2 });
});

test('the byte budget counts payload plus the per-entry overhead', (t) => {
  const { core, sent } = echo({ maxQueued: 100, maxQueuedBytes: 2 * (16 + QUEUE_ENTRY_OVERHEAD) });
  for (const n of [1, 2, 3]) core.onDatagram('queue', dg(n));
  core.settle('answer');
  t.deepEqual(sent, [1, 2]);
  t.like(core.stats, { udpOverflowDropped: 1, udpQueuedBytesPeak: 2 * (16 + QUEUE_ENTRY_OVERHEAD) });
});
