/**
 * The ft server's serial console as one stream, whatever carries it (the TCP console port, SOL on
 * the IPMI port, a pseudo-terminal): every attached reader sees what the OS prints from the moment
 * it attaches (no replay), lines end in CRLF, each stamped with the kernel's uptime. Printed at the
 * instant the model changes (a server-state listener), so console lines and the ground truth share
 * their times. Input is per reader: pressing Enter gets the login prompt again (to that reader);
 * a serial BREAK followed by `h` prints the magic SysRq help line to every reader, as Linux does.
 */
import { LOGIN_PROMPT, SYSRQ_HELP, consoleLines, uptimeStamp } from './console-text.ts';
import type { FtModel } from './model.ts';

export interface ConsoleReader {
  /** Type on the console; the echo (if any) goes to this reader. */
  input(bytes: Buffer): void;
  sendBreak(): void;
  detach(): void;
}

export class ConsoleFeed {
  private readonly readers = new Set<(text: string) => void>();
  private bootAt: number;
  /** The login prompt was the last thing printed: the next message starts on a line of its own. */
  private atPrompt = false;
  /** A BREAK was received: the next character is a SysRq command. */
  private sysrq = false;
  private readonly unsubscribe: () => void;

  constructor(private readonly model: FtModel) {
    this.bootAt = model.now();
    this.unsubscribe = model.onServerState((e) => {
      if (e.type === 'SystemPowerChanged' && e.state === 'On') this.bootAt = e.at;
      const lines = consoleLines(e);
      if (lines.length === 0) return;
      this.print(lines, e.at, e.type === 'SystemPowerChanged' && e.state === 'On');
    });
  }

  /** Start receiving the console output (as text, CRLF line ends). */
  attach(output: (text: string) => void): ConsoleReader {
    this.readers.add(output);
    return {
      input: (bytes) => this.input(bytes, output),
      sendBreak: () => void (this.sysrq = true),
      detach: () => void this.readers.delete(output),
    };
  }

  close(): void {
    this.unsubscribe();
    this.readers.clear();
  }

  private print(lines: readonly string[], at: number, thenPrompt: boolean): void {
    const stamp = uptimeStamp(at - this.bootAt);
    const text = `${this.atPrompt ? '\r\n' : ''}${lines.map((l) => `${stamp} ${l}\r\n`).join('')}${thenPrompt ? LOGIN_PROMPT : ''}`;
    this.atPrompt = thenPrompt;
    for (const r of this.readers) r(text);
  }

  private input(bytes: Buffer, output: (text: string) => void): void {
    if (this.sysrq && bytes.length > 0) {
      this.sysrq = false;
      if (bytes[0] === 0x68) return this.print([SYSRQ_HELP], this.model.now(), false);
    }
    if (!bytes.includes(13) && !bytes.includes(10)) return;
    output(`\r\n${LOGIN_PROMPT}`);
    this.atPrompt = true;
  }
}
