/**
 * Where the labels of a tick-only lane go (pure): each label beside its marker, right of it or
 * else left of it, on the first of `rows` label rows where its box overlaps no box already placed
 * on that row (ticks taken in time order); a label that fits nowhere is left to the tooltip. Boxes
 * keep a gap between them, so two labels never touch, whatever order the ticks came in.
 */

export interface LabelBox {
  /** Index of the tick in the input. */
  tick: number;
  row: number;
  /** Left edge and width of the label box; `anchor` is the SVG text-anchor at `x` (start: x0, end: x0 + w). */
  x0: number;
  w: number;
  anchor: 'start' | 'end';
}

export interface LabelArea {
  /** Plot edges the boxes stay within. */
  left: number;
  right: number;
  rows: number;
  /** Space between a marker and its label, and between two boxes. */
  pad: number;
}

const overlaps = (a: { x0: number; w: number }, b: { x0: number; w: number }, pad: number): boolean => a.x0 < b.x0 + b.w + pad && b.x0 < a.x0 + a.w + pad;

/** Candidate boxes of a label of width `w` at marker `x`: right of it, then left of it, each inside the area. */
function candidates(x: number, w: number, a: LabelArea): Array<{ x0: number; anchor: 'start' | 'end' }> {
  const out: Array<{ x0: number; anchor: 'start' | 'end' }> = [];
  if (x + a.pad + w <= a.right) out.push({ x0: x + a.pad, anchor: 'start' });
  if (x - a.pad - w >= a.left) out.push({ x0: x - a.pad - w, anchor: 'end' });
  return out;
}

/** Boxes for the labels at markers `xs` of widths `ws`; ticks without a box are tooltip-only. */
export function placeLabels(xs: readonly number[], ws: readonly number[], area: LabelArea): LabelBox[] {
  const placed: LabelBox[][] = Array.from({ length: area.rows }, () => []);
  const order = xs.map((x, i) => ({ x, i })).sort((p, q) => p.x - q.x || p.i - q.i);
  const out: LabelBox[] = [];
  for (const { x, i } of order) {
    const w = ws[i] ?? 0;
    const fit = placed
      .flatMap((boxes, row) => candidates(x, w, area).map((c) => ({ ...c, row, boxes })))
      .find((c) => !c.boxes.some((b) => overlaps({ x0: c.x0, w }, b, area.pad)));
    if (!fit) continue;
    const box: LabelBox = { tick: i, row: fit.row, x0: fit.x0, w, anchor: fit.anchor };
    fit.boxes.push(box);
    out.push(box);
  }
  return out.sort((p, q) => p.tick - q.tick);
}
