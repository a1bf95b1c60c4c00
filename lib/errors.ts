/**
 * Error classes shared by every layer. Each failure kind is a class; wrap lower-level errors
 * with `{ cause }` instead of formatting them into the message only. The CLI maps classes to
 * exit codes (architecture.md §3): ConfigError → 2, InfraError → 3.
 */
import { redactString } from './redact.ts';

export class FtlabError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Bad user input: a file, option or value. `where` names the file and path, e.g. `lab.yaml: devices.ft0.redfish.url`. */
export class ConfigError extends FtlabError {
  constructor(
    readonly where: string,
    readonly expectation: string,
    options?: { cause?: unknown; found?: unknown },
  ) {
    // The found value is user input: a URL with a password in it must not be repeated.
    super(redactString(`${where}: ${expectation}${options && 'found' in options ? ` (found ${describe(options.found)})` : ''}`), options);
  }
}

/** The lab could not be used: unreachable, credentials refused, a fault could not be undone. */
export class InfraError extends FtlabError {}

/** A deadline passed. `phase` names what was being waited for. */
export class DeadlineError extends FtlabError {
  constructor(
    readonly phase: string,
    readonly budgetMs: number,
    options?: { cause?: unknown; detail?: string },
  ) {
    super(`"${phase}" did not finish within ${budgetMs} ms${options?.detail ? `: ${options.detail}` : ''}`, options);
  }
}

/** The found value for a message: redacted before it is shortened (a cut URL would hide its "@"). */
function describe(v: unknown): string {
  if (typeof v === 'string') {
    const r = redactString(v);
    return JSON.stringify(r.length > 80 ? `${r.slice(0, 77)}...` : r);
  }
  if (v === undefined) return 'nothing';
  try {
    const s = redactString(JSON.stringify(v));
    return s.length > 80 ? `${s.slice(0, 77)}...` : s;
  } catch {
    return String(v);
  }
}

export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
