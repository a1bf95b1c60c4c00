/**
 * A scenario timeline as inline SVG: x = ms since scenario start; lanes for phases, fault
 * windows (also shaded across the whole plot), BMC events (ticks with message keys, full text in
 * <title>), probe spans with gaps in red, and module states from samples. Deterministic output.
 */
import { duration, num } from '../format.ts';
import type { Span, Timeline } from '../timeline.ts';
import { esc } from './escape.ts';
import { STATE_COLOR } from './style.ts';

const WIDTH = 1240;
const LEFT = 132;
const RIGHT = 16;
const PLOT = WIDTH - LEFT - RIGHT;
const ROW = 22;
const AXIS = 28;
const CHAR = 6.3;

function r1(v: number): string {
  return num(v, 1);
}

/** A "nice" tick step (1, 2 or 5 × 10^k) giving about `target` ticks over `span`. */
export function tickStep(span: number, target = 10): number {
  if (!(span > 0)) return 1;
  const raw = span / target;
  const pow = 10 ** Math.floor(Math.log10(raw));
  const m = raw / pow;
  return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * pow;
}

function tickLabel(ms: number, step: number): string {
  if (step >= 1000) return `${num(ms / 1000, step >= 10000 ? 0 : 1)} s`;
  return `${num(ms, step < 1 ? 2 : 0)} ms`;
}

/** Greedy packing of spans into rows so overlapping bars do not cover each other. */
function pack<T extends Span>(items: readonly T[]): Array<{ item: T; row: number }> {
  const rowEnds: number[] = [];
  return items.map((item) => {
    let row = rowEnds.findIndex((end) => end <= item.start);
    if (row === -1) row = rowEnds.push(item.end) - 1;
    else rowEnds[row] = item.end;
    return { item, row };
  });
}

function fits(label: string, widthPx: number): boolean {
  return label.length * CHAR + 8 <= widthPx;
}

