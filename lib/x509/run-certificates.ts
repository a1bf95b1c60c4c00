/**
 * Certificates for one run of an emulator: a CA and a server certificate it signs (ECDSA P-256,
 * SHA-256), made in-process with node:crypto and the DER encoder of this folder. The CA's private
 * key never leaves memory; the CA certificate, the server certificate and its key are written to a
 * private temporary folder (0700, key 0600) that `remove()` deletes, and that is deleted when the
 * process exits in any case.
 */
import { generateKeyPairSync, randomBytes, sign, X509Certificate, type KeyObject } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { pem, signedCertificate, tbsCertificate, type CertificateSpec, type DistinguishedName, type KeyUsageName } from './certificate.ts';

/** Prefix of the private folders in os.tmpdir(); each holds `owner.pid`, the pid of the process that made it. */
export const RUN_CERT_DIR_PREFIX = 'ftlab-tls-';
/** Default validity: short, a run's certificates are thrown away with it. */
export const RUN_CERT_VALIDITY_MS = 2 * 24 * 3600_000;
/** notBefore lies this far in the past, so that a client whose clock is a little behind accepts it. */
const BACKDATE_MS = 5 * 60_000;

export interface RunCertificateOptions {
  /**
   * The addresses the server is reached at: IP addresses and DNS names for the server
   * certificate's subjectAltName. 127.0.0.1 and localhost are always included; wildcard binds
   * (0.0.0.0, ::) name no address and are left out.
   */
  hosts?: readonly string[];
  /** Validity from now (default 2 days). */
  validityMs?: number;
  /** Common name of the server certificate (default: ftlab emulator). */
  commonName?: string;
  now?: Date;
}

export interface RunCertificates {
  /** The private folder holding the files. */
  readonly dir: string;
  /** ca.pem: what a client trusts (`ca:` of a lab device, curl --cacert). */
  readonly caFile: string;
  readonly certFile: string;
  readonly keyFile: string;
  readonly caPem: string;
  readonly certPem: string;
  /** The server's private key, PEM (PKCS#8). */
  readonly keyPem: string;
  /** The server certificate, parsed. */
  readonly cert: X509Certificate;
  /** The server certificate's KeyUsage bits (X509Certificate does not expose them). */
  readonly keyUsage: readonly KeyUsageName[];
  remove(): void;
}

function p256(): { publicKey: KeyObject; privateKey: KeyObject } {
  return generateKeyPairSync('ec', { namedCurve: 'P-256' });
}

function serial(): Uint8Array {
  const b = randomBytes(16);
  b[0] = ((b[0] ?? 0) & 0x7f) | 0x01; // positive, no leading zero byte
  return b;
}

function issue(spec: Omit<CertificateSpec, 'serial'>, issuerKey: KeyObject): string {
  const tbs = tbsCertificate({ ...spec, serial: serial() });
  return pem('CERTIFICATE', signedCertificate(tbs, sign('sha256', tbs, issuerKey)));
}

const SERVER_KEY_USAGE: readonly KeyUsageName[] = ['digitalSignature'];

const spki = (k: KeyObject): Uint8Array => k.export({ type: 'spki', format: 'der' });

/** Make the CA and the server certificate and write them to a new private folder. */
export function makeRunCertificates(opts: RunCertificateOptions = {}): RunCertificates {
  const now = opts.now ?? new Date();
  const notBefore = new Date(now.getTime() - BACKDATE_MS);
  const notAfter = new Date(now.getTime() + (opts.validityMs ?? RUN_CERT_VALIDITY_MS));
  const ca = p256();
  const caName: DistinguishedName = { commonName: `ftlab run CA ${randomBytes(4).toString('hex')}`, organization: 'ftlab' };
  const caSpki = spki(ca.publicKey);
  const caPem = issue({ issuer: caName, subject: caName, notBefore, notAfter, subjectPublicKeyInfo: caSpki, issuerPublicKeyInfo: caSpki, ca: true, keyUsage: ['keyCertSign', 'cRLSign'] }, ca.privateKey);
  const server = p256();
  const hosts = (opts.hosts ?? []).map((h) => h.replace(/^\[|\]$/g, '')).filter((h) => h !== '' && h !== '0.0.0.0' && h !== '::');
  const ips = [...new Set(['127.0.0.1', ...hosts.filter((h) => isIP(h) !== 0)])];
  const dns = [...new Set(['localhost', ...hosts.filter((h) => isIP(h) === 0)])];
  const certPem = issue(
    {
      issuer: caName,
      subject: { commonName: opts.commonName ?? 'ftlab emulator', organization: 'ftlab' },
      notBefore,
      notAfter,
      subjectPublicKeyInfo: spki(server.publicKey),
      issuerPublicKeyInfo: caSpki,
      ca: false,
      keyUsage: SERVER_KEY_USAGE,
      extendedKeyUsage: ['serverAuth'],
      subjectAltNames: { ips, dns },
    },
    ca.privateKey,
  );
  const keyPem = server.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  return writeFiles(caPem, certPem, keyPem);
}

function writeFiles(caPem: string, certPem: string, keyPem: string): RunCertificates {
  const dir = mkdtempSync(path.join(os.tmpdir(), RUN_CERT_DIR_PREFIX));
  const remove = (): void => rmSync(dir, { recursive: true, force: true });
  process.once('exit', remove);
  const caFile = path.join(dir, 'ca.pem');
  const certFile = path.join(dir, 'server.pem');
  const keyFile = path.join(dir, 'server-key.pem');
  // who made it: a process killed by SIGKILL cannot remove it, the next embedded lab does (owner gone)
  writeFileSync(path.join(dir, 'owner.pid'), `${process.pid}\n`);
  writeFileSync(caFile, caPem, { mode: 0o644 });
  writeFileSync(certFile, certPem, { mode: 0o644 });
  writeFileSync(keyFile, keyPem, { mode: 0o600 });
  return {
    dir,
    caFile,
    certFile,
    keyFile,
    caPem,
    certPem,
    keyPem,
    cert: new X509Certificate(certPem),
    keyUsage: SERVER_KEY_USAGE,
    remove: () => {
      process.off('exit', remove);
      remove();
    },
  };
}
