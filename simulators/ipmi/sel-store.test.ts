import test from 'ava';
import { FakeClock } from '../../lib/clock.ts';
import { encodeSelRecord } from '../../drivers/ipmi/codec/sel.ts';
import { SelStore } from './sel-store.ts';

const event = { sensorType: 0x15, sensorNumber: 0x10, eventType: 0x0b, assertion: true, eventData: [1, 0xff, 0xff] as [number, number, number] };

test('records get increasing IDs and clock timestamps; lookup walks first → last; Set SEL Time shifts later stamps', (t) => {
  const clock = new FakeClock(0, Date.UTC(2026, 0, 1));
  const sel = new SelStore(clock);
  const a = sel.add(event);
  clock.advance(5000);
  const b = sel.add({ ...event, eventData: [0, 0xff, 0xff] });
  t.deepEqual([a.recordId, b.recordId], [1, 2]);
  t.is(b.timestamp - a.timestamp, 5);
  t.deepEqual(sel.lookup(0)?.next, 2);
  t.is(sel.lookup(0xffff)?.record.recordId, 2);
  t.is(sel.lookup(2)?.next, 0xffff);
  t.is(sel.lookup(7), undefined);
  sel.setTime(1_000_000_000);
  t.is(sel.add(event).timestamp, 1_000_000_000);
  t.is(sel.info().entries, 3);
});

test('reservations: a new one replaces the old, clear cancels it; Add SEL Entry assigns ID and time', (t) => {
  const clock = new FakeClock();
  const sel = new SelStore(clock);
  const r1 = sel.reserve();
  const r2 = sel.reserve();
  t.false(sel.isReserved(r1));
  t.true(sel.isReserved(r2));
  const raw = encodeSelRecord({ kind: 'system', recordId: 999, timestamp: 0, generatorId: 0x41, evmRev: 4, ...event });
  const id = sel.addRaw(raw);
  t.is(id, 1);
  t.is(sel.list()[0]?.kind === 'system' && sel.list()[0]?.recordId, 1);
  t.is(sel.addRaw(Buffer.alloc(16)), undefined, 'record type 00h is not a valid record');
  sel.clear();
  t.false(sel.isReserved(r2));
  t.is(sel.list().length, 0);
  t.not(sel.info().lastErase, 0xffffffff);
});

test('wraps when full, dropping the oldest; IDs stay unique', (t) => {
  const sel = new SelStore(new FakeClock(), 3);
  const seen: number[] = [];
  sel.onAdd((r) => seen.push(r.recordId));
  for (let i = 0; i < 5; i++) sel.add(event);
  t.deepEqual(sel.list().map((r) => r.recordId), [3, 4, 5]);
  t.deepEqual(seen, [1, 2, 3, 4, 5]);
});
