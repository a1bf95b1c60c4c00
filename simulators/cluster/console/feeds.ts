/**
 * Every cluster server's serial console as one stream per server, whatever carries it (the TCP
 * console port, SOL on the server's BMC): a reader sees what the server prints from the instant
 * it attaches (no replay), lines end in CRLF, kernel lines stamped with the uptime (SUT seconds
 * since the server's last POST). Printed when the model's event happens (a bus listener), so
 * console lines and the model share their times. Input is accepted and ignored (the text is the
 * model's; nobody logs in on a fleet server).
 */
import { InfraError } from '../../../lib/errors.ts';
import type { SolAttachment, SolConsole } from '../../ipmi/sol-console.ts';
import type { ClusterModel } from '../model/cluster.ts';
import { FleetConsoleText } from './text.ts';

/** `[    5.123456]`: seconds since POST, as the kernel stamps its messages. */
function uptimeStamp(ms: number): string {
  return `[${(Math.max(0, ms) / 1000).toFixed(6).padStart(12)}]`;
}

export class FleetConsoleFeeds {
  private readonly readers = new Map<string, Set<(text: string) => void>>();
  private readonly postAt = new Map<string, number>();
  private readonly unsubscribe: () => void;

  constructor(private readonly model: ClusterModel) {
    for (const s of model.config.servers) this.readers.set(s.id, new Set());
    const text = new FleetConsoleText({ config: model.config, membersOf: (id) => model.systems.get(id)?.members ?? [id] });
    this.unsubscribe = model.bus.on((e) => {
      if (e.type === 'BootStateChanged' && e.state === 'Post') for (const m of model.systems.get(e.system)?.members ?? []) this.postAt.set(m, e.at);
      for (const l of text.linesFor(e)) {
        const line = l.kernel ? `${uptimeStamp(e.at - (this.postAt.get(l.server) ?? e.at))} ${l.text}` : l.text;
        for (const r of this.readers.get(l.server) ?? []) r(`${line}\r\n`);
      }
    });
  }

  get servers(): string[] {
    return [...this.readers.keys()];
  }

  /** Start receiving `server`'s console (text, CRLF line ends) until detach(). */
  attach(server: string, output: (text: string) => void): SolAttachment {
    const set = this.readers.get(server);
    if (!set) throw new InfraError(`cluster console: no server ${server} in ${this.model.config.name}`);
    set.add(output);
    return { input: () => undefined, sendBreak: () => undefined, detach: () => void set.delete(output) };
  }

  /** `server`'s console as the SOL payload of its BMC reads it. */
  solConsole(server: string): SolConsole {
    return { attach: (output) => this.attach(server, (text) => output(Buffer.from(text, 'utf8'))) };
  }

  close(): void {
    this.unsubscribe();
    for (const set of this.readers.values()) set.clear();
  }
}
