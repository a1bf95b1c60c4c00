/**
 * The BMC's HTTPS identity: the certificate its Redfish endpoint presents in the TLS handshake, and
 * the certificates it lists for that endpoint (ManagerNetworkProtocol HTTPS.Certificates), each with
 * what its Certificate resource claims about it. A lab checks that a BMC lists what it serves
 * (certificate rotation, audits) without trusting the listing alone.
 */
export interface CertificateFacts {
  /** SHA-256 fingerprint, colon-separated upper-case hex (node's X509Certificate.fingerprint256). */
  fingerprint256: string;
  subject: string;
  /** Epoch ms. */
  validFrom: number;
  validTo: number;
  /** DNS and IP names of the subjectAltName extension. */
  altNames: string[];
}

/** The presented certificate and the host name or address the client reached the endpoint at. */
export interface PresentedCertificate extends CertificateFacts {
  host: string;
}

export interface ListedCertificate {
  uri: string;
  /** Read from its CertificateString; null when it has none or it does not parse. */
  pem: CertificateFacts | null;
  /** What the resource itself says: Fingerprint, ValidNotBefore, ValidNotAfter (null when absent). */
  claims: { fingerprint: string | null; validNotBefore: string | null; validNotAfter: string | null };
  /** Set when the link leads nowhere (the collection or the resource answers 404): the BMC's own broken link. */
  missing?: string;
}

export interface BmcCertificate {
  readonly kind: 'BmcCertificate';
  /** The certificate the endpoint presents (verified as the client verifies it); null over plain HTTP. */
  presented(signal?: AbortSignal): Promise<PresentedCertificate | null>;
  /** The certificates listed for the HTTPS endpoint; [] when the manager links none. */
  listed(signal?: AbortSignal): Promise<ListedCertificate[]>;
}
