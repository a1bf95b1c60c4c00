/**
 * A scenario timeline as inline SVG: x = ms since scenario start (harness clock); lanes for
 * phases, fault windows (also shaded across the whole plot), BMC events (ticks; events at the
 * same instant share one tick, full text in <title>), probe spans with their gaps (outages as red
 * bars, jitter as a faint strip, harness stalls in grey) and the state lanes report panels
 * contribute (ft: power and module states, brownout passes as ticks), coloured by their lane style,
 * then one console lane per device (svg-console.ts). Every id is prefixed so several timelines can
 * share a page. Deterministic output.
 */
import { FT_STATE_CHANGING, isFtMessage } from '../../lib/domains/ft/messages.ts';
import { duration, num } from '../format.ts';
import type { ClassifiedGap, Span, Timeline, TimelineEvent, TimelineLane, TimelineProbe } from '../timeline.ts';
import { esc } from './escape.ts';
import { CONSOLE_LANE_CSS, consoleLineTier, renderConsoleLane } from './svg-console.ts';

/** Fill of a state no lane style names. */
const GREY = '#8c959f';
const WIDTH = 1240;
const LEFT = 150;
const RIGHT = 16;
const PLOT = WIDTH - LEFT - RIGHT;
const ROW = 22;
const AXIS = 28;
const CHAR = 6.3;
const SMALL_CHAR = 5.6;
/** Probe lane: bar row plus a row for the labels of measured gaps. */
const PROBE_H = ROW + 16;

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

/** The text cut with an ellipsis so it takes at most `px` pixels. */
export function clip(text: string, px: number, charPx = CHAR): string {
  const max = Math.floor(px / charPx);
  if (text.length <= max) return text;
  return `${text.slice(0, Math.max(1, max - 1))}…`;
}

/** Occupied horizontal intervals of a label row; finds a free place right or left of an anchor. */
class LabelRow {
  private readonly taken: Array<[number, number]> = [];

  constructor(
    private readonly min: number,
    private readonly max: number,
  ) {}

  fits(x: number, w: number): boolean {
    return (x + 3 + w <= this.max && this.free([x + 3, x + 3 + w])) || (x - 3 - w >= this.min && this.free([x - 3 - w, x - 3]));
  }

  /** Left x and anchor of a free place for a label of width w next to x (taken), or null. */
  place(x: number, w: number): { x: number; anchor: 'start' | 'end' } | null {
    const right: [number, number] = [x + 3, x + 3 + w];
    if (right[1] <= this.max && this.free(right)) {
      this.taken.push(right);
      return { x: x + 3, anchor: 'start' };
    }
    const left: [number, number] = [x - 3 - w, x - 3];
    if (left[0] >= this.min && this.free(left)) {
      this.taken.push(left);
      return { x: x - 3, anchor: 'end' };
    }
    return null;
  }

  private free([a, b]: [number, number]): boolean {
    return this.taken.every(([c, d]) => b + 4 <= c || a >= d + 4);
  }
}

export interface TimelineSvgOptions {
  /** Prefix of every id in the SVG; unique per timeline in a page (e.g. "tl3"). */
  idPrefix: string;
}

interface EventGroup {
  at: number;
  x: number;
  events: TimelineEvent[];
}

function severityClass(events: readonly TimelineEvent[]): string {
  if (events.some((e) => /critical/i.test(e.severity))) return 'ev crit';
  if (events.some((e) => /warn/i.test(e.severity))) return 'ev warn';
  return 'ev';
}

/** The event a group is named after: an FtLab message first, then the most severe, then the first. */
function headline(events: readonly TimelineEvent[]): TimelineEvent | undefined {
  return (
    events.find(isFtMessage) ??
    events.find((e) => /critical/i.test(e.severity)) ??
    events.find((e) => /warn/i.test(e.severity)) ??
    events[0]
  );
}

/** Label priority: 0 state-changing FtLab messages, 1 other FtLab or warnings/critical, 2 the rest. */
function labelTier(e: TimelineEvent): number {
  const ft = isFtMessage(e);
  if (ft && FT_STATE_CHANGING.has(e.key)) return 0;
  return ft || /critical|warn/i.test(e.severity) ? 1 : 2;
}

/**
 * Label candidates for a tick, longest first: the FtLab messages it holds ("ModuleInserted →
 * ResyncStarted +2"), then the headline alone ("ModuleInserted +3").
 */
