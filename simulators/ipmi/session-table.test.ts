import test from 'ava';
import { CIPHER_SUITES } from '../../drivers/ipmi/codec/cipher-suites.ts';
import { SequenceWindow, SessionTable } from './session-table.ts';

test('sequence window accepts each number once, tolerates reordering and drops replays and stale numbers', (t) => {
  const w = new SequenceWindow(16, 32);
  t.false(w.accept(0));
  t.true(w.accept(1));
  t.false(w.accept(1), 'replay');
  t.true(w.accept(3));
  t.true(w.accept(2), 'late but new');
  t.false(w.accept(2), 'replay of a late one');
  t.true(w.accept(30));
  t.false(w.accept(30 + 33), 'too far ahead');
  t.false(w.accept(30 - 16), 'too far behind');
  t.true(w.accept(30 - 15));
  const wrap = new SequenceWindow();
  t.true(wrap.accept(0xfffffffe));
  t.true(wrap.accept(0xffffffff));
  t.true(wrap.accept(1), 'wraps past 2^32');
  t.false(wrap.accept(0xffffffff));
});

test('session table: only active sessions fill it; a half-open one gives its slot to a new Open Session and expires after its own timeout', (t) => {
  const abandoned: Array<[number, string]> = [];
  const table = new SessionTable(2, 1000, 300, (s, why) => abandoned.push([s.consoleId, why]));
  const peer = { address: '127.0.0.1', port: 1 };
  const suite = CIPHER_SUITES[3]!;
  const a = table.open({ consoleId: 1, suite, now: 0, peer });
  const b = table.open({ consoleId: 2, suite, now: 500, peer });
  t.truthy(a && b);
  t.not(a?.managedId, b?.managedId);
  if (!a || !b) return;
  a.state = 'active';
  const c = table.open({ consoleId: 3, suite, now: 600, peer });
  t.is(c?.consoleId, 3, 'the half-open session 2 made room');
  t.deepEqual(abandoned, [[2, 'evicted']]);
  if (c) c.state = 'active';
  t.is(table.open({ consoleId: 4, suite, now: 600, peer }), undefined, 'full of active sessions');
  const d = (table.sweep(1200), table.open({ consoleId: 5, suite, now: 1200, peer }));
  t.is(d?.consoleId, 5, 'active session 1 expired after 1000 ms idle');
  t.deepEqual(table.sweep(1400).map((s) => s.consoleId), [], 'a half-open session lives 300 ms');
  t.deepEqual(table.sweep(1501).map((s) => s.consoleId), [5]);
  t.deepEqual(abandoned, [[2, 'evicted'], [5, 'expired']]);
});