export function renderTimelineSvg(tl: Timeline, title: string): string {
  const span = Math.max(tl.endMs, 1);
  const x = (ms: number): number => LEFT + (Math.min(Math.max(ms, 0), span) / span) * PLOT;
  const parts: string[] = [];
  const labels: string[] = [];
  let y = AXIS;

  const laneLabel = (text: string, top: number, rows: number): void => {
    labels.push(`<text x="8" y="${r1(top + (rows * ROW) / 2 + 4)}" class="ll">${esc(text)}</text>`);
    parts.push(`<line x1="${LEFT}" x2="${WIDTH - RIGHT}" y1="${r1(top + rows * ROW)}" y2="${r1(top + rows * ROW)}" class="sep"/>`);
  };

  // Phases
  const phaseRows = pack(tl.phases);
  const nPhaseRows = Math.max(1, ...phaseRows.map((p) => p.row + 1));
  for (const { item: p, row } of phaseRows) {
    const x0 = x(p.start);
    const w = Math.max(2, x(p.end) - x0);
    const cls = p.ok === false ? 'ph bad' : p.open ? 'ph open' : 'ph';
    const tip = `${p.label}: ${duration(p.end - p.start)} (${num(p.start, 1)}–${num(p.end, 1)} ms)${p.ok === false ? ` FAILED: ${p.error ?? ''}` : p.open ? ' (never ended)' : ''}`;
    const top = y + row * ROW + 3;
    parts.push(`<g><title>${esc(tip)}</title><rect x="${r1(x0)}" y="${r1(top)}" width="${r1(w)}" height="${ROW - 6}" rx="3" class="${cls}"/>`);
    if (fits(p.label, w)) parts.push(`<text x="${r1(x0 + 4)}" y="${r1(top + 12)}" class="bl">${esc(p.label)}</text>`);
    parts.push('</g>');
  }
  laneLabel('phases', y, nPhaseRows);
  y += nPhaseRows * ROW;

  // Faults
  const faultRows = pack(tl.faults);
  const nFaultRows = Math.max(1, ...faultRows.map((f) => f.row + 1));
  for (const { item: f, row } of faultRows) {
    const x0 = x(f.start);
    const w = Math.max(2, x(f.end) - x0);
    const tip = `fault ${f.label} #${f.ledgerId} ${f.params}: injected at ${num(f.start, 1)} ms, ${f.undone ? `undone at ${num(f.end, 1)} ms` : 'NOT undone'}${f.ok ? '' : ` — ${f.error ?? 'failed'}`}`;
    const top = y + row * ROW + 3;
    parts.push(`<g><title>${esc(tip)}</title><rect x="${r1(x0)}" y="${r1(top)}" width="${r1(w)}" height="${ROW - 6}" rx="3" class="${f.ok ? 'ft' : 'ft bad'}"/>`);
    if (fits(f.label, w)) parts.push(`<text x="${r1(x0 + 4)}" y="${r1(top + 12)}" class="bl dk">${esc(f.label)}</text>`);
    parts.push('</g>');
  }
  laneLabel('faults', y, nFaultRows);
  y += nFaultRows * ROW;

  // Events: ticks, labels staggered over three rows, a label dropped when it would overlap.
  const evRows = 3;
  const evTop = y;
  const rowRight = [Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY];
  const sortedEvents = [...tl.events].sort((a, b) => a.at - b.at);
  for (const e of sortedEvents) {
    const ex = x(e.at);
    const tip = `${e.messageId} at ${num(e.at, 1)} ms (BMC time ${e.bmcTime})${e.severity ? ` [${e.severity}]` : ''}${e.origin ? ` ${e.origin}` : ''}: ${e.message}`;
    const sev = /critical/i.test(e.severity) ? 'ev crit' : /warn/i.test(e.severity) ? 'ev warn' : 'ev';
    let labelRow = -1;
    const wLabel = e.key.length * CHAR;
    for (let i = 0; i < evRows; i++) {
      if ((rowRight[i] as number) + 6 < ex && ex + 3 + wLabel < WIDTH) {
        labelRow = i;
        break;
      }
    }
    parts.push(`<g><title>${esc(tip)}</title><line x1="${r1(ex)}" x2="${r1(ex)}" y1="${r1(evTop + 2)}" y2="${r1(evTop + evRows * ROW - 2)}" class="${sev}"/>`);
    if (labelRow >= 0) {
      rowRight[labelRow] = ex + 3 + wLabel;
      parts.push(`<text x="${r1(ex + 3)}" y="${r1(evTop + labelRow * ROW + 15)}" class="el">${esc(e.key)}</text>`);
    }
    parts.push('</g>');
  }
  laneLabel(`events (${tl.events.length})`, evTop, evRows);
  y += evRows * ROW;

  // Probes
  for (const p of tl.probes) {
    const x0 = x(p.start);
    const w = Math.max(1, x(p.end) - x0);
    const tip = `probe ${p.label} → ${p.target}: ${num(p.start, 1)}–${num(p.end, 1)} ms, resolution ${num(p.resolutionMs, 3)} ms, ${p.gaps.length} gap(s)`;
    parts.push(`<g><title>${esc(tip)}</title><rect x="${r1(x0)}" y="${r1(y + 7)}" width="${r1(w)}" height="${ROW - 14}" class="pr"/></g>`);
    for (const g of p.gaps) {
      const gx = x(g.start);
      const gw = Math.max(3, x(g.end) - gx);
      parts.push(`<g><title>${esc(`probe gap ${num(g.durationMs, 3)} ms (${num(g.start, 1)}–${num(g.end, 1)} ms)`)}</title><rect x="${r1(gx)}" y="${r1(y + 2)}" width="${r1(gw)}" height="${ROW - 4}" class="gap"/></g>`);
      const label = `${num(g.durationMs, 1)} ms`;
      if (gx + gw + 4 + label.length * CHAR < WIDTH) parts.push(`<text x="${r1(gx + gw + 3)}" y="${r1(y + 15)}" class="gl">${esc(label)}</text>`);
    }
    laneLabel(`probe ${p.label}`, y, 1);
    y += ROW;
  }
  if (tl.probes.length === 0) {
    parts.push(`<text x="${LEFT + 6}" y="${r1(y + 15)}" class="none">no workload probe</text>`);
    laneLabel('probe', y, 1);
    y += ROW;
  }

  // Module / power states
  for (const lane of tl.states) {
    for (const s of lane.segments) {
      const x0 = x(s.start);
      const w = Math.max(1, x(s.end) - x0);
      const color = STATE_COLOR[s.state] ?? '#8c959f';
      parts.push(`<g><title>${esc(`${lane.label}: ${s.state} (${num(s.start, 1)}–${num(s.end, 1)} ms)`)}</title><rect x="${r1(x0)}" y="${r1(y + 3)}" width="${r1(w)}" height="${ROW - 6}" fill="${color}"/>`);
      if (fits(s.state, w)) parts.push(`<text x="${r1(x0 + 4)}" y="${r1(y + 15)}" class="bl${['Absent', 'Unknown', 'Disabled'].includes(s.state) ? ' dk' : ''}">${esc(s.state)}</text>`);
      parts.push('</g>');
    }
    laneLabel(lane.label, y, 1);
    y += ROW;
  }

  const height = y + 6;
  // Fault windows shaded across every lane, drawn first so bars sit on top.
  const bands = tl.faults.map((f) => {
    const x0 = x(f.start);
    return `<rect x="${r1(x0)}" y="${AXIS}" width="${r1(Math.max(2, x(f.end) - x0))}" height="${r1(y - AXIS)}" class="band"/>`;
  });
  // Axis
  const step = tickStep(span);
  const axis: string[] = [];
  for (let i = 0; i * step <= span + 1e-9; i++) {
    const v = i * step;
    const tx = x(v);
    axis.push(`<line x1="${r1(tx)}" x2="${r1(tx)}" y1="${AXIS - 4}" y2="${r1(y)}" class="grid"/>`);
    axis.push(`<text x="${r1(tx)}" y="${AXIS - 8}" class="tk" text-anchor="${v === 0 ? 'start' : v + step > span + 1e-9 && tx > WIDTH - RIGHT - 30 ? 'end' : 'middle'}">${esc(tickLabel(v, step))}</text>`);
  }
  return [
    `<svg class="timeline" viewBox="0 0 ${WIDTH} ${r1(height)}" width="${WIDTH}" height="${r1(height)}" role="img" aria-label="${esc(title)}" xmlns="http://www.w3.org/2000/svg">`,
    `<title>${esc(title)}</title>`,
    '<defs><pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#ffd8b5"/><line x1="0" y1="0" x2="0" y2="6" stroke="#fb8f44" stroke-width="2.5"/></pattern></defs>',
    `<rect x="${LEFT}" y="${AXIS}" width="${PLOT}" height="${r1(y - AXIS)}" class="plot"/>`,
    ...bands,
    ...axis,
    ...parts,
    ...labels,
    '</svg>',
  ].join('\n');
}

