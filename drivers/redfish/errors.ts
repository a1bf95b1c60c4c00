/**
 * Errors of the Redfish driver. Transport and HTTP failures are infrastructure errors (the lab
 * could not be used); a device that accepts a request but does not do it is a SUT failure
 * (PowerStateNotReachedError). `httpErrorFor` is the one place where status codes become classes.
 */
import { ConfigError, FtlabError, InfraError } from '../../lib/errors.ts';

/** One entry of a Redfish error's `@Message.ExtendedInfo`. */
export interface ExtendedInfo {
  messageId: string;
  message: string;
  severity: string | null;
  messageArgs: string[];
}

export class RedfishHttpError extends InfraError {
  constructor(
    readonly status: number,
    readonly method: string,
    readonly path: string,
    readonly messageId: string | null,
    readonly extendedInfo: ExtendedInfo[],
    options?: { cause?: unknown; detail?: string },
  ) {
    super(`HTTP ${method} ${path} returned ${status}${describeInfo(messageId, extendedInfo, options?.detail)}`, options);
  }
}

/** 401/403: credentials refused (after the one re-login, for sessions). */
export class RedfishAuthError extends RedfishHttpError {}
export class RedfishNotFoundError extends RedfishHttpError {}
/** 412: the resource changed since the ETag sent in If-Match was read. */
export class RedfishPreconditionFailedError extends RedfishHttpError {}
/** 503 still answered after the bounded retries. */
export class RedfishServiceUnavailableError extends RedfishHttpError {}

/** No HTTP answer: refused, reset, timed out. `code` is the socket error code (ECONNRESET, ETIMEDOUT, ...). */
export class RedfishConnectionError extends InfraError {
  constructor(
    readonly method: string,
    readonly path: string,
    readonly code: string,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(`HTTP ${method} ${path} failed: ${detail}`, options);
  }
}

/** The server's certificate was not accepted. */
export class RedfishTlsError extends RedfishConnectionError {}

/** The service answered something that is not what Redfish promises (bad JSON, missing property). */
export class RedfishProtocolError extends InfraError {
  constructor(
    readonly path: string,
    readonly property: string | null,
    expectation: string,
    options?: { cause?: unknown },
  ) {
    super(`${path}${property ? ` ${property}` : ''}: ${expectation}`, options);
  }
}

/** The resource does not offer the action (not in `Actions`, nor in `Actions.Oem`). */
export class ActionNotFoundError extends InfraError {
  constructor(
    readonly resource: string,
    readonly action: string,
    readonly offered: string[],
  ) {
    super(`${resource} does not offer action ${action} (offers: ${offered.length ? offered.join(', ') : 'none'})`);
  }
}

/** A parameter is missing, unknown or outside the allowable values: nothing was posted. */
export class ActionValidationError extends ConfigError {
  constructor(
    readonly resource: string,
    readonly action: string,
    readonly parameter: string,
    expectation: string,
    readonly allowed: readonly unknown[] | null,
    options?: { found?: unknown },
  ) {
    super(`${resource} action ${action} parameter ${parameter}`, expectation, options);
  }
}

/** A task monitor ended in Exception, Killed or Cancelled. */
export class TaskFailedError extends InfraError {
  constructor(
    readonly monitor: string,
    readonly taskState: string,
    readonly messages: string[],
  ) {
    super(`task ${monitor} ended in ${taskState}${messages.length ? `: ${messages.join('; ')}` : ''}`);
  }
}

/**
 * The device accepted a power action but its PowerState did not follow within the wait:
 * "accepted but PowerState still On after 5 s". A failure of the system under test.
 */
export class PowerStateNotReachedError extends FtlabError {
  constructor(
    readonly action: string,
    readonly expected: string,
    readonly actual: string,
    readonly waitedMs: number,
    options?: { cause?: unknown },
  ) {
    super(`${action} accepted but PowerState still ${actual} after ${formatSeconds(waitedMs)} s (expected ${expected})`, options);
  }
}

function formatSeconds(ms: number): string {
  const s = ms / 1000;
  return Number.isInteger(s) ? String(s) : s.toFixed(1);
}

function describeInfo(messageId: string | null, info: ExtendedInfo[], detail?: string): string {
  const first = info[0];
  if (messageId && first) return `: ${messageId} (${first.message})`;
  if (messageId) return `: ${messageId}`;
  if (detail) return `: ${detail}`;
  return '';
}

function asRecord(v: unknown): Record<string, unknown> | null {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
}

/** Read a Redfish error body (`{error: {code, message, @Message.ExtendedInfo: [...]}}`); tolerant of anything. */
export function parseErrorBody(body: unknown): { messageId: string | null; extendedInfo: ExtendedInfo[]; message: string | null } {
  const error = asRecord(asRecord(body)?.error);
  if (!error) return { messageId: null, extendedInfo: [], message: null };
  const rawInfo = error['@Message.ExtendedInfo'];
  const extendedInfo: ExtendedInfo[] = [];
  if (Array.isArray(rawInfo)) {
    for (const item of rawInfo) {
      const r = asRecord(item);
      if (!r || typeof r.MessageId !== 'string') continue;
      extendedInfo.push({
        messageId: r.MessageId,
        message: typeof r.Message === 'string' ? r.Message : '',
        severity: typeof r.MessageSeverity === 'string' ? r.MessageSeverity : typeof r.Severity === 'string' ? r.Severity : null,
        messageArgs: Array.isArray(r.MessageArgs) ? r.MessageArgs.map(String) : [],
      });
    }
  }
  // The most telling id: the first extended message (the specific one) over the generic `code`.
  const messageId = extendedInfo[0]?.messageId ?? (typeof error.code === 'string' ? error.code : null);
  return { messageId, extendedInfo, message: typeof error.message === 'string' ? error.message : null };
}

/** The one mapping from an HTTP status to an error class. */
export function httpErrorFor(status: number, method: string, path: string, body: unknown, options?: { cause?: unknown }): RedfishHttpError {
  const { messageId, extendedInfo, message } = parseErrorBody(body);
  const detail = message ?? (typeof body === 'string' && body.trim() ? body.trim().slice(0, 200) : undefined);
  const opts = { ...options, ...(detail !== undefined ? { detail } : {}) };
  const Cls =
    status === 401 || status === 403
      ? RedfishAuthError
      : status === 404
        ? RedfishNotFoundError
        : status === 412
          ? RedfishPreconditionFailedError
          : status === 503
            ? RedfishServiceUnavailableError
            : RedfishHttpError;
  return new Cls(status, method, path, messageId, extendedInfo, opts);
}
