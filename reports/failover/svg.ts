/**
 * One failover as inline SVG: one row per lane (faults, the manager's events and claim, lab steps, power of both servers,
 * masking, zoning, logins, VLANs, business), x = time since the scenario began with the axis in
 * SUT time; dashed guides at the fault and at each step the lab showed. A change between two
 * readings is hatched (its order inside the window is unknown); a sampled lane before its first
 * reading is hatched grey, "not yet observed". Tick-only lanes label their ticks on rows where no
 * two labels touch. Every segment and tick has a tooltip. The SVG scales to its container's width.
 * Deterministic; ids are prefixed so several timelines can share a page.
 */
import { num } from '../format.ts';
import { esc } from '../html/escape.ts';
import { clip, tickStep } from '../html/svg-timeline.ts';
import { placeLabels } from './tick-labels.ts';
import type { FoLane, FoSegment, FoTick, Tone } from './types.ts';

export const TONE: Readonly<Record<Tone, { fill: string; text: string; legend: string }>> = {
  failed: { fill: '#0969da', text: '#fff', legend: "the failed server's" },
  standby: { fill: '#1a7f37', text: '#fff', legend: "the standby's" },
  both: { fill: '#cf222e', text: '#fff', legend: 'boot volume held by both servers (never allowed)' },
  shared: { fill: '#d4a72c', text: '#24292f', legend: 'both servers (zone members, logins)' },
  none: { fill: '#eaeef2', text: '#24292f', legend: 'neither' },
  other: { fill: '#8c959f', text: '#fff', legend: 'another server' },
  on: { fill: '#2da44e', text: '#fff', legend: 'power On' },
  off: { fill: '#57606a', text: '#fff', legend: 'power Off' },
  transition: { fill: '#54aeff', text: '#24292f', legend: 'powering on/off' },
  up: { fill: '#4ac26b', text: '#fff', legend: 'business answering' },
  down: { fill: '#cf222e', text: '#fff', legend: 'fault / no answer' },
  between: { fill: '', text: '#24292f', legend: 'changed between two readings' },
  claim: { fill: '#8250df', text: '#fff', legend: "a step the manager claims it ran (its account, not the lab's)" },
  'claim-failed': { fill: '#82071e', text: '#fff', legend: 'a step the manager claims failed' },
  'claim-running': { fill: '#d8b9ff', text: '#24292f', legend: 'a step the manager claims still ran at its last reading' },
};

const WIDTH = 1320;
const LEFT = 220;
const PLOT = WIDTH - LEFT - 16;
const ROW = 22;
/** Label rows of a tick-only lane (the lab's steps, the manager's events), 10 px each. */
const TICK_ROWS = 3;
const TICK_LANE = 6 + TICK_ROWS * 10;
const GAP = 4;
const AXIS = 26;
const CHAR = 6.7;
/** Width of one character of a tick label (9.5 px monospace: 0.6 em, rounded up so boxes never under-measure). */
const SMALL_CHAR = 5.8;

/** Whether a sampled lane has a stretch before its first reading ("not yet observed"); the faults lane is the ledger's and a claim lane the manager's account, known from the start. */
const hasUnknown = (l: FoLane): boolean => l.kind !== 'faults' && l.kind !== 'claim' && l.segments.length > 0 && l.segments.every((s) => s.start > 0);

interface Geometry {
  x(ms: number): number;
  id: string;
}

function segmentSvg(s: FoSegment, y: number, g: Geometry): string {
  const x0 = g.x(s.start);
  const w = Math.max(1, g.x(s.end) - x0);
  const tone = TONE[s.tone];
  const fill = s.tone === 'between' ? `url(#${g.id}-hatch)` : tone.fill;
  const text = s.label && w > 24 ? `<text x="${num(x0 + 4, 1)}" y="${y + 15}" fill="${tone.text}">${esc(clip(s.label, w - 8, CHAR))}</text>` : '';
  return `<g><title>${esc(s.detail)}</title><rect x="${num(x0, 1)}" y="${y + 2}" width="${num(w, 1)}" height="${ROW - 4}" fill="${fill}" stroke="#fff" stroke-width="0.5"/>${text}</g>`;
}

/** Ticks of a lane: a marker each; in tick-only lanes labels on TICK_ROWS rows where they fit without touching another (tick-labels.ts), else only the tooltip. */
function ticksSvg(ticks: readonly FoTick[], y: number, height: number, g: Geometry, labels: boolean): string {
  const xs = ticks.map((t) => g.x(t.at));
  const boxes = labels ? placeLabels(xs, ticks.map((t) => t.label.length * SMALL_CHAR), { left: LEFT, right: WIDTH, rows: TICK_ROWS, pad: 3 }) : [];
  const boxOf = new Map(boxes.map((b) => [b.tick, b]));
  return ticks
    .map((t, i) => {
      const x = xs[i] ?? LEFT;
      const b = boxOf.get(i);
      const label = b ? `<text x="${num(b.anchor === 'start' ? b.x0 : b.x0 + b.w, 1)}" y="${y + 9 + b.row * 10}" text-anchor="${b.anchor}" class="tick">${esc(t.label)}</text>` : '';
      return `<g><title>${esc(t.detail)}</title><path d="M${num(x, 1)} ${y + 1}v${labels ? height - 2 : 6}" class="mark"/>${label}</g>`;
    })
    .join('');
}

