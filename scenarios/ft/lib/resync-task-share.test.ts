import test from 'ava';
import { brownoutShareProblem, passStretches } from './resync-task-share.ts';

// 128 GiB; pass 1 leaves 12 800 MiB dirty (90.2 % copied), pass 2 1 280 MiB (99.0 %)
const MEM = 131072;
const stretches = (p0: number, p1: number, p2: number) => [
  { pass: 0, dirtyMiB: 0, percents: [p0, p0] },
  { pass: 1, dirtyMiB: 12800, percents: [p1] },
  { pass: 2, dirtyMiB: 1280, percents: [p2, p2] },
];

test('a brownout weighted 80 of 100 points, advanced by the copied fraction each pass, passes', (t) => {
  t.is(brownoutShareProblem(stretches(10, 82, 89), MEM), null);
  // a task with no diagnostics share and a tiny blackout share
  t.is(brownoutShareProblem(stretches(0, 90, 99), MEM), null);
});

test('a brownout progress ten times too small, or not advanced per pass, fails with the figures', (t) => {
  t.is(
    brownoutShareProblem(stretches(10, 17, 18), MEM),
    "after pass 1 (12800 MiB of 131072 MiB dirty: 90.2 % copied) PercentComplete is 17, 7 above the 10 at the brownout's start: the brownout stands for 10.0 points of the task, less than the 81.0 left for the blackout of at most the stop threshold",
  );
  t.regex(brownoutShareProblem(stretches(10, 10, 10), MEM) ?? '', /^after pass 1 .* PercentComplete is 10, 0 above the 10/);
});

test('not judged without a reading at the brownout start or after a pass', (t) => {
  t.is(brownoutShareProblem(stretches(10, 17, 18).slice(1), MEM), null);
  t.is(brownoutShareProblem(stretches(10, 17, 18).slice(0, 1), MEM), null);
});

test('stretches named by the pass that starts them; the one before BlackoutStarted has none', (t) => {
  const edges = [{ pass: 0, dirtyMiB: 0 }, { pass: 1, dirtyMiB: 12800 }, null];
  t.deepEqual(passStretches([{ stretch: 1, percents: [82] }, { stretch: 2, percents: [90] }], edges), [{ pass: 1, dirtyMiB: 12800, percents: [82] }]);
});
