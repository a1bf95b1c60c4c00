/**
 * Helpers of RedfishClient that need no client state: answer bodies, socket errors → typed
 * errors, Retry-After, option checks.
 */
import { AxiosError } from 'axios';
import { readFileSync } from 'node:fs';
import type { Clock } from '../../lib/clock.ts';
import { ConfigError, errorMessage } from '../../lib/errors.ts';
import { RedfishConnectionError, RedfishProtocolError, RedfishTlsError } from './errors.ts';
import { isObject } from './json.ts';

/** Socket error codes after which an idempotent request is tried again. */
export const RETRYABLE_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'ECONNABORTED', 'EAI_AGAIN']);

const TLS_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

export function parseBody(text: string, contentType: string | undefined, status: number, method: string, path: string): unknown {
  if (!text.trim()) return null;
  const looksJson = contentType?.includes('json') || /^\s*[{[]/.test(text);
  if (!looksJson) return text;
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    if (status >= 200 && status < 300) throw new RedfishProtocolError(path, null, `${method} answer ${status} is not valid JSON`, { cause: e });
    return text;
  }
}

export function connectionError(method: string, path: string, e: unknown, timeoutMs: number): RedfishConnectionError {
  const code = (e instanceof AxiosError ? e.code : undefined) ?? errorCode(e) ?? 'EUNKNOWN';
  const causeCode = errorCode(e instanceof AxiosError ? e.cause : undefined);
  const tlsCode = TLS_CODES.has(code) ? code : causeCode && TLS_CODES.has(causeCode) ? causeCode : null;
  if (tlsCode) {
    return new RedfishTlsError(method, path, tlsCode, `TLS certificate not accepted (${tlsCode}); trust it with "ca: FILE" or, for a lab BMC, "insecure: true"`, { cause: e });
  }
  if (code === 'ETIMEDOUT' && e instanceof AxiosError && /timeout/i.test(e.message)) {
    return new RedfishConnectionError(method, path, 'ETIMEDOUT', `no answer within ${timeoutMs} ms`, { cause: e });
  }
  return new RedfishConnectionError(method, path, code, `${code} (${errorMessage(e)})`, { cause: e });
}

function errorCode(e: unknown): string | undefined {
  // Node's system errors and AxiosErrors are objects with a string `code`.
  return isObject(e) && typeof e.code === 'string' ? e.code : undefined;
}

/** Retry-After: delta seconds or an HTTP date; null when absent or unreadable. */
export function retryAfterMs(value: string | undefined, clock: Clock): number | null {
  if (!value) return null;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const at = Date.parse(v);
  return Number.isNaN(at) ? null : Math.max(0, at - clock.wallNow());
}

export function readCa(ca: string, where: string): string {
  if (ca.includes('-----BEGIN')) return ca;
  try {
    return readFileSync(ca, 'utf8');
  } catch (e) {
    throw new ConfigError(`${where}: tls.ca`, 'a readable PEM file', { found: ca, cause: e });
  }
}

export function positive(v: number | undefined, fallback: number, where: string): number {
  if (v === undefined) return fallback;
  if (!(typeof v === 'number' && v > 0 && Number.isFinite(v))) throw new ConfigError(where, 'a positive number', { found: v });
  return v;
}

export function nonNegativeInt(v: number | undefined, fallback: number, where: string): number {
  if (v === undefined) return fallback;
  if (!(Number.isInteger(v) && v >= 0)) throw new ConfigError(where, 'an integer >= 0', { found: v });
  return v;
}
