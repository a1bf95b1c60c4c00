/**
 * The console lanes of a scenario timeline (H-03): one per device, a tick per instant the console
 * printed (lines within 3 px share it, every line in its <title>), labelled with the most telling
 * line where there is room — a panic or "no bootable device" first, then errors, failovers and
 * state changes, then the rest. The kernel's uptime stamp is left out of labels, kept in titles.
 */
import { num } from '../format.ts';
import type { ConsoleLane, ConsoleLaneLine } from '../console-lane.ts';
import { esc } from './escape.ts';

/** Lines shown in one tick's title at most (the console log has them all). */
const TIP_LINES = 30;
const LABEL_CHARS = 70;

export interface ConsoleLaneGeometry {
  /** x of a time (ms since the scenario began). */
  x(ms: number): number;
  top: number;
  height: number;
  /** Left and right end of the plot, for labels. */
  min: number;
  max: number;
  charPx: number;
}

interface Tick {
  x: number;
  lines: ConsoleLaneLine[];
}

/** 0: the system stopped or cannot boot; 1: errors, failures, failovers, state changes; 2: the rest. */
export function consoleLineTier(text: string): number {
  if (/Kernel panic|No bootable device|not syncing|Oops:|BUG:/i.test(text)) return 0;
  return /error|fail|down|removed|isolated|kept out|active one|active path|lockstep|resync|boot|login|fenc|dump/i.test(text) ? 1 : 2;
}

function withoutStamp(text: string): string {
  return text.replace(/^\[\s*\d+\.\d+\]\s*/, '');
}

function tip(lane: ConsoleLane, t: Tick): string {
  const shown = t.lines.slice(0, TIP_LINES).map((l) => `${num(l.at, 1)} ms  ${l.text}`);
  const more = t.lines.length > TIP_LINES ? [`… ${t.lines.length - TIP_LINES} more line(s) in consoles/${lane.device}.log`] : [];
  return [`console of ${lane.device} (${lane.endpoint})`, ...shown, ...more].join('\n');
}

function ticksOf(lane: ConsoleLane, x: (ms: number) => number): Tick[] {
  const ticks: Tick[] = [];
  for (const l of [...lane.lines].sort((a, b) => a.at - b.at)) {
    const lx = x(l.at);
    const last = ticks[ticks.length - 1];
    if (last && lx - last.x <= 3) last.lines.push(l);
    else ticks.push({ x: lx, lines: [l] });
  }
  return ticks;
}

/** Place labels greedily, most telling ticks first; a label that finds no room is left out. */
function labels(ticks: readonly Tick[], g: ConsoleLaneGeometry): Map<Tick, string> {
  const taken: Array<[number, number]> = [];
  const free = (a: number, b: number): boolean => a >= g.min && b <= g.max && taken.every(([c, d]) => b + 4 <= c || a >= d + 4);
  const tier = (t: Tick): number => Math.min(...t.lines.map((l) => consoleLineTier(l.text)));
  const headline = (t: Tick): ConsoleLaneLine | undefined => [...t.lines].sort((a, b) => consoleLineTier(a.text) - consoleLineTier(b.text))[0];
  const out = new Map<Tick, string>();
  for (const t of [...ticks].sort((a, b) => tier(a) - tier(b))) {
    const line = headline(t);
    if (!line) continue;
    const full = withoutStamp(line.text);
    const text = full.length > LABEL_CHARS ? `${full.slice(0, LABEL_CHARS - 1)}…` : full;
    const w = text.length * g.charPx;
    const y = (g.top + g.height / 2 + 4).toFixed(1);
    const cls = tier(t) === 0 ? 'cl crit' : 'cl';
    if (free(t.x + 3, t.x + 3 + w)) {
      taken.push([t.x + 3, t.x + 3 + w]);
      out.set(t, `<text x="${(t.x + 3).toFixed(1)}" y="${y}" class="${cls}">${esc(text)}</text>`);
    } else if (free(t.x - 3 - w, t.x - 3)) {
      taken.push([t.x - 3 - w, t.x - 3]);
      out.set(t, `<text x="${(t.x - 3).toFixed(1)}" y="${y}" class="${cls}" text-anchor="end">${esc(text)}</text>`);
    }
  }
  return out;
}

/** The SVG of one device's console lane (its label is drawn by the caller). */
export function renderConsoleLane(lane: ConsoleLane, g: ConsoleLaneGeometry): string {
  const ticks = ticksOf(lane, g.x);
  const placed = labels(ticks, g);
  return ticks
    .map((t) => {
      const cls = t.lines.some((l) => consoleLineTier(l.text) === 0) ? 'con crit' : 'con';
      const line = `<line x1="${t.x.toFixed(1)}" x2="${t.x.toFixed(1)}" y1="${(g.top + 3).toFixed(1)}" y2="${(g.top + g.height - 3).toFixed(1)}" class="${cls}"/>`;
      return `<g><title>${esc(tip(lane, t))}</title>${line}${placed.get(t) ?? ''}</g>`;
    })
    .join('\n');
}

export const CONSOLE_LANE_CSS = `
.timeline .con { stroke:#6639ba; stroke-width:1.5; }
.timeline .con.crit { stroke:#cf222e; stroke-width:2; }
.timeline .cl { font-size:10px; fill:#6639ba; font-family:ui-monospace,monospace; }
.timeline .cl.crit { fill:#cf222e; font-weight:600; }
`;