/** Before a sampled lane's first reading its state is unknown: drawn as "not yet observed", never as a state. */
function unknownSvg(l: FoLane, y: number, g: Geometry): string {
  const first = l.segments.reduce((m, s) => Math.min(m, s.start), Infinity);
  if (!hasUnknown(l) || g.x(first) - LEFT < 0.5) return '';
  const w = g.x(first) - LEFT;
  return `<g><title>not yet observed: the first reading of this lane was asked for at ${Math.round(first)} ms</title><rect x="${LEFT}" y="${y + 2}" width="${num(w, 1)}" height="${ROW - 4}" fill="url(#${g.id}-unknown)" class="unknown"/></g>`;
}

function axisSvg(endMs: number, scale: number, height: number, g: Geometry): string {
  const step = tickStep(endMs * scale, 10);
  const out: string[] = [];
  for (let v = 0; v <= endMs * scale + 1e-9; v += step) {
    const x = g.x(v / scale);
    out.push(`<path d="M${num(x, 1)} ${AXIS - 4}V${height}" class="grid"/><text x="${num(x, 1)}" y="${AXIS - 8}" text-anchor="middle" class="axis">${esc(step >= 1000 ? `${num(v / 1000, step % 1000 === 0 ? 0 : 1)} s` : `${num(v, 0)} ms`)}</text>`);
  }
  return out.join('');
}

function guides(lanes: readonly FoLane[], height: number, g: Geometry): string {
  const at = lanes.flatMap((l) => (l.kind === 'lab steps' ? l.ticks.map((t) => t.at) : l.kind === 'faults' ? l.segments.map((s) => s.start) : []));
  return at.map((t) => `<path d="M${num(g.x(t), 1)} ${AXIS}V${height}" class="guide"/>`).join('');
}

const laneHeight = (l: FoLane): number => (l.segments.length === 0 ? TICK_LANE : ROW);


export function failoverSvg(lanes: readonly FoLane[], endMs: number, scale: number, id: string): string {
  const span = endMs > 0 ? endMs : 1;
  const g: Geometry = { x: (ms) => LEFT + (Math.min(Math.max(ms, 0), span) / span) * PLOT, id };
  const tops = lanes.reduce<number[]>((acc, l, i) => [...acc, (acc[i] ?? AXIS) + laneHeight(l) + GAP], [AXIS]);
  const height = (tops.at(-1) ?? AXIS) + 4;
  const rows = lanes.map((l, i) => {
    const y = tops[i] ?? AXIS;
    const h = laneHeight(l);
    const label = `<text x="6" y="${y + 15}" class="lane"><title>${esc(l.label)}</title>${esc(clip(l.label, LEFT - 12, CHAR))}</text>`;
    const band = `<rect x="${LEFT}" y="${y}" width="${PLOT}" height="${h}" fill="#f6f8fa" class="band"/>`;
    return `${label}${band}${unknownSvg(l, y, g)}${l.segments.map((s) => segmentSvg(s, y, g)).join('')}${ticksSvg(l.ticks, y, h, g, l.segments.length === 0)}`;
  });
  return `<svg class="fo-timeline" xmlns="http://www.w3.org/2000/svg" width="100%" viewBox="0 0 ${WIDTH} ${height}" preserveAspectRatio="xMinYMin meet" role="img" aria-label="failover timeline">
<defs><pattern id="${id}-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#fff8c5"/><path d="M0 0V6" stroke="#bf8700" stroke-width="2"/></pattern><pattern id="${id}-unknown" width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(-45)"><rect width="8" height="8" fill="#f6f8fa"/><path d="M0 0V8" stroke="#d0d7de" stroke-width="3"/></pattern></defs>
${axisSvg(span, scale, height, g)}
${rows.join('\n')}
${guides(lanes, height, g)}
</svg>`;
}

export function failoverLegend(lanes: readonly FoLane[]): string {
  const used = new Set(lanes.flatMap((l) => l.segments.map((s) => s.tone)));
  const items = (Object.keys(TONE) as Tone[]).filter((t) => used.has(t));
  const swatch = (t: Tone): string =>
    t === 'between' ? '<i class="fo-hatch"></i>' : `<i style="background:${TONE[t].fill}"></i>`;
  const unknown = lanes.some(hasUnknown) ? '<span><i class="fo-unknown"></i>not yet observed (before the first reading)</span>' : '';
  return `<div class="legend">${items.map((t) => `<span>${swatch(t)}${esc(TONE[t].legend)}</span>`).join('')}${unknown}<span><i class="fo-guide"></i>fault injected / step the lab showed</span><span><i class="fo-mark"></i>device event (hover for its text)</span></div>`;
}

export const FAILOVER_CSS = `
.fo-timeline{font:11px ui-monospace,SFMono-Regular,Menlo,monospace;display:block;width:100%;max-width:${WIDTH}px;height:auto;background:#fff}
.fo-timeline .lane{fill:#24292f}.fo-timeline .axis{fill:#57606a}.fo-timeline .tick{fill:#24292f;font-size:9.5px}
.fo-timeline .band{fill:#f6f8fa}.fo-timeline .grid{stroke:#eaeef2}.fo-timeline .mark{stroke:#24292f;stroke-width:1.5}
.fo-timeline .guide{stroke:#bc4c00;stroke-dasharray:3 3;stroke-width:1;opacity:.6}
.legend .fo-hatch{background:repeating-linear-gradient(45deg,#fff8c5 0 3px,#bf8700 3px 5px)}
.legend .fo-guide{background:none;border-left:2px dashed #bc4c00;width:0}
.legend .fo-mark{background:#24292f;width:2px}
.legend .fo-unknown{background:repeating-linear-gradient(-45deg,#f6f8fa 0 3px,#d0d7de 3px 5px)}
`;
