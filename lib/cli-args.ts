import { parseArgs, type ParseArgsConfig } from 'node:util';
import { FtlabError } from './errors.ts';
import { LOG_LEVELS, type LogLevel } from './log.ts';

/** Wrong command-line usage; the CLI prints it and exits 2. */
export class UsageError extends FtlabError {}

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * node:util parseArgs with errors that name the option and say what was expected.
 * Returns typed values plus positionals.
 */
export function parseCli<O extends Options>(argv: string[], options: O, opts: { positionals?: boolean; usage: string }) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: opts.positionals ?? false, strict: true });
  } catch (e) {
    throw new UsageError(`${e instanceof Error ? e.message : String(e)}\n\n${opts.usage}`, { cause: e });
  }
}

/** Parse a number option: `name` for the message, `min`/`integer` constraints. */
export function numberOption(name: string, raw: string | undefined, fallback: number, c: { min?: number; integer?: boolean } = {}): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || (c.integer && !Number.isInteger(n)) || (c.min !== undefined && n < c.min)) {
    throw new UsageError(
      `--${name} expects ${c.integer ? 'an integer' : 'a number'}${c.min !== undefined ? ` >= ${c.min}` : ''}, got "${raw}"`,
    );
  }
  return n;
}

/** Parse --log-level: one of LOG_LEVELS, `fallback` when absent. */
export function logLevelOption(raw: string | undefined, fallback: LogLevel): LogLevel {
  if (raw === undefined) return fallback;
  const level = LOG_LEVELS.find((l) => l === raw);
  if (!level) throw new UsageError(`--log-level expects one of ${LOG_LEVELS.join(', ')}, got "${raw}"`);
  return level;
}
