/** RMCP+ algorithms (Tables 13-17/18/19) and cipher suites (§22.15.2, Table 22-20). */
export const AUTH_ALG = { NONE: 0x00, HMAC_SHA1: 0x01, HMAC_MD5: 0x02, HMAC_SHA256: 0x03 } as const;
export const INTEGRITY_ALG = { NONE: 0x00, HMAC_SHA1_96: 0x01, HMAC_MD5_128: 0x02, MD5_128: 0x03, HMAC_SHA256_128: 0x04 } as const;
export const CONF_ALG = { NONE: 0x00, AES_CBC_128: 0x01, XRC4_128: 0x02, XRC4_40: 0x03 } as const;

export interface CipherSuite {
  id: number;
  auth: number;
  integrity: number;
  confidentiality: number;
}

const TABLE: ReadonlyArray<[number, number, number, number]> = [
  [0, 0, 0, 0],
  [1, 1, 0, 0],
  [2, 1, 1, 0],
  [3, 1, 1, 1],
  [4, 1, 1, 2],
  [5, 1, 1, 3],
  [6, 2, 0, 0],
  [7, 2, 2, 0],
  [8, 2, 2, 1],
  [9, 2, 2, 2],
  [10, 2, 2, 3],
  [11, 2, 3, 0],
  [12, 2, 3, 1],
  [13, 2, 3, 2],
  [14, 2, 3, 3],
  [15, 3, 0, 0],
  [16, 3, 4, 0],
  [17, 3, 4, 1],
  [18, 3, 4, 2],
  [19, 3, 4, 3],
];

export const CIPHER_SUITES: Readonly<Record<number, CipherSuite>> = Object.fromEntries(
  TABLE.map(([id, auth, integrity, confidentiality]) => [id, { id, auth, integrity, confidentiality }]),
);

/** The suite id with exactly these algorithms, or undefined. */
export function suiteFor(auth: number, integrity: number, confidentiality: number): CipherSuite | undefined {
  return Object.values(CIPHER_SUITES).find((s) => s.auth === auth && s.integrity === integrity && s.confidentiality === confidentiality);
}

const IMPLEMENTED = new Set([0, 1, 2, 3, 15, 16, 17]);

/** Suites this codec can run: auth none/SHA1/SHA256, integrity none/SHA1-96/SHA256-128, confidentiality none/AES-CBC-128. */
export function isImplemented(suite: CipherSuite | number): boolean {
  return IMPLEMENTED.has(typeof suite === 'number' ? suite : suite.id);
}

/** Hash behind an authentication algorithm, or null for "none". */
export function authHash(auth: number): 'sha1' | 'md5' | 'sha256' | null {
  if (auth === AUTH_ALG.HMAC_SHA1) return 'sha1';
  if (auth === AUTH_ALG.HMAC_MD5) return 'md5';
  if (auth === AUTH_ALG.HMAC_SHA256) return 'sha256';
  return null;
}

/** AuthCode length on the wire for an integrity algorithm (0 for none). */
export function integrityCodeLength(integrity: number): number {
  if (integrity === INTEGRITY_ALG.HMAC_SHA1_96) return 12;
  if (integrity === INTEGRITY_ALG.HMAC_MD5_128 || integrity === INTEGRITY_ALG.MD5_128 || integrity === INTEGRITY_ALG.HMAC_SHA256_128) return 16;
  return 0;
}