function groupLabelTexts(events: readonly TimelineEvent[]): string[] {
  const more = (named: number): string => (events.length > named ? ` +${events.length - named}` : '');
  const ft = events.filter(isFtMessage);
  const first = ft[0];
  const last = ft[ft.length - 1];
  const out: string[] = [];
  if (first && last && first !== last) out.push(`${first.key} → ${last.key}${more(2)}`);
  out.push(`${headline(events)?.key ?? ''}${more(1)}`);
  return out;
}

function eventTip(e: TimelineEvent): string {
  const args = e.args.length ? `(${e.args.join(', ')})` : '';
  return `${e.messageId}${args} at ${num(e.at, 1)} ms (BMC time ${e.bmcTime})${e.severity ? ` [${e.severity}]` : ''}${e.origin ? ` ${e.origin}` : ''}: ${e.message}`;
}

/** ms (harness) as text, with the SUT equivalent when the lab runs scaled. */
function harnessMs(ms: number, scale: number, digits = 3): string {
  return scale === 1 ? `${num(ms, digits)} ms` : `${num(ms, digits)} ms harness ≈ ${num(ms * scale, digits)} ms SUT`;
}

function gapTip(p: TimelineProbe, g: ClassifiedGap, scale: number): string {
  const what = g.kind === 'outage' ? 'outage' : g.kind === 'stall' ? 'harness stall (nothing sent during the gap: not the server)' : `jitter (estimated outage ≤ ${num(p.thresholdMs, 3)} ms threshold)`;
  const parts = [
    `probe ${p.label} gap at ${num(g.start, 1)}–${num(g.end, 1)} ms: ${what}`,
    g.outageMs === null ? 'estimated outage not recorded (the reply gap stands for it)' : `estimated outage ${harnessMs(g.outageMs, scale)}`,
    `reply gap ${harnessMs(g.durationMs, scale)}`,
  ];
  if (g.sentDuring !== null) parts.push(`${g.sentDuring} probe(s) sent during the gap`);
  if (g.measuredAs.length) parts.push(`measured as ${g.measuredAs.join(', ')}`);
  return parts.join('; ');
}

