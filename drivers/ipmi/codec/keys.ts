/**
 * RAKP key-exchange codes and session keys (§13.31–13.32). Notation: m = remote console,
 * c = managed system (BMC). SIDs hash as their 4 little-endian wire bytes; ROLEm is the exact
 * RAKP1 role byte (0x10 bit included); ULENm/UNAMEm the user name length and bytes.
 *   RAKP2 code = HMAC_Kuid(SIDm ‖ SIDc ‖ Rm ‖ Rc ‖ GUIDc ‖ ROLEm ‖ ULENm ‖ UNAMEm)
 *   RAKP3 code = HMAC_Kuid(Rc ‖ SIDm ‖ ROLEm ‖ ULENm ‖ UNAMEm)
 *   SIK        = HMAC_Kg(Rm ‖ Rc ‖ ROLEm ‖ ULENm ‖ UNAMEm)            (Kg = Kuid when no BMC key)
 *   K1 / K2    = HMAC_SIK(0x01 × 20) / HMAC_SIK(0x02 × 20)             (20 bytes even for SHA-256, as all BMCs do)
 *   RAKP4 ICV  = HMAC_SIK(Rm ‖ SIDc ‖ GUIDc) truncated (12 for SHA-1, 16 for SHA-256/MD5)
 * The hash is the authentication algorithm's. With auth "none" every code is empty.
 */
import { createHmac } from 'node:crypto';
import { u32le } from './bytes.ts';
import { authHash, type CipherSuite } from './cipher-suites.ts';
import type { SessionCrypto } from './rmcpplus.ts';

export interface RakpHashInput {
  /** Authentication algorithm number (AUTH_ALG). */
  auth: number;
  /** User key: the password bytes (≤ 20; HMAC zero-pads). */
  kuid: Buffer;
  /** BMC key; defaults to kuid. */
  kg?: Buffer;
  consoleSessionId: number;
  managedSessionId: number;
  consoleRandom: Buffer;
  managedRandom: Buffer;
  managedGuid: Buffer;
  role: number;
  username: Buffer;
}

function hmac(auth: number, key: Buffer, ...parts: Buffer[]): Buffer {
  const hash = authHash(auth);
  if (!hash) return Buffer.alloc(0);
  const h = createHmac(hash, key);
  for (const p of parts) h.update(p);
  return h.digest();
}

function roleUser(p: Pick<RakpHashInput, 'role' | 'username'>): Buffer {
  return Buffer.concat([Buffer.from([p.role & 0xff, p.username.length & 0xff]), p.username]);
}

export function rakp2AuthCode(p: RakpHashInput): Buffer {
  return hmac(p.auth, p.kuid, u32le(p.consoleSessionId), u32le(p.managedSessionId), p.consoleRandom, p.managedRandom, p.managedGuid, roleUser(p));
}

export function rakp3AuthCode(p: Pick<RakpHashInput, 'auth' | 'kuid' | 'managedRandom' | 'consoleSessionId' | 'role' | 'username'>): Buffer {
  return hmac(p.auth, p.kuid, p.managedRandom, u32le(p.consoleSessionId), roleUser(p));
}

export function deriveSik(p: Pick<RakpHashInput, 'auth' | 'kuid' | 'kg' | 'consoleRandom' | 'managedRandom' | 'role' | 'username'>): Buffer {
  return hmac(p.auth, p.kg && p.kg.length > 0 ? p.kg : p.kuid, p.consoleRandom, p.managedRandom, roleUser(p));
}

/** K_n = HMAC_SIK(n repeated 20 times). */
export function deriveK(sik: Buffer, auth: number, n: number): Buffer {
  return hmac(auth, sik, Buffer.alloc(20, n));
}

export function rakp4Icv(p: { auth: number; sik: Buffer; consoleRandom: Buffer; managedSessionId: number; managedGuid: Buffer }): Buffer {
  const full = hmac(p.auth, p.sik, p.consoleRandom, u32le(p.managedSessionId), p.managedGuid);
  const hash = authHash(p.auth);
  return full.subarray(0, hash === 'sha1' ? 12 : hash === null ? 0 : 16);
}

export function deriveSessionCrypto(suite: CipherSuite, sik: Buffer): SessionCrypto {
  return { integrity: suite.integrity, k1: deriveK(sik, suite.auth, 1), confidentiality: suite.confidentiality, k2: deriveK(sik, suite.auth, 2) };
}
