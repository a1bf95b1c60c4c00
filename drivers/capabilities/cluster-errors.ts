/**
 * The errors every cluster capability shares (part of their contract, so scenarios can tell them
 * apart): the device lacks the capability (the runner skips with the reason), a write the device
 * acknowledged but does not show, and a change the device refused or that raced another one.
 */
import { FtlabError, InfraError } from '../../lib/errors.ts';

/** The device has no such function (no FC fabric, no composition service, ...): a skip, not a failure. */
export class CapabilityNotSupportedError extends FtlabError {
  constructor(
    readonly capability: string,
    readonly device: string,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`${device} does not support ${capability}: ${reason}`, options);
  }
}

/** The device accepted a change but reading it back shows something else: the device misbehaves. */
export class WriteNotConfirmedError extends FtlabError {
  constructor(
    readonly device: string,
    readonly resource: string,
    readonly difference: string,
    options?: { cause?: unknown },
  ) {
    super(`${device} accepted the change of ${resource} but does not show it: ${difference}`, options);
  }
}

/**
 * The device refused a change (HTTP 400/404/409: a rule of the device, a resource that is not
 * there, a failed commit) — nothing was applied. `messageId` and `reason` are the device's words.
 */
export class ChangeRefusedError extends InfraError {
  constructor(
    readonly device: string,
    readonly resource: string,
    readonly status: number,
    readonly messageId: string | null,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`${device} refused the change of ${resource} (HTTP ${status}${messageId ? ` ${messageId}` : ''}): ${reason}`, options);
  }
}

/** The resource changed since it was read (HTTP 412 on If-Match / ZoneETag): nothing was applied; read again. */
export class ConcurrentChangeError extends InfraError {
  constructor(
    readonly device: string,
    readonly resource: string,
    readonly etag: string | null,
    options?: { cause?: unknown },
  ) {
    super(`${device}: ${resource} changed since it was read (ETag ${etag ?? 'unknown'} no longer current); nothing was applied`, options);
  }
}

/** Options of every confirmed write: the ETag the change is conditional on, and the caller's signal. */
export interface WriteOptions {
  /** Apply only to the resource as read with this ETag (If-Match / ZoneETag); default: the ETag of the driver's own read just before. */
  ifMatch?: string;
  signal?: AbortSignal;
}
