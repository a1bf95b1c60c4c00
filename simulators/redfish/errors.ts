import { FtlabError } from '../../lib/errors.ts';
import type { RegistrySet } from './registries.ts';
import type { JsonObject } from './types.ts';

export const BASE_PREFIX = 'Base.1.22';

/** `Base.1.22.<key>` */
export function baseId(key: string): string {
  return `${BASE_PREFIX}.${key}`;
}

export interface ErrorMessageRef {
  MessageId: string;
  MessageArgs?: readonly (string | number)[];
  RelatedProperties?: string[];
  /** Overrides the registry's Resolution text. */
  Resolution?: string;
}

/**
 * A request failed with an HTTP status and one or more registry messages. Thrown by the core and
 * by device handlers (`apply`, action handlers, POST handlers); the service turns it into a
 * Redfish error body and changes nothing else.
 */
export class RedfishError extends FtlabError {
  readonly messages: ErrorMessageRef[];
  constructor(
    readonly status: number,
    messageIdOrMessages: string | ErrorMessageRef[],
    args: readonly (string | number)[] = [],
    options?: { cause?: unknown; headers?: Record<string, string>; relatedProperties?: string[] },
  ) {
    const messages: ErrorMessageRef[] =
      typeof messageIdOrMessages === 'string'
        ? [{ MessageId: messageIdOrMessages, MessageArgs: args, ...(options?.relatedProperties ? { RelatedProperties: options.relatedProperties } : {}) }]
        : messageIdOrMessages;
    super(`HTTP ${status}: ${messages.map((m) => m.MessageId).join(', ')}`, options);
    this.messages = messages;
    this.headers = options?.headers ?? {};
  }
  readonly headers: Record<string, string>;
}

/** Shorthand: `new RedfishError(status, 'Base.1.22.<key>', args)`. */
export function baseError(status: number, key: string, args: readonly (string | number)[] = [], relatedProperties?: string[]): RedfishError {
  return new RedfishError(status, baseId(key), args, relatedProperties ? { relatedProperties } : undefined);
}

/** Expand one message reference into a `#Message.v1_1_1.Message` object. */
export function extendedInfo(ref: ErrorMessageRef, registries: RegistrySet): JsonObject {
  const found = registries.message(ref.MessageId);
  const args = (ref.MessageArgs ?? []).map(String);
  const text = found ? registries.expand(ref.MessageId, args) : ref.MessageId;
  const out: JsonObject = {
    '@odata.type': '#Message.v1_1_1.Message',
    MessageId: ref.MessageId,
    Message: text,
    MessageArgs: args,
    MessageSeverity: found?.message.MessageSeverity ?? 'Critical',
    Resolution: ref.Resolution ?? found?.message.Resolution ?? 'None.',
  };
  if (ref.RelatedProperties) out.RelatedProperties = ref.RelatedProperties;
  return out;
}

/** The Redfish error body: `{ error: { code, message, @Message.ExtendedInfo } }`. */
export function errorBody(err: RedfishError, registries: RegistrySet): JsonObject {
  const infos = err.messages.map((m) => extendedInfo(m, registries));
  const first = infos[0];
  const single = infos.length === 1 && first;
  return {
    error: {
      code: single ? first.MessageId : baseId('GeneralError'),
      message: single
        ? first.Message
        : 'A general error has occurred.  See Resolution for information on how to resolve the error, or @Message.ExtendedInfo if Resolution is not provided.',
      '@Message.ExtendedInfo': infos,
    },
  };
}