export function renderTimelineSvg(tl: Timeline, title: string, opts: TimelineSvgOptions): string {
  const id = (name: string): string => `${opts.idPrefix}-${name}`;
  const scale = tl.timeScale;
  const span = Math.max(tl.endMs, 1);
  const x = (ms: number): number => LEFT + (Math.min(Math.max(ms, 0), span) / span) * PLOT;
  const parts: string[] = [];
  const labels: string[] = [];
  let y = AXIS;

  const separator = (bottom: number): void => {
    parts.push(`<line x1="${LEFT}" x2="${WIDTH - RIGHT}" y1="${r1(bottom)}" y2="${r1(bottom)}" class="sep"/>`);
  };
  const laneLabel = (text: string, top: number, height: number, tip?: string): void => {
    const shown = clip(text, LEFT - 14);
    const full = tip ?? (shown === text ? null : text);
    labels.push(`${full ? `<g><title>${esc(full)}</title>` : ''}<text x="8" y="${r1(top + height / 2 + 4)}" class="ll">${esc(shown)}</text>${full ? '</g>' : ''}`);
    separator(top + height);
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
  laneLabel('phases', y, nPhaseRows * ROW);
  y += nPhaseRows * ROW;

  // Faults
  const faultRows = pack(tl.faults);
  const nFaultRows = Math.max(1, ...faultRows.map((f) => f.row + 1));
  for (const { item: f, row } of faultRows) {
    const x0 = x(f.start);
    const w = Math.max(2, x(f.end) - x0);
    const tip = `fault ${f.label} #${f.ledgerId} ${f.params}: injected at ${num(f.start, 1)} ms, ${f.undone ? `undone at ${num(f.end, 1)} ms` : 'NOT undone'}${f.ok ? '' : ` — ${f.error ?? 'failed'}`}`;
    const top = y + row * ROW + 3;
    const fill = f.ok ? ` fill="url(#${id('hatch')})"` : '';
    parts.push(`<g><title>${esc(tip)}</title><rect x="${r1(x0)}" y="${r1(top)}" width="${r1(w)}" height="${ROW - 6}" rx="3" class="${f.ok ? 'ft' : 'ft bad'}"${fill}/>`);
    if (fits(f.label, w)) parts.push(`<text x="${r1(x0 + 4)}" y="${r1(top + 12)}" class="bl dk">${esc(f.label)}</text>`);
    parts.push('</g>');
  }
  laneLabel('faults', y, nFaultRows * ROW);
  y += nFaultRows * ROW;

  // Events: one tick per instant (events within 3 px share it), labels on three rows, important
  // ones (FtLab messages, warnings, critical) placed first; a label that finds no room is dropped
  // (its text stays in the tick's title).
  const evRows = 3;
  const evTop = y;
  const groups: EventGroup[] = [];
  for (const e of [...tl.events].sort((a, b) => a.at - b.at)) {
    const ex = x(e.at);
    const last = groups[groups.length - 1];
    if (last && ex - last.x <= 3) last.events.push(e);
    else groups.push({ at: e.at, x: ex, events: [e] });
  }
  const rows = Array.from({ length: evRows }, () => new LabelRow(LEFT, WIDTH - RIGHT));
  const groupLabels = new Map<EventGroup, string>();
  const byTier = [0, 1, 2].flatMap((tier) => groups.filter((g) => Math.min(...g.events.map(labelTier)) === tier));
  for (const g of byTier) {
    for (const text of groupLabelTexts(g.events)) {
      const w = text.length * CHAR;
      const row = rows.findIndex((r) => r.fits(g.x, w));
      const free = rows[row];
      if (free === undefined) continue;
      const spot = free.place(g.x, w);
      if (spot) groupLabels.set(g, `<text x="${r1(spot.x)}" y="${r1(evTop + row * ROW + 15)}" class="el"${spot.anchor === 'end' ? ' text-anchor="end"' : ''}>${esc(text)}</text>`);
      break;
    }
  }
  for (const g of groups) {
    const tip = g.events.map(eventTip).join('\n');
    parts.push(`<g><title>${esc(tip)}</title><line x1="${r1(g.x)}" x2="${r1(g.x)}" y1="${r1(evTop + 2)}" y2="${r1(evTop + evRows * ROW - 2)}" class="${severityClass(g.events)}"/>${groupLabels.get(g) ?? ''}</g>`);
  }
  laneLabel(`events (${tl.events.length})`, evTop, evRows * ROW);
  y += evRows * ROW;

  // Probes: running span, jitter as a faint strip, harness stalls in grey, outages as red bars;
  // gaps a measurement was taken from (else the largest outage) are labelled below the bar.
  for (const p of tl.probes) {
    const x0 = x(p.start);
    const w = Math.max(1, x(p.end) - x0);
    const outages = p.gaps.filter((g) => g.kind === 'outage');
    const small = p.gaps.length - outages.length;
    const tip = `probe ${p.label} → ${p.target}: ${num(p.start, 1)}–${num(p.end, 1)} ms, sent ${p.sent}, received ${p.received}, interval ${num(p.intervalMs, 3)} ms, resolution ${num(p.resolutionMs, 3)} ms, median RTT ${num(p.rttMs, 3)} ms; ${outages.length} outage(s) above ${num(p.thresholdMs, 3)} ms, ${small} smaller gap(s)`;
    parts.push(`<g><title>${esc(tip)}</title><rect x="${r1(x0)}" y="${r1(y + 7)}" width="${r1(w)}" height="${ROW - 14}" class="pr"/></g>`);
    for (const g of p.gaps.filter((g) => g.kind !== 'outage')) {
      const gx = x(g.start);
      const gw = Math.max(1, x(g.end) - gx);
      parts.push(`<g><title>${esc(gapTip(p, g, scale))}</title><rect x="${r1(gx)}" y="${r1(y + ROW - 7)}" width="${r1(gw)}" height="4" class="${g.kind === 'stall' ? 'stall' : 'jit'}"/></g>`);
    }
    for (const g of outages) {
      const gx = x(g.start);
      const gw = Math.max(2, x(g.end) - gx);
      parts.push(`<g><title>${esc(gapTip(p, g, scale))}</title><rect x="${r1(gx)}" y="${r1(y + 2)}" width="${r1(gw)}" height="${ROW - 4}" class="gap"/></g>`);
    }
    const largest = outages.reduce<ClassifiedGap | null>((a, g) => (a === null || (g.outageMs ?? g.durationMs) > (a.outageMs ?? a.durationMs) ? g : a), null);
    const labelled = outages.filter((g) => g.measuredAs.length > 0 || g === largest);
    labelled.sort((a, b) => b.measuredAs.length - a.measuredAs.length);
    const gapRow = new LabelRow(LEFT, WIDTH - RIGHT);
    for (const g of labelled) {
      const value = g.outageMs ?? g.durationMs;
      const sut = scale === 1 ? `${num(value, 1)} ms` : `${num(value * scale, 1)} ms SUT`;
      const text = g.measuredAs.length ? `${g.measuredAs.join(', ')} ${sut}` : `largest ${sut}`;
      const gx = x(g.start);
      const mid = gx + Math.max(2, x(g.end) - gx) / 2;
      const spot = gapRow.place(mid, text.length * SMALL_CHAR);
      if (spot) labels.push(`<text x="${r1(spot.x)}" y="${r1(y + ROW + 10)}" class="gl"${spot.anchor === 'end' ? ' text-anchor="end"' : ''}>${esc(text)}</text>`);
    }
    labels.push(`<g><title>${esc(`probe ${p.label} → ${p.target}`)}</title><text x="8" y="${r1(y + 14)}" class="ll">probe</text><text x="8" y="${r1(y + 28)}" class="ls">${esc(clip(p.label, LEFT - 14, SMALL_CHAR))}</text></g>`);
    separator(y + PROBE_H);
    y += PROBE_H;
  }
  if (tl.probes.length === 0) {
    parts.push(`<text x="${LEFT + 6}" y="${r1(y + 15)}" class="none">no workload probe</text>`);
    laneLabel('probe', y, ROW);
    y += ROW;
  }

  // State lanes contributed by panels (ft: power and module states)
  for (const lane of tl.lanes) {
    for (const s of lane.segments) {
      const x0 = x(s.start);
      const w = Math.max(1, x(s.end) - x0);
      const color = lane.style?.colors[s.state] ?? GREY;
      const from = s.source === 'sample' ? 'from a sample' : `from event ${s.cause}`;
      parts.push(`<g><title>${esc(`${lane.label}: ${s.state} (${num(s.start, 1)}–${num(s.end, 1)} ms, ${from})`)}</title><rect x="${r1(x0)}" y="${r1(y + 3)}" width="${r1(w)}" height="${ROW - 6}" fill="${color}"/>`);
      if (fits(s.state, w)) parts.push(`<text x="${r1(x0 + 4)}" y="${r1(y + 15)}" class="bl${lane.style?.darkText.has(s.state) ? ' dk' : ''}">${esc(s.state)}</text>`);
      parts.push('</g>');
    }
    for (const tk of lane.ticks) {
      const tx = x(tk.at);
      parts.push(`<g><title>${esc(`${lane.label}: ${tk.detail} at ${num(tk.at, 1)} ms`)}</title><line x1="${r1(tx)}" x2="${r1(tx)}" y1="${r1(y + 3)}" y2="${r1(y + ROW - 3)}" class="pass"/></g>`);
    }
    laneLabel(lane.label, y, ROW);
    y += ROW;
  }

  // Console lanes: what each device printed on its console
  for (const lane of tl.consoles) {
    parts.push(renderConsoleLane(lane, { x, top: y, height: ROW, min: LEFT, max: WIDTH - RIGHT, charPx: SMALL_CHAR }));
    laneLabel(`console ${lane.device}`, y, ROW, `console of ${lane.device} (${lane.endpoint}): ${lane.lines.length} line(s)`);
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
    `<svg class="timeline" id="${id('svg')}" viewBox="0 0 ${WIDTH} ${r1(height)}" width="${WIDTH}" height="${r1(height)}" role="img" aria-label="${esc(title)}" xmlns="http://www.w3.org/2000/svg">`,
    `<title>${esc(title)}</title>`,
    `<defs><pattern id="${id('hatch')}" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#ffd8b5"/><line x1="0" y1="0" x2="0" y2="6" stroke="#fb8f44" stroke-width="2.5"/></pattern></defs>`,
    `<rect x="${LEFT}" y="${AXIS}" width="${PLOT}" height="${r1(y - AXIS)}" class="plot"/>`,
    ...bands,
    ...axis,
    ...parts,
    ...labels,
    '</svg>',
  ].join('\n');
}

/** Legend entries of the panels' lanes: states in their styles' order, then the others (grey, sorted). */
function laneLegend(lanes: readonly TimelineLane[]): Array<{ color: string; text: string }> {
  const present = new Set(lanes.flatMap((l) => l.segments.map((s) => s.state)));
  const order = [...new Set(lanes.flatMap((l) => l.style?.legendOrder ?? []))];
  const colorOf = (s: string): string => lanes.map((l) => l.style?.colors[s]).find((c) => c !== undefined) ?? GREY;
  const textOf = (s: string): string => {
    const prefixed = lanes.find((l) => l.style?.legendPrefix?.states.includes(s) && l.segments.some((seg) => seg.state === s));
    const prefix = prefixed?.style?.legendPrefix?.prefix;
    return prefix === undefined ? s : `${prefix} ${s}`;
  };
  const listed = order.filter((s) => present.has(s)).map((s) => ({ color: colorOf(s), text: textOf(s) }));
  const others = [...present].filter((s) => !order.includes(s)).sort().map((s) => ({ color: GREY, text: s }));
  return [...listed, ...others];
}

/** The legend under one timeline: what each mark means, only for what this timeline draws. */
export function renderTimelineLegend(tl: Timeline): string {
  const item = (swatch: string, text: string): string => `<span><i style="${swatch}"></i>${esc(text)}</span>`;
  const items = [item('background:#0969da', 'phase'), item('background:#ffd8b5;border:1px solid #fb8f44', 'fault window (inject → undo)')];
  const severities = new Set(tl.events.map((e) => severityClass([e])));
  items.push(item('background:#57606a', 'event (events at the same instant share a tick; hover for all)'));
  if (severities.has('ev warn')) items.push(item('background:#bf8700', 'warning event'));
  if (severities.has('ev crit')) items.push(item('background:#cf222e', 'critical event'));
  if (tl.probes.length) {
    const scale = tl.timeScale;
    const thresholds = [...new Set(tl.probes.map((p) => (scale === 1 ? `${num(p.thresholdMs, 3)} ms` : `${num(p.thresholdMs, 3)} ms harness = ${num(p.thresholdMs * scale, 3)} ms SUT`)))];
    items.push(item('background:#aceebb', 'probe running'));
    items.push(item('background:#cf222e', `probe outage: reply gap whose estimated outage exceeds the probe resolution (${thresholds.join(' / ')}); labels name the measurement taken from it`));
    if (tl.probes.some((p) => p.gaps.some((g) => g.kind === 'jitter'))) items.push(item('background:#cf222e;opacity:.3;height:5px', 'smaller reply gaps: probe jitter, not outages'));
    if (tl.probes.some((p) => p.gaps.some((g) => g.kind === 'stall'))) items.push(item('background:#8c959f;height:5px', 'harness stall (no probe sent)'));
  }
  for (const { color, text } of laneLegend(tl.lanes)) items.push(item(`background:${color}`, text));
  if (tl.consoles.length) items.push(item('background:#6639ba', 'console line (lines at the same instant share a tick; hover for all)'));
  if (tl.consoles.some((c) => c.lines.some((l) => consoleLineTier(l.text) === 0))) items.push(item('background:#cf222e', 'console: panic or no bootable device'));
  const tickLegends = new Set(tl.lanes.filter((l) => l.ticks.length > 0).map((l) => l.tickLegend ?? 'mark'));
  for (const text of tickLegends) items.push(item('background:#fff;border:1px solid #24292f;width:3px', text));
  return `<div class="legend">${items.join('')}</div>`;
}

/** CSS for the SVG classes above (lives in the page stylesheet). */
export const TIMELINE_CSS = `
.timeline .plot { fill:#fbfcfd; stroke:#d1d9e0; }
.timeline .grid { stroke:#eaeef2; }
.timeline .sep { stroke:#d1d9e0; stroke-dasharray:2 3; }
.timeline .tk { font-size:11px; fill:#59636e; }
.timeline .ll { font-size:12px; fill:#1f2328; font-weight:600; }
.timeline .ls { font-size:10px; fill:#59636e; }
.timeline .bl { font-size:11px; fill:#fff; pointer-events:none; }
.timeline .bl.dk { fill:#1f2328; }
.timeline .ph { fill:#0969da; }
.timeline .ph.open { fill:#0969da; fill-opacity:.45; stroke:#0969da; stroke-dasharray:3 2; }
.timeline .ph.bad, .timeline .ft.bad { fill:#cf222e; }
.timeline .ft { stroke:#bc4c00; }
.timeline .band { fill:#fb8f44; fill-opacity:.10; }
.timeline .ev { stroke:#57606a; stroke-width:1.5; }
.timeline .ev.warn { stroke:#bf8700; stroke-width:2; }
.timeline .ev.crit { stroke:#cf222e; stroke-width:2; }
.timeline .el { font-size:11px; fill:#1f2328; }
.timeline .pr { fill:#aceebb; }
.timeline .gap { fill:#cf222e; }
.timeline .jit { fill:#cf222e; fill-opacity:.28; }
.timeline .stall { fill:#8c959f; }
.timeline .gl { font-size:10px; fill:#cf222e; font-weight:600; }
.timeline .pass { stroke:#fff; stroke-width:1.5; }
.timeline .none { font-size:11px; fill:#8c959f; font-style:italic; }
${CONSOLE_LANE_CSS}`;
