/**
 * The SOL configuration parameters the BMC keeps (§26.3, Table 26-5) and how they read on the
 * wire. Retries and the retry interval drive the BMC's retransmission of unacknowledged data;
 * the bit rates are reported, not simulated (the console is not a real UART).
 */
import { SOL_PARAM } from '../../drivers/ipmi/codec/commands/payload.ts';
import { PRIVILEGE } from '../../drivers/ipmi/codec/commands/spec.ts';

/** Bit rate codes (§26.3 parameters 5 and 6): 9600, 19.2k, 38.4k, 57.6k, 115.2k bps. */
export const SOL_BIT_RATES = [0x06, 0x07, 0x08, 0x09, 0x0a] as const;

export interface SolSettings {
  setInProgress: number;
  enabled: boolean;
  /** Force encryption (bit 7), force authentication (bit 6), lowest privilege (bits 3:0). */
  authentication: number;
  /** Character accumulate interval (5 ms units) and send threshold (characters). */
  accumulate: [number, number];
  /** Retry count (bits 2:0) and retry interval (10 ms units). */
  retry: [number, number];
  nonVolatileBitRate: number;
  volatileBitRate: number;
}

export function defaultSolSettings(): SolSettings {
  return {
    setInProgress: 0,
    enabled: true,
    authentication: 0xc0 | PRIVILEGE.USER,
    accumulate: [12, 96],
    retry: [7, 50],
    nonVolatileBitRate: 0x0a,
    volatileBitRate: 0x0a,
  };
}

/** Retransmissions and the wait between them for unacknowledged SOL data. */
export function retryPolicy(s: SolSettings): { count: number; intervalMs: number } {
  return { count: s.retry[0] & 0x07, intervalMs: Math.max(10, s.retry[1] * 10) };
}

/** A parameter's value bytes, or undefined when the parameter is not supported. */
export function solParamValue(s: SolSettings, param: number, channel: number, port: number): number[] | undefined {
  switch (param) {
    case SOL_PARAM.SET_IN_PROGRESS:
      return [s.setInProgress];
    case SOL_PARAM.ENABLE:
      return [s.enabled ? 1 : 0];
    case SOL_PARAM.AUTHENTICATION:
      return [s.authentication];
    case SOL_PARAM.ACCUMULATE:
      return [...s.accumulate];
    case SOL_PARAM.RETRY:
      return [...s.retry];
    case SOL_PARAM.NON_VOLATILE_BIT_RATE:
      return [s.nonVolatileBitRate];
    case SOL_PARAM.VOLATILE_BIT_RATE:
      return [s.volatileBitRate];
    case SOL_PARAM.PAYLOAD_CHANNEL:
      return [channel];
    case SOL_PARAM.PAYLOAD_PORT:
      return [port & 0xff, port >> 8];
    default:
      return undefined;
  }
}

/**
 * Apply a Set to parameter `param`: the settings changed, or why not — 'unsupported' (CC 80h),
 * 'read-only' (CC 82h), 'invalid' (CC CCh), 'length' (CC C7h).
 */
export function setSolParam(s: SolSettings, param: number, v: Buffer): SolSettings | 'unsupported' | 'read-only' | 'invalid' | 'length' {
  const one = (): number | 'length' => (v.length === 1 ? (v[0] ?? 0) : 'length');
  const two = (): [number, number] | 'length' => (v.length === 2 ? [v[0] ?? 0, v[1] ?? 0] : 'length');
  switch (param) {
    case SOL_PARAM.SET_IN_PROGRESS: {
      const b = one();
      return b === 'length' ? b : (b & 3) === 3 ? 'invalid' : { ...s, setInProgress: (b & 3) === 2 ? 0 : b & 3 };
    }
    case SOL_PARAM.ENABLE: {
      const b = one();
      return b === 'length' ? b : { ...s, enabled: (b & 1) === 1 };
    }
    case SOL_PARAM.AUTHENTICATION: {
      const b = one();
      return b === 'length' ? b : (b & 0x0f) < PRIVILEGE.USER || (b & 0x0f) > PRIVILEGE.OEM ? 'invalid' : { ...s, authentication: b & 0xcf };
    }
    case SOL_PARAM.ACCUMULATE: {
      const p = two();
      return p === 'length' ? p : p[0] === 0 ? 'invalid' : { ...s, accumulate: p };
    }
    case SOL_PARAM.RETRY: {
      const p = two();
      return p === 'length' ? p : { ...s, retry: [p[0] & 0x07, p[1]] };
    }
    case SOL_PARAM.NON_VOLATILE_BIT_RATE:
    case SOL_PARAM.VOLATILE_BIT_RATE: {
      const b = one();
      if (b === 'length') return b;
      if (!(SOL_BIT_RATES as readonly number[]).includes(b & 0x0f)) return 'invalid';
      return param === SOL_PARAM.VOLATILE_BIT_RATE ? { ...s, volatileBitRate: b & 0x0f } : { ...s, nonVolatileBitRate: b & 0x0f };
    }
    case SOL_PARAM.PAYLOAD_CHANNEL:
    case SOL_PARAM.PAYLOAD_PORT:
      return 'read-only';
    default:
      return 'unsupported';
  }
}
