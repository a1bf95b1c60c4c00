import winston from 'winston';
import { redact, redactString } from './redact.ts';

export type LogLevel = 'error' | 'warn' | 'info' | 'verbose' | 'debug' | 'silly';
export const LOG_LEVELS: readonly LogLevel[] = ['error', 'warn', 'info', 'verbose', 'debug', 'silly'];

/** Masks secrets in the message and in every metadata field before any transport sees them. */
const redactFormat = winston.format((info) => {
  const masked = redact({ ...info }) as Record<string | symbol, unknown>;
  for (const key of Object.keys(info)) (info as Record<string, unknown>)[key] = masked[key];
  if (typeof info.message === 'string') info.message = redactString(info.message);
  return info;
});

export interface LoggerOptions {
  level?: LogLevel;
  /** Write JSON lines to this file as well (the run directory's log). */
  jsonFile?: string;
  /** Console stream; defaults to stderr so stdout stays free for machine-readable output. */
  console?: boolean;
  silent?: boolean;
}

export function createLogger(opts: LoggerOptions = {}): winston.Logger {
  const transports: winston.transport[] = [];
  if (opts.console !== false) {
    transports.push(
      new winston.transports.Console({
        stderrLevels: [...LOG_LEVELS],
        format: winston.format.combine(
          winston.format.timestamp({ format: 'HH:mm:ss.SSS' }),
          winston.format.printf((i) => {
            const { level, message, timestamp, component, ...rest } = i;
            const meta = Object.keys(rest).length ? ` ${JSON.stringify(rest)}` : '';
            return `${String(timestamp)} ${level.padEnd(5)} ${component ? `[${String(component)}] ` : ''}${String(message)}${meta}`;
          }),
        ),
      }),
    );
  }
  if (opts.jsonFile) {
    transports.push(
      new winston.transports.File({
        filename: opts.jsonFile,
        level: 'debug',
        format: winston.format.combine(winston.format.timestamp(), winston.format.json()),
      }),
    );
  }
  return winston.createLogger({
    level: opts.level ?? 'info',
    silent: opts.silent ?? false,
    format: redactFormat(),
    transports,
  });
}

/** A logger that drops everything; the default for library code when none is injected. */
export const silentLogger: winston.Logger = winston.createLogger({ silent: true, transports: [new winston.transports.Console()] });

export type Logger = winston.Logger;
