/**
 * Typed IPMI errors. Every class here extends FtlabError and carries the lower-level error as `cause`.
 * The codec never throws: it returns `{ ok: false, error: IpmiDecodeError }` (codec/errors.ts,
 * re-exported here; a plain Error, since the codec imports nothing outside itself). The session
 * and client turn that (and timeouts, RAKP statuses, completion codes) into thrown errors.
 */
import { FtlabError, InfraError } from '../../lib/errors.ts';
import { completionCodeName } from './codec/completion-codes.ts';
import { rakpStatusName } from './codec/rakp-status.ts';

export { IpmiDecodeError } from './codec/errors.ts';

/** No answer from the BMC inside the deadline (after every retry). An infrastructure failure. */
export class IpmiTimeoutError extends InfraError {
  constructor(
    readonly phase: string,
    readonly target: string,
    readonly budgetMs: number,
    readonly attempts: number,
    options?: { cause?: unknown },
  ) {
    super(`IPMI ${phase} to ${target}: no answer within ${budgetMs} ms (${attempts} attempt${attempts === 1 ? '' : 's'})`, options);
  }
}

/**
 * Session setup refused: wrong user/password/Kg, or an RMCP+ status from Open Session / RAKP.
 * `rakpStatus` is the RMCP+ status code (Table 13-15) when the BMC sent one, null when we
 * detected the failure ourselves (e.g. RAKP2 key-exchange code mismatch = wrong password).
 */
export class IpmiAuthError extends InfraError {
  constructor(
    readonly target: string,
    readonly stage: 'channel-auth' | 'open-session' | 'rakp2' | 'rakp4' | 'session-challenge' | 'activate-session' | 'privilege',
    readonly rakpStatus: number | null,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(
      `IPMI login to ${target} failed at ${stage}: ${detail}${rakpStatus === null ? '' : ` (RMCP+ status 0x${hex(rakpStatus)} ${rakpStatusName(rakpStatus)})`}`,
      options,
    );
  }
}

/** A command answered with a non-zero completion code. */
export class IpmiCompletionCodeError extends FtlabError {
  constructor(
    readonly netFn: number,
    readonly cmd: number,
    readonly code: number,
    readonly command: string,
    options?: { cause?: unknown },
  ) {
    super(`IPMI ${command} (netFn 0x${hex(netFn)} cmd 0x${hex(cmd)}) failed: completion code 0x${hex(code)} ${completionCodeName(code)}`, options);
  }
}

/** The BMC answered something we could not use (malformed, unexpected). */
export class IpmiProtocolError extends FtlabError {}

/** The session is closed or broken and cannot carry the call. */
export class IpmiSessionClosedError extends FtlabError {}

/** A request refused by local policy (e.g. cipher suite 0 / IPMI 1.5 without allowInsecure). */
export class IpmiPolicyError extends FtlabError {}

function hex(n: number): string {
  return n.toString(16).padStart(2, '0').toUpperCase();
}

/**
 * Serial-over-LAN could not start or stopped: `reason` says which way — busy (another session
 * holds the payload, CC 80h), disabled on the BMC, lost mid-run (no ACK, the session broke, the
 * payload was taken or deactivated). An infrastructure failure, never the SUT's.
 */
export class SolError extends InfraError {
  constructor(
    readonly endpoint: string,
    readonly reason: 'busy' | 'disabled' | 'refused' | 'lost',
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(`console ${endpoint}: ${detail}`, options);
  }
}
