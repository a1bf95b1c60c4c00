import test from 'ava';
import { placeLabels, type LabelBox } from './tick-labels.ts';

const AREA = { left: 0, right: 300, rows: 2, pad: 3 };

/** No two boxes of one row overlap or touch (closer than the pad). */
function clash(boxes: readonly LabelBox[], pad: number): string | null {
  for (const a of boxes) for (const b of boxes) if (a !== b && a.row === b.row && a.x0 < b.x0 + b.w + pad && b.x0 < a.x0 + a.w + pad) return `ticks ${a.tick} and ${b.tick} on row ${a.row}`;
  return null;
}

test('labels right of their markers on the first free row, else the next row; one that fits on no row is left to the tooltip', (t) => {
  // Five steps 20 px apart, 60 px wide each: as the lab's failed-off / unmapped / zoned / standby-on / standby-running.
  const boxes = placeLabels([100, 120, 140, 160, 180], [60, 60, 60, 60, 60], AREA);
  t.deepEqual(boxes.map((b) => [b.tick, b.row, b.anchor, b.x0]), [
    [0, 0, 'start', 103],
    [1, 1, 'start', 123],
    [4, 0, 'start', 183],
  ]);
  t.is(clash(boxes, AREA.pad), null);
  t.deepEqual(placeLabels([100, 120, 140, 160, 180], [60, 60, 60, 60, 60], { ...AREA, rows: 3 }).map((b) => b.tick), [0, 1, 2, 4], 'a third row takes one more');
});

test('ticks out of time order are placed in time order; what fits nowhere is left to the tooltip', (t) => {
  const boxes = placeLabels([180, 100, 101, 102, 290], [60, 60, 60, 60, 60], AREA);
  t.is(clash(boxes, AREA.pad), null);
  t.deepEqual(boxes.map((b) => [b.tick, b.row, b.anchor, b.x0]), [
    [0, 0, 'start', 183],
    [1, 0, 'start', 103],
    [2, 0, 'end', 38],
    [3, 1, 'start', 105],
    [4, 1, 'end', 227],
  ], 'time order: 100, 101, 102, 180, 290; 290 has no room on its right');
});

test('a golden crowd: 40 labels at random-looking places never overlap on any row', (t) => {
  const xs = Array.from({ length: 40 }, (_, i) => (i * 97) % 300);
  const ws = Array.from({ length: 40 }, (_, i) => 20 + ((i * 13) % 50));
  const boxes = placeLabels(xs, ws, { ...AREA, rows: 3 });
  t.is(clash(boxes, AREA.pad), null);
  t.true(boxes.every((b) => b.x0 >= 0 && b.x0 + b.w <= 300), 'inside the plot');
  t.is(
    boxes.map((b) => `${b.tick}:${b.row}:${b.anchor}:${b.x0}`).join(' '),
    '0:0:start:3 2:0:start:197 7:0:start:82 12:0:start:267 13:2:start:64 14:2:start:161 17:0:start:152 22:1:start:37 23:1:start:134 25:0:start:28 27:2:start:222 28:2:start:19 30:1:start:213 31:1:start:10 32:2:start:107 35:1:start:98',
    'golden: tick:row:anchor:left edge',
  );
});
