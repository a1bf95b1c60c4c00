import type { IncomingMessage, ServerResponse } from 'node:http';
import { baseError } from './errors.ts';
import { isPlainObject } from './validate.ts';
import type { JsonObject } from './types.ts';

/**
 * Read a request body up to `limit` bytes. Over the limit → 413 PayloadTooLarge (the caller
 * closes the connection, since the rest of the body is not read).
 */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return Promise.reject(baseError(413, 'PayloadTooLarge'));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const onData = (c: Buffer): void => {
      size += c.length;
      if (size > limit) {
        done = true;
        req.off('data', onData);
        req.pause();
        reject(baseError(413, 'PayloadTooLarge'));
        return;
      }
      chunks.push(c);
    };
    req.on('data', onData);
    req.on('end', () => {
      // One chunk (the usual small body) is passed on as it is, without a copy.
      const only = chunks.length === 1 ? chunks[0] : undefined;
      if (!done) resolve(only ?? Buffer.concat(chunks));
    });
    req.on('error', (e) => {
      if (!done) reject(e);
    });
  });
}

/** No Redfish payload nests this deep; deeper bodies are refused before parsing (no deep recursion later). */
export const MAX_JSON_DEPTH = 64;

/** The deepest `{`/`[` nesting of a JSON text (brackets inside strings do not count); stops once past the limit. */
function nestingDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x7b || c === 0x5b) {
      if (++depth > max) max = depth;
      if (max > MAX_JSON_DEPTH) return max;
    } else if (c === 0x7d || c === 0x5d) {
      depth--;
    }
  }
  return max;
}

/** Parse a JSON object body; empty → `{}` when allowed, otherwise 400 MalformedJSON. */
export function parseJsonObject(buf: Buffer, allowEmpty: boolean): JsonObject {
  const text = buf.toString('utf8');
  if (text.trim() === '') {
    if (allowEmpty) return {};
    throw baseError(400, 'MalformedJSON');
  }
  if (nestingDepth(text) > MAX_JSON_DEPTH) throw baseError(400, 'MalformedJSON');
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    const err = baseError(400, 'MalformedJSON');
    (err as { cause?: unknown }).cause = e;
    throw err;
  }
  if (!isPlainObject(v)) throw baseError(400, 'MalformedJSON');
  return v;
}

/**
 * Send a JSON text. The body goes to `end()` as a string: node then writes the head and the body
 * in one socket write (a Buffer body would cost a second buffer and a writev).
 */
export function sendJson(res: ServerResponse, status: number, json: string, headers: Record<string, string>, head = false): void {
  res.writeHead(status, { ...headers, 'Content-Type': 'application/json;charset=utf-8', 'Content-Length': String(Buffer.byteLength(json, 'utf8')) });
  if (head) res.end();
  else res.end(json, 'utf8');
}

export function sendEmpty(res: ServerResponse, status: number, headers: Record<string, string>): void {
  res.writeHead(status, headers);
  res.end();
}