/** CSS for the SVG classes above (lives in the page stylesheet). */
export const TIMELINE_CSS = `
.timeline .plot { fill:#fbfcfd; stroke:#d1d9e0; }
.timeline .grid { stroke:#eaeef2; }
.timeline .sep { stroke:#d1d9e0; stroke-dasharray:2 3; }
.timeline .tk { font-size:11px; fill:#59636e; }
.timeline .ll { font-size:12px; fill:#1f2328; font-weight:600; }
.timeline .bl { font-size:11px; fill:#fff; pointer-events:none; }
.timeline .bl.dk { fill:#1f2328; }
.timeline .ph { fill:#0969da; }
.timeline .ph.open { fill:#0969da; fill-opacity:.45; stroke:#0969da; stroke-dasharray:3 2; }
.timeline .ph.bad, .timeline .ft.bad { fill:#cf222e; }
.timeline .ft { fill:url(#hatch); stroke:#bc4c00; }
.timeline .band { fill:#fb8f44; fill-opacity:.10; }
.timeline .ev { stroke:#57606a; stroke-width:1.5; }
.timeline .ev.warn { stroke:#bf8700; stroke-width:2; }
.timeline .ev.crit { stroke:#cf222e; stroke-width:2; }
.timeline .el { font-size:11px; fill:#1f2328; }
.timeline .pr { fill:#aceebb; }
.timeline .gap { fill:#cf222e; }
.timeline .gl { font-size:11px; fill:#cf222e; font-weight:600; }
.timeline .none { font-size:11px; fill:#8c959f; font-style:italic; }
`;
