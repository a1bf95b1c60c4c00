/**
 * The CertificateService of a service that serves HTTPS: `CertificateLocations` and the HTTPS
 * certificate as a Certificate resource, every property read from the certificate itself
 * (node's X509Certificate). `ReplaceCertificate` and `GenerateCSR` are not offered (not advertised).
 */
import { X509Certificate } from 'node:crypto';
import type { RedfishService } from './service.ts';
import type { JsonObject } from './types.ts';

export const CERTIFICATE_SERVICE = '/redfish/v1/CertificateService';

/** Redfish KeyUsage names (Certificate schema) of the X.509 key usages and extended key usages. */
const KEY_USAGE_NAMES: Readonly<Record<string, string>> = {
  digitalSignature: 'DigitalSignature',
  nonRepudiation: 'NonRepudiation',
  keyEncipherment: 'KeyEncipherment',
  dataEncipherment: 'DataEncipherment',
  keyAgreement: 'KeyAgreement',
  keyCertSign: 'KeyCertSign',
  cRLSign: 'CRLSigning',
  '1.3.6.1.5.5.7.3.1': 'ServerAuthentication',
  '1.3.6.1.5.5.7.3.2': 'ClientAuthentication',
};

export interface ServedCertificate {
  /** The server certificate, PEM. */
  pem: string;
  /** Its KeyUsage bits by ASN.1 name (X509Certificate does not expose them); EKUs are read from the certificate. */
  keyUsage: readonly string[];
}

/** "CN=a\nO=b" → { CommonName: 'a', Organization: 'b' } (the Certificate schema's Identifier). */
export function identifier(dn: string): JsonObject {
  const names: Record<string, string> = { CN: 'CommonName', O: 'Organization', OU: 'OrganizationalUnit', L: 'City', ST: 'State', C: 'Country' };
  const out: JsonObject = {};
  for (const line of dn.split('\n')) {
    const i = line.indexOf('=');
    const key = names[line.slice(0, i)];
    if (i > 0 && key) out[key] = line.slice(i + 1);
  }
  return out;
}

const isoSeconds = (d: string): string => new Date(d).toISOString().replace(/\.\d{3}Z$/, 'Z');

export function certificateBody(served: ServedCertificate): JsonObject {
  const x = new X509Certificate(served.pem);
  const usage = [...served.keyUsage, ...(x.keyUsage ?? [])].map((k) => KEY_USAGE_NAMES[k]).filter((k): k is string => k !== undefined);
  return {
    Id: '1',
    Name: 'HTTPS certificate',
    CertificateString: served.pem,
    CertificateType: 'PEM',
    CertificateUsageTypes: ['Web'],
    Subject: identifier(x.subject),
    Issuer: identifier(x.issuer),
    ValidNotBefore: isoSeconds(x.validFrom),
    ValidNotAfter: isoSeconds(x.validTo),
    SerialNumber: x.serialNumber,
    Fingerprint: x.fingerprint256,
    FingerprintHashAlgorithm: 'TPM_ALG_SHA256',
    SignatureAlgorithm: 'ecdsa-with-SHA256',
    KeyUsage: usage,
  };
}

/**
 * Mount the CertificateService, its CertificateLocations, and `collection` (e.g.
 * `/redfish/v1/Managers/bmc/NetworkProtocol/HTTPS/Certificates`) holding the served certificate as member `1`.
 */
export function mountCertificateService(svc: RedfishService, collection: string, served: ServedCertificate): void {
  const uri = `${collection}/1`;
  svc.resource(CERTIFICATE_SERVICE, {
    type: '#CertificateService.v1_0_5.CertificateService',
    get: () => ({
      Id: 'CertificateService',
      Name: 'Certificate Service',
      CertificateLocations: { '@odata.id': `${CERTIFICATE_SERVICE}/CertificateLocations` },
    }),
  });
  svc.resource(`${CERTIFICATE_SERVICE}/CertificateLocations`, {
    type: '#CertificateLocations.v1_0_4.CertificateLocations',
    get: () => ({ Id: 'CertificateLocations', Name: 'Certificate Locations', Links: { Certificates: [{ '@odata.id': uri }], 'Certificates@odata.count': 1 } }),
  });
  svc.collection(collection, { type: '#CertificateCollection.CertificateCollection', name: 'HTTPS Certificate Collection', members: () => [uri] });
  svc.resource(uri, { type: '#Certificate.v1_8_0.Certificate', get: () => certificateBody(served) });
}
