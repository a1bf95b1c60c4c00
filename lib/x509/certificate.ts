/**
 * X.509 v3 certificates (RFC 5280) as DER, from a spec: the TBSCertificate encoder and the
 * signed wrapper. Pure: the caller brings the subject's SubjectPublicKeyInfo (DER) and signs
 * the TBS bytes with the issuer's key (ECDSA P-256 with SHA-256, the one algorithm used here).
 */
import { createHash } from 'node:crypto';
import { isIPv4, isIPv6 } from 'node:net';
import { bitString, boolean, DerEncodeError, explicit, ia5Bytes, implicitPrimitive, integer, namedBits, octetString, oid, sequence, set, time, utf8String } from './der.ts';

export const ECDSA_WITH_SHA256 = '1.2.840.10045.4.3.2';

/** KeyUsage bits (RFC 5280 §4.2.1.3), by their ASN.1 names. */
export const KEY_USAGE_BITS = {
  digitalSignature: 0,
  nonRepudiation: 1,
  keyEncipherment: 2,
  dataEncipherment: 3,
  keyAgreement: 4,
  keyCertSign: 5,
  cRLSign: 6,
} as const;
export type KeyUsageName = keyof typeof KEY_USAGE_BITS;

const EXTENDED_KEY_USAGE = { serverAuth: '1.3.6.1.5.5.7.3.1', clientAuth: '1.3.6.1.5.5.7.3.2' } as const;
export type ExtendedKeyUsageName = keyof typeof EXTENDED_KEY_USAGE;

const NAME_ATTRIBUTES = { commonName: '2.5.4.3', organization: '2.5.4.10', organizationalUnit: '2.5.4.11' } as const;
export type DistinguishedName = Partial<Record<keyof typeof NAME_ATTRIBUTES, string>>;

export interface CertificateSpec {
  /** Positive serial number, at most 20 bytes (RFC 5280 §4.1.2.2). */
  serial: Uint8Array;
  issuer: DistinguishedName;
  subject: DistinguishedName;
  notBefore: Date;
  notAfter: Date;
  /** The subject's SubjectPublicKeyInfo, DER (KeyObject.export({ type: 'spki', format: 'der' })). */
  subjectPublicKeyInfo: Uint8Array;
  /** The issuer's SubjectPublicKeyInfo (for the authority key identifier); the subject's own when self-signed. */
  issuerPublicKeyInfo: Uint8Array;
  ca: boolean;
  keyUsage: readonly KeyUsageName[];
  extendedKeyUsage?: readonly ExtendedKeyUsageName[];
  subjectAltNames?: { ips?: readonly string[]; dns?: readonly string[] };
}

/** Key identifier: the first 160 bits of SHA-256 over the SubjectPublicKeyInfo (RFC 7093 §2, method 4 style). */
export function keyIdentifier(spki: Uint8Array): Buffer {
  return createHash('sha256').update(spki).digest().subarray(0, 20);
}

export function distinguishedName(dn: DistinguishedName): Uint8Array {
  const rdns = (Object.keys(NAME_ATTRIBUTES) as Array<keyof typeof NAME_ATTRIBUTES>)
    .filter((k) => dn[k] !== undefined)
    .map((k) => set(sequence(oid(NAME_ATTRIBUTES[k]), utf8String(dn[k] ?? ''))));
  return sequence(...rdns);
}

/** An IP address as the 4 or 16 bytes of a GeneralName iPAddress. */
export function ipBytes(ip: string): Uint8Array {
  if (isIPv4(ip)) return Uint8Array.from(ip.split('.').map(Number));
  if (!isIPv6(ip)) throw new DerEncodeError(`iPAddress: expected an IPv4 or IPv6 address, got "${ip}"`);
  const [head = '', tail = ''] = ip.includes('::') ? ip.split('::') : [ip, ''];
  const groups = (s: string): number[] => (s ? s.split(':').flatMap((g) => (g.includes('.') ? [...ipv4Groups(g)] : [parseInt(g, 16)])) : []);
  const h = groups(head);
  const t = groups(tail);
  const all = [...h, ...new Array<number>(8 - h.length - t.length).fill(0), ...t];
  return Uint8Array.from(all.flatMap((g) => [g >> 8, g & 0xff]));
}

function ipv4Groups(dotted: string): number[] {
  const [a = 0, b = 0, c = 0, d = 0] = dotted.split('.').map(Number);
  return [(a << 8) | b, (c << 8) | d];
}

function extension(id: string, critical: boolean, value: Uint8Array): Uint8Array {
  return sequence(oid(id), ...(critical ? [boolean(true)] : []), octetString(value));
}

function extensions(spec: CertificateSpec): Uint8Array {
  const list = [
    extension('2.5.29.19', true, spec.ca ? sequence(boolean(true)) : sequence()),
    extension('2.5.29.15', true, namedBits(spec.keyUsage.map((k) => KEY_USAGE_BITS[k]))),
    extension('2.5.29.14', false, octetString(keyIdentifier(spec.subjectPublicKeyInfo))),
    extension('2.5.29.35', false, sequence(implicitPrimitive(0, keyIdentifier(spec.issuerPublicKeyInfo)))),
  ];
  if (spec.extendedKeyUsage?.length) list.push(extension('2.5.29.37', false, sequence(...spec.extendedKeyUsage.map((k) => oid(EXTENDED_KEY_USAGE[k])))));
  const san = spec.subjectAltNames;
  // GeneralName: dNSName is [2] IMPLICIT IA5String, iPAddress [7] IMPLICIT OCTET STRING.
  const generalNames = [...(san?.dns ?? []).map((d) => implicitPrimitive(2, ia5Bytes(d))), ...(san?.ips ?? []).map((ip) => implicitPrimitive(7, ipBytes(ip)))];
  if (generalNames.length) list.push(extension('2.5.29.17', false, sequence(...generalNames)));
  return explicit(3, sequence(...list));
}

export function tbsCertificate(spec: CertificateSpec): Uint8Array {
  if (spec.serial.length === 0 || spec.serial.length > 20) throw new DerEncodeError(`serial: expected 1 to 20 bytes, got ${spec.serial.length}`);
  if (!(spec.notAfter.getTime() > spec.notBefore.getTime())) throw new DerEncodeError('validity: expected notAfter after notBefore');
  return sequence(
    explicit(0, integer(2n)), // v3
    integer(spec.serial),
    sequence(oid(ECDSA_WITH_SHA256)),
    distinguishedName(spec.issuer),
    sequence(time(spec.notBefore), time(spec.notAfter)),
    distinguishedName(spec.subject),
    spec.subjectPublicKeyInfo,
    extensions(spec),
  );
}

/** The signed certificate: TBS, algorithm, signature (a DER ECDSA-Sig-Value, as node:crypto's sign gives it). */
export function signedCertificate(tbs: Uint8Array, signature: Uint8Array): Uint8Array {
  return sequence(tbs, sequence(oid(ECDSA_WITH_SHA256)), bitString(signature));
}

export function pem(label: string, der: Uint8Array): string {
  const b64 = Buffer.from(der).toString('base64');
  return `-----BEGIN ${label}-----\n${b64.replace(/(.{64})/g, '$1\n').replace(/\n$/, '')}\n-----END ${label}-----\n`;
}
