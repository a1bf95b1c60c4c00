/**
 * Progress of a run, fed by history records as they are written. On a TTY: one live line
 * (scenario, binding, phase, elapsed; with --workers, the latest and how many more run) redrawn
 * in place; otherwise plain lines, one per scenario begin/end and phase.
 */
import type { HistoryRecord, ScenarioRef } from '../../lib/history/records.ts';

function keyOf(ref: ScenarioRef): string {
  return `${ref.id}@${ref.binding ?? ''}#${ref.iteration}`;
}

export interface ProgressStream {
  write(s: string): boolean;
  isTTY?: boolean;
  columns?: number;
}

export class ProgressView {
  /** Testcases running now, by scenario reference; the last one begun is shown. */
  private readonly running = new Map<string, { label: string; phase: string; startedT: number }>();
  private timer: NodeJS.Timeout | null = null;
  private done = 0;

  constructor(
    private readonly out: ProgressStream,
    private total: number,
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
        this.running.set(keyOf(r.scenario), { label, phase: 'starting', startedT: r.t });
        if (!this.live) this.line(`[${this.done + 1}/${this.total}] ${label}: begin`);
        break;
      }
      case 'phase-begin': {
        const current = this.running.get(keyOf(r.scenario));
        if (current) current.phase = r.phase;
        if (!this.live && current) this.line(`  ${current.label}: ${r.phase}`);
        break;
      }
      case 'scenario-end': {
        this.done++;
        const label = this.running.get(keyOf(r.scenario))?.label ?? r.scenario.id;
        this.running.delete(keyOf(r.scenario));
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

  /** The number of planned testcases, once the lab's devices are bound. */
  setTotal(total: number): void {
    this.total = total;
  }

  private redraw(): void {
    const current = [...this.running.values()].at(-1);
    if (!current) return;
    const elapsed = ((this.now() - current.startedT) / 1000).toFixed(1);
    const width = Math.max(20, (this.out.columns || 100) - 1);
    const more = this.running.size > 1 ? ` (+${this.running.size - 1} running)` : '';
    const text = `▶ [${this.done + 1}/${this.total}] ${current.label} · ${current.phase} · ${elapsed} s${more}`;
    this.out.write(`\r\x1b[2K${text.slice(0, width)}`);
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    if (this.live) this.clear();
  }
}
