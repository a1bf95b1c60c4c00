/**
 * The codec's one error: malformed bytes. Kept inside the codec (which imports nothing outside
 * itself but node:crypto); drivers/ipmi/errors.ts re-exports it for the session and client, which
 * wrap it (as `cause`) in their own typed errors.
 */

/** Malformed bytes: `where` names the structure (e.g. "RAKP2"), `offset` the byte that broke it. */
export class IpmiDecodeError extends Error {
  constructor(
    readonly where: string,
    readonly expectation: string,
    readonly offset: number,
    options?: { cause?: unknown },
  ) {
    super(`${where}: ${expectation} (at byte ${offset})`, options);
    this.name = new.target.name;
  }
}
