/**
 * Server-Sent Events as a pure incremental codec (WHATWG HTML "event stream interpretation"):
 * feed chunks of any size and get back the complete items they finish. No sockets, no timers.
 *
 * - lines end with CRLF, LF or CR (a CR at the end of a chunk waits for a possible LF);
 * - a leading UTF-8 BOM is dropped; UTF-8 split across chunks is decoded correctly;
 * - `data:` lines are joined with LF; a blank line dispatches; no data → nothing dispatched;
 * - `id:` persists across events (the last event id), ignored when it contains NUL;
 * - `retry:` with only ASCII digits sets the reconnection time; `:` lines are comments.
 */
export type SseItem =
  | { type: 'event'; event: string; data: string; id: string }
  | { type: 'retry'; ms: number }
  | { type: 'comment'; text: string };

export class SseParser {
  private readonly decoder = new TextDecoder('utf-8');
  private buffer = '';
  private started = false;
  private pendingCR = false;
  private data: string[] = [];
  private eventType = '';
  private lastId: string;

  constructor(lastEventId = '') {
    this.lastId = lastEventId;
  }

  /** The id the next reconnect should send as Last-Event-ID. */
  get lastEventId(): string {
    return this.lastId;
  }

  push(chunk: Uint8Array | string): SseItem[] {
    const text = typeof chunk === 'string' ? chunk : this.decoder.decode(chunk, { stream: true });
    return this.consume(text, false);
  }

  /** The stream ended: an unterminated last line is processed, an undispatched event is dropped (per spec). */
  end(): SseItem[] {
    const rest = this.decoder.decode();
    const items = this.consume(rest, true);
    this.data = [];
    this.eventType = '';
    return items;
  }

  private consume(text: string, final: boolean): SseItem[] {
    let input = text;
    if (!this.started && input.length > 0) {
      this.started = true;
      if (input.charCodeAt(0) === 0xfeff) input = input.slice(1);
    }
    if (this.pendingCR && input.length > 0) {
      this.pendingCR = false;
      if (input.startsWith('\n')) input = input.slice(1);
    }
    this.buffer += input;
    const items: SseItem[] = [];
    let start = 0;
    for (let i = 0; i < this.buffer.length; i++) {
      const c = this.buffer.charCodeAt(i);
      if (c !== 10 && c !== 13) continue;
      const line = this.buffer.slice(start, i);
      if (c === 13) {
        if (i + 1 < this.buffer.length) {
          if (this.buffer.charCodeAt(i + 1) === 10) i += 1;
        } else {
          this.pendingCR = true;
        }
      }
      start = i + 1;
      this.line(line, items);
    }
    this.buffer = this.buffer.slice(start);
    if (final && this.buffer.length > 0) {
      const last = this.buffer;
      this.buffer = '';
      this.line(last, items);
    }
    return items;
  }

  private line(line: string, out: SseItem[]): void {
    if (line === '') {
      this.dispatch(out);
      return;
    }
    if (line.startsWith(':')) {
      out.push({ type: 'comment', text: line.slice(1).replace(/^ /, '') });
      return;
    }
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    switch (field) {
      case 'event':
        this.eventType = value;
        break;
      case 'data':
        this.data.push(value);
        break;
      case 'id':
        if (!value.includes('\u0000')) this.lastId = value;
        break;
      case 'retry':
        if (/^\d+$/.test(value)) out.push({ type: 'retry', ms: Number(value) });
        break;
      default:
        break;
    }
  }

  private dispatch(out: SseItem[]): void {
    if (this.data.length === 0) {
      this.eventType = '';
      return;
    }
    out.push({ type: 'event', event: this.eventType || 'message', data: this.data.join('\n'), id: this.lastId });
    this.data = [];
    this.eventType = '';
  }
}
