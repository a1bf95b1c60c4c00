/** ASF presence ping / pong over RMCP class 6 (§13.2.3; DSP0136). IANA 4542 = ASF. */
import { byteAt, checkByte, decoding, type Decoded } from './bytes.ts';
import { encodeRmcp, decodeRmcp, RMCP_CLASS } from './rmcp.ts';

export const ASF_IANA = 4542;
export const ASF_TYPE = { PING: 0x80, PONG: 0x40 } as const;

export interface AsfPong {
  /** IANA enterprise number of the responder's OEM (4542 when none). */
  oemIana: number;
  oemDefined: number;
  /** Bit 7: IPMI supported; low bits: ASF version. */
  supportedEntities: number;
  supportedInteractions: number;
}

export type AsfMessage = { type: 'ping'; tag: number } | ({ type: 'pong'; tag: number } & AsfPong) | { type: 'other'; tag: number; asfType: number; data: Buffer };

function asfBody(type: number, tag: number, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(ASF_IANA, 0);
  head[4] = type;
  head[5] = checkByte('ASF tag', tag);
  head[6] = 0;
  head[7] = checkByte('ASF data length', data.length);
  return Buffer.concat([head, data]);
}

/** A whole ping datagram (RMCP header included). Tag 0xFF is reserved; use 0..0xFE. */
export function encodeAsfPing(tag: number): Buffer {
  return encodeRmcp(RMCP_CLASS.ASF, asfBody(ASF_TYPE.PING, tag, Buffer.alloc(0)));
}

/** A whole pong datagram; defaults announce IPMI support (entities 0x81) and no interactions. */
export function encodeAsfPong(tag: number, pong: Partial<AsfPong> = {}): Buffer {
  const data = Buffer.alloc(16);
  data.writeUInt32BE(pong.oemIana ?? ASF_IANA, 0);
  data.writeUInt32BE(pong.oemDefined ?? 0, 4);
  data[8] = checkByte('supportedEntities', pong.supportedEntities ?? 0x81);
  data[9] = checkByte('supportedInteractions', pong.supportedInteractions ?? 0x00);
  return encodeRmcp(RMCP_CLASS.ASF, asfBody(ASF_TYPE.PONG, tag, data));
}

/** Decode a whole ASF datagram (RMCP class 6). */
export function decodeAsf(input: Uint8Array): Decoded<AsfMessage> {
  const rmcp = decodeRmcp(input);
  if (!rmcp.ok) return rmcp;
  return decoding('ASF message', rmcp.value.body, (r) => {
    if (rmcp.value.header.msgClass !== RMCP_CLASS.ASF) r.fail(`RMCP class must be 0x06 (ASF), got 0x${rmcp.value.header.msgClass.toString(16)}`, 0);
    const iana = r.u32be('IANA');
    if (iana !== ASF_IANA) r.fail(`IANA must be 4542, got ${iana}`, 0);
    const asfType = r.u8('message type');
    const tag = r.u8('tag');
    r.skip(1, 'reserved');
    const len = r.u8('data length');
    const data = r.bytes(len, 'data');
    if (asfType === ASF_TYPE.PING) return { type: 'ping', tag };
    if (asfType === ASF_TYPE.PONG) {
      if (data.length < 10) r.fail(`pong data must be at least 10 bytes, got ${data.length}`);
      return {
        type: 'pong',
        tag,
        oemIana: data.readUInt32BE(0),
        oemDefined: data.readUInt32BE(4),
        supportedEntities: byteAt(data, 8, 'supported entities'),
        supportedInteractions: byteAt(data, 9, 'supported interactions'),
      };
    }
    return { type: 'other', tag, asfType, data };
  });
}
