/** What a command handler sees and returns. */
import type { IpmiBmcBackend } from '../backend.ts';
import type { SdrRepository } from '../sdr-repository.ts';
import type { ServerEnv } from '../server-env.ts';
import type { ServerSession, SessionTable } from '../session-table.ts';

export interface CommandContext {
  backend: IpmiBmcBackend;
  /** null for session-less requests (only handlers with `sessionless: true` get them). */
  session: ServerSession | null;
  sdr: SdrRepository;
  sessions: SessionTable;
  guid: Buffer;
  /** Cipher suite IDs the channel offers. */
  suites: readonly number[];
  /** Channel number reported for "this channel" (0Eh). */
  channel: number;
  /** Everything else the server holds (accounts, BMC settings, watchdog, lockout, K_g). */
  server: ServerEnv;
}

export interface CommandResult {
  cc: number;
  data?: Buffer;
  /** Run after the response went out (Close Session removes its own session only then). */
  after?: () => void;
}

export interface CommandHandler {
  name: string;
  /** Lowest operating privilege allowed (2 User, 3 Operator, 4 Admin). */
  privilege: number;
  /** Also answered outside a session (Get Channel Authentication Capabilities, Get Channel Cipher Suites). */
  sessionless?: boolean;
  /** Fixed request data length(s); other lengths get CC C7h. */
  length?: number | readonly number[];
  run(ctx: CommandContext, data: Buffer): CommandResult | Promise<CommandResult>;
}

export function ok(data: Buffer | number[] = Buffer.alloc(0)): CommandResult {
  return { cc: 0, data: Buffer.isBuffer(data) ? data : Buffer.from(data) };
}

export function fail(cc: number): CommandResult {
  return { cc };
}

export const key = (netFn: number, cmd: number): number => (netFn << 8) | cmd;
