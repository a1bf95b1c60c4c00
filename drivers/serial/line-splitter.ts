/**
 * Console bytes → timestamped lines (pure). A line ends at LF, CR, CRLF or LFCR (consoles
 * redraw progress lines with a lone CR; a mixed pair is one line end); UTF-8 is decoded across chunk boundaries; terminal control
 * sequences (CSI `ESC [ … final`, OSC `ESC ] … BEL|ST`, two-byte `ESC x`) and other control
 * characters but TAB are dropped, even when split between chunks; a line longer than `maxLine`
 * characters is cut there and continues on the next line. Each line carries the arrival time of
 * its first byte.
 */
import type { ConsoleLine } from '../capabilities/console-capture.ts';

export const DEFAULT_MAX_LINE = 4096;

type EscState = 'text' | 'esc' | 'csi' | 'osc' | 'osc-esc';

export interface Stamp {
  at: number;
  wall: number;
}

export class LineSplitter {
  private readonly decoder = new TextDecoder('utf-8');
  private text = '';
  private startedAt: Stamp | null = null;
  private esc: EscState = 'text';
  /** The line end just seen (CR or LF), while nothing followed it: the other one completes the pair. */
  private lastEnd: string | null = null;

  constructor(private readonly maxLine = DEFAULT_MAX_LINE) {}

  /** Feed one chunk received at `now`; returns the lines it completed. */
  feed(chunk: Uint8Array, now: Stamp): ConsoleLine[] {
    const out: ConsoleLine[] = [];
    for (const ch of this.decoder.decode(chunk, { stream: true })) this.onChar(ch, now, out);
    return out;
  }

  /** The line still being received, if any. */
  partial(): ConsoleLine | null {
    return this.startedAt && this.text ? { ...this.startedAt, text: this.text } : null;
  }

  /** End of input: the partial line, completed. */
  flush(): ConsoleLine[] {
    const last = this.partial();
    this.text = '';
    this.startedAt = null;
    return last ? [last] : [];
  }

  private onChar(ch: string, now: Stamp, out: ConsoleLine[]): void {
    if (this.esc !== 'text') {
      this.esc = nextEscState(this.esc, ch);
      return;
    }
    if (ch === '\n' || ch === '\r') {
      const pair = this.lastEnd !== null && this.lastEnd !== ch;
      this.lastEnd = pair ? null : ch;
      if (!pair) this.end(now, out);
      return;
    }
    this.lastEnd = null;
    if (ch === '\x1b') {
      this.esc = 'esc';
      return;
    }
    if ((ch < ' ' && ch !== '\t') || ch === '\x7f') return;
    this.startedAt ??= now;
    this.text += ch;
    if (this.text.length >= this.maxLine) this.end(now, out);
  }

  private end(now: Stamp, out: ConsoleLine[]): void {
    out.push({ ...(this.startedAt ?? now), text: this.text });
    this.text = '';
    this.startedAt = null;
  }
}

/** Where an escape sequence goes on `ch` ('text' once it is over). */
function nextEscState(state: EscState, ch: string): EscState {
  switch (state) {
    case 'esc':
      return ch === '[' ? 'csi' : ch === ']' ? 'osc' : 'text';
    case 'csi':
      // Parameter and intermediate bytes are 0x20–0x3F; a final byte 0x40–0x7E ends it.
      return ch >= '@' && ch <= '~' ? 'text' : 'csi';
    case 'osc':
      return ch === '\x07' ? 'text' : ch === '\x1b' ? 'osc-esc' : 'osc';
    case 'osc-esc':
      return ch === '\\' ? 'text' : 'osc';
    default:
      return 'text';
  }
}
