/**
 * What a business of the SAN-boot cluster says on the wire (simulators/cluster/README.md
 * "Businesses"), without I/O: the emulator answers with it, the BusinessLocator driver reads it. The identity line names
 * the system that answered (a server, or a partition — the logical server that runs the
 * business's boot volume) and the business, as a real service's host name would:
 *
 *   host=srv01 business=crm
 *
 * UDP: the reply is the request's bytes, then "\n", the identity line and "\n".
 * TCP: on connect, the identity line and "\n" (the greeting); then every line received is sent
 * back as it came. Nothing answers while the business is unreachable (UDP dropped, TCP reset).
 */

export interface Identity {
  host: string;
  business: string;
}

const LINE = /^host=([A-Za-z0-9][A-Za-z0-9_-]*) business=([A-Za-z0-9][A-Za-z0-9_-]*)$/;
/** Longest identity line (ids are config ids; bounded here so a parser never reads far). */
export const MAX_IDENTITY_BYTES = 256;

export function identityLine(id: Identity): string {
  return `host=${id.host} business=${id.business}`;
}

export function parseIdentity(line: string): Identity | null {
  const m = LINE.exec(line);
  return m?.[1] && m[2] ? { host: m[1], business: m[2] } : null;
}

export function udpReply(request: Buffer, id: Identity): Buffer {
  return Buffer.concat([request, Buffer.from(`\n${identityLine(id)}\n`)]);
}

/** The identity in `reply` when it is an answer to exactly `request`; null for anything else. */
export function parseUdpReply(request: Buffer, reply: Buffer): Identity | null {
  if (reply.length <= request.length + 2 || reply.length > request.length + MAX_IDENTITY_BYTES) return null;
  if (!reply.subarray(0, request.length).equals(request)) return null;
  const tail = reply.subarray(request.length).toString('utf8');
  if (!tail.startsWith('\n') || !tail.endsWith('\n')) return null;
  return parseIdentity(tail.slice(1, -1));
}
