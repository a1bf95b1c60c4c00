import test from 'ava';
import type { HistoryRecord } from '../../lib/history/records.ts';
import { ProgressView } from './progress.ts';

const ref = { id: 'ft-x', iteration: 0, binding: 'ft0' };
const begin: HistoryRecord = { type: 'scenario-begin', t: 0, wall: 0, scenario: ref, title: 'x', requirements: [], roles: { ft: ['ft0'] } };
const inject: HistoryRecord = { type: 'phase-begin', t: 1, wall: 0, scenario: ref, phase: 'inject' };
const end: HistoryRecord = { type: 'scenario-end', t: 2000, wall: 0, scenario: ref, outcome: 'passed', marginal: true, durationMs: 2000 };
const records = [begin, inject, end];

function sink(isTTY: boolean) {
  const chunks: string[] = [];
  return { chunks, stream: { isTTY, columns: 80, write: (s: string) => (chunks.push(s), true) } };
}

test('not a TTY: plain lines per scenario and phase', (t) => {
  const s = sink(false);
  const p = new ProgressView(s.stream, 1, () => 0);
  for (const r of records) p.onRecord(r);
  p.close();
  t.deepEqual(s.chunks.join('').split('\n'), ['[1/1] ft-x @ft0: begin', '  ft-x @ft0: inject', '[1/1] ft-x @ft0: passed (marginal) in 2.0 s', '']);
  t.false(s.chunks.join('').includes('\r'));
});

test('a TTY: one live line redrawn in place with scenario, phase and elapsed time, then the result line', (t) => {
  const s = sink(true);
  let now = 0;
  const p = new ProgressView(s.stream, 1, () => now);
  p.onRecord(begin);
  now = 1500;
  p.onRecord(inject);
  const live = s.chunks.filter((c) => c.startsWith('\r\x1b[2K') && c.length > 5);
  t.regex(live.at(-1) ?? '', /\[1\/1\] ft-x @ft0 · inject · 1\.5 s$/);
  p.onRecord(end);
  p.close();
  t.true(s.chunks.includes('[1/1] ft-x @ft0: passed (marginal) in 2.0 s\n'));
  t.is(s.chunks.at(-1), '\r\x1b[2K', 'the live line is cleared at the end');
});
