/**
 * Telnet (RFC 854) as a console server speaks it (pure): separates the data bytes from the
 * commands, and answers option negotiation — the server may echo and suppress go-ahead (RFC 857,
 * 858: what a console server offers); every other option is refused (DONT / WONT), so the byte
 * stream stays raw. `IAC IAC` is a data byte 0xFF; subnegotiations are skipped whole. The state
 * carries across chunks.
 */

export const IAC = 255;
const DONT = 254;
const DO = 253;
const WONT = 252;
const WILL = 251;
const SB = 250;
const SE = 240;
export const OPT_ECHO = 1;
export const OPT_SGA = 3;

type State = 'data' | 'iac' | 'option' | 'sb' | 'sb-iac';

export class TelnetDecoder {
  private state: State = 'data';
  private verb = 0;

  /** The data bytes of `chunk` and the replies owed to the server's negotiation. */
  decode(chunk: Uint8Array): { data: Uint8Array; replies: Uint8Array } {
    const data: number[] = [];
    const replies: number[] = [];
    for (const b of chunk) this.onByte(b, data, replies);
    return { data: Uint8Array.from(data), replies: Uint8Array.from(replies) };
  }

  private onByte(b: number, data: number[], replies: number[]): void {
    switch (this.state) {
      case 'data':
        if (b === IAC) this.state = 'iac';
        else data.push(b);
        return;
      case 'iac':
        this.onCommand(b, data);
        return;
      case 'option':
        replies.push(...answer(this.verb, b));
        this.state = 'data';
        return;
      case 'sb':
        if (b === IAC) this.state = 'sb-iac';
        return;
      case 'sb-iac':
        this.state = b === SE ? 'data' : 'sb';
    }
  }

  private onCommand(b: number, data: number[]): void {
    if (b === IAC) {
      data.push(IAC);
      this.state = 'data';
    } else if (b === DO || b === DONT || b === WILL || b === WONT) {
      this.verb = b;
      this.state = 'option';
    } else this.state = b === SB ? 'sb' : 'data';
  }
}

/** The reply to `verb option`: accept the server's echo and go-ahead suppression, refuse the rest. */
function answer(verb: number, option: number): number[] {
  if (verb === WILL) return [IAC, option === OPT_ECHO || option === OPT_SGA ? DO : DONT, option];
  if (verb === DO) return [IAC, WONT, option];
  // DONT / WONT: acknowledged by silence (we never asked for anything).
  return [];
}

/** Data to send on a telnet connection: 0xFF doubled. */
export function telnetEscape(data: Uint8Array): Uint8Array {
  const out: number[] = [];
  for (const b of data) out.push(...(b === IAC ? [IAC, IAC] : [b]));
  return Uint8Array.from(out);
}
