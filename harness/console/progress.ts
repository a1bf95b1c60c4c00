/**
 * Progress of a run, fed by history records as they are written. On a TTY: one live line
 * (scenario, device, phase, elapsed) redrawn in place; otherwise plain lines, one per
 * scenario begin/end and phase.
 */
import type { HistoryRecord } from '../../lib/history/records.ts';

export interface ProgressStream {
  write(s: string): boolean;
  isTTY?: boolean;
  columns?: number;
}

export class ProgressView {
  private current: { label: string; phase: string; startedT: number } | null = null;
  private timer: NodeJS.Timeout | null = null;
  private done = 0;

  constructor(
    private readonly out: ProgressStream,
    private readonly total: number,
    /** Run time now, ms on the history's `t` scale. */
    private readonly now: () => number,
    private readonly live = out.isTTY === true,
  ) {
    if (this.live) {
      this.timer = setInterval(() => this.redraw(), 250);
      this.timer.unref();
    }
  }

  onRecord(r: HistoryRecord): void {
    switch (r.type) {
      case 'scenario-begin': {
        const label = `${r.scenario.id}${r.scenario.binding ? ` @${r.scenario.binding}` : ''}${r.scenario.iteration ? ` #${r.scenario.iteration}` : ''}`;
        this.current = { label, phase: 'starting', startedT: r.t };
        if (!this.live) this.line(`[${this.done + 1}/${this.total}] ${label}: begin`);
        break;
      }
      case 'phase-begin':
        if (this.current) this.current.phase = r.phase;
        if (!this.live && this.current) this.line(`  ${this.current.label}: ${r.phase}`);
        break;
      case 'scenario-end': {
        this.done++;
        const label = this.current?.label ?? r.scenario.id;
        this.current = null;
        const text = `[${this.done}/${this.total}] ${label}: ${r.outcome}${r.marginal ? ' (marginal)' : ''} in ${(r.durationMs / 1000).toFixed(1)} s${r.reason ? ` - ${r.reason}` : ''}`;
        if (this.live) this.clear();
        this.line(text);
        break;
      }
      default:
        break;
    }
    if (this.live) this.redraw();
  }

  private line(s: string): void {
    this.out.write(`${s}\n`);
  }

  private clear(): void {
    this.out.write('\r\x1b[2K');
  }

  private redraw(): void {
    if (!this.current) return;
    const elapsed = ((this.now() - this.current.startedT) / 1000).toFixed(1);
    const width = Math.max(20, (this.out.columns || 100) - 1);
    const text = `▶ [${this.done + 1}/${this.total}] ${this.current.label} · ${this.current.phase} · ${elapsed} s`;
    this.out.write(`\r\x1b[2K${text.slice(0, width)}`);
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    if (this.live) this.clear();
  }
}
