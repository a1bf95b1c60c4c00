/**
 * Serial-over-LAN payload (payload type 01h, IPMI v2.0 §15.9): a 4-byte header, then the
 * characters. Byte 1 is the packet sequence number (bits 3:0, 1..15; 0 = an ACK-only packet),
 * byte 2 the sequence number being acknowledged (0 = nothing acknowledged), byte 3 how many of
 * its characters were accepted, byte 4 the operation (console → BMC) or status (BMC → console).
 */
import { checkByte, decoding, type Decoded } from './bytes.ts';

/** Console → BMC operation bits (§15.9, Table 15-2). */
export const SOL_OP = { NACK: 0x40, RING_WOR: 0x20, BREAK: 0x10, CTS_PAUSE: 0x08, DROP_DCD_DSR: 0x04, FLUSH_INBOUND: 0x02, FLUSH_OUTBOUND: 0x01 } as const;
/** BMC → console status bits (§15.9, Table 15-3). */
export const SOL_STATUS = { NACK: 0x40, TRANSFER_UNAVAILABLE: 0x20, DEACTIVATING: 0x10, TRANSMIT_OVERRUN: 0x08, BREAK_DETECTED: 0x04 } as const;

export interface SolPacket {
  /** 1..15 for a packet carrying characters; 0 for an ACK-only packet. */
  seq: number;
  /** The sequence number this packet acknowledges (or NACKs); 0 = none. */
  ackSeq: number;
  /** Characters of the acknowledged packet that were accepted. */
  accepted: number;
  /** Operation (console → BMC) or status (BMC → console) bits. */
  flags: number;
  data: Buffer;
}

export const SOL_HEADER_LENGTH = 4;

export function encodeSolPacket(p: SolPacket): Buffer {
  const header = [checkByte('SOL sequence', p.seq, 0x0f), checkByte('SOL ack sequence', p.ackSeq, 0x0f), checkByte('SOL accepted count', p.accepted), checkByte('SOL operation/status', p.flags)];
  return Buffer.concat([Buffer.from(header), p.data]);
}

export function decodeSolPacket(input: Uint8Array): Decoded<SolPacket> {
  return decoding('SOL payload', input, (r) => ({
    seq: r.u8('packet sequence') & 0x0f,
    ackSeq: r.u8('ack sequence') & 0x0f,
    accepted: r.u8('accepted character count'),
    flags: r.u8('operation/status'),
    data: r.rest(),
  }));
}

/** The packet sequence number after `seq` (1..15, wrapping past 0, which marks ACK-only packets). */
export function nextSolSeq(seq: number): number {
  return (seq % 15) + 1;
}
