/** RMCP header (§13.1.3): version 0x06, reserved, sequence (0xFF = no RMCP ACK), class. */
import { checkByte, decoding, type Decoded } from './bytes.ts';

export const RMCP_PORT = 623;
export const RMCP_VERSION = 0x06;
/** Sequence number 0xFF: the receiver must not send an RMCP ACK. */
export const RMCP_SEQ_NO_ACK = 0xff;
export const RMCP_CLASS = {
  /** ASF: presence ping/pong. */
  ASF: 0x06,
  /** IPMI: 1.5 and 2.0 session wrappers. */
  IPMI: 0x07,
} as const;
/** Bit 7 of the class byte marks an RMCP ACK. */
export const RMCP_CLASS_ACK = 0x80;

export interface RmcpHeader {
  version: number;
  seq: number;
  /** Message class without the ACK bit. */
  msgClass: number;
  ack: boolean;
}

export function encodeRmcp(msgClass: number, body: Uint8Array, seq: number = RMCP_SEQ_NO_ACK): Buffer {
  return Buffer.concat([Buffer.from([RMCP_VERSION, 0x00, checkByte('RMCP seq', seq), checkByte('RMCP class', msgClass)]), body]);
}

export function decodeRmcp(input: Uint8Array): Decoded<{ header: RmcpHeader; body: Buffer }> {
  return decoding('RMCP header', input, (r) => {
    const version = r.u8('version');
    if (version !== RMCP_VERSION) r.fail(`version must be 0x06, got 0x${version.toString(16)}`, 0);
    r.skip(1, 'reserved');
    const seq = r.u8('sequence');
    const cls = r.u8('class');
    return { header: { version, seq, msgClass: cls & 0x7f, ack: (cls & RMCP_CLASS_ACK) !== 0 }, body: r.rest() };
  });
}
