/**
 * BmcCertificate over Redfish: the certificate presented in a TLS handshake made with the client's
 * own trust settings, and the Certificate resources ManagerNetworkProtocol HTTPS.Certificates links.
 */
import { X509Certificate } from 'node:crypto';
import type https from 'node:https';
import tls from 'node:tls';
import type { BmcCertificate, CertificateFacts, ListedCertificate, PresentedCertificate } from '../../capabilities/bmc-certificate.ts';
import { InfraError } from '../../../lib/errors.ts';
import type { RedfishClient } from '../client.ts';
import type { RedfishDiscovery } from '../discovery.ts';
import { RedfishNotFoundError } from '../errors.ts';
import { isObject } from '../json.ts';

const HANDSHAKE_MS = 10_000;

function factsOf(x: X509Certificate): CertificateFacts {
  const altNames = (x.subjectAltName ?? '').split(', ').flatMap((n) => (/^(DNS|IP Address):/.test(n) ? [n.slice(n.indexOf(':') + 1)] : []));
  return { fingerprint256: x.fingerprint256, subject: x.subject, validFrom: Date.parse(x.validFrom), validTo: Date.parse(x.validTo), altNames };
}

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** `read()`, or what the BMC said when the resource it links is not there (404). */
async function notFound<T>(uri: string, read: () => Promise<T>): Promise<T | string> {
  try {
    return await read();
  } catch (e) {
    if (e instanceof RedfishNotFoundError) return `${uri} is linked but answers 404`;
    throw e;
  }
}

const unreadable = (uri: string, missing: string): ListedCertificate => ({ uri, pem: null, claims: { fingerprint: null, validNotBefore: null, validNotAfter: null }, missing });

export class RedfishBmcCertificate implements BmcCertificate {
  readonly kind = 'BmcCertificate' as const;
  constructor(
    private readonly client: RedfishClient,
    private readonly discovery: RedfishDiscovery,
  ) {}

  presented(signal?: AbortSignal): Promise<PresentedCertificate | null> {
    const url = new URL(this.client.baseUrl);
    if (url.protocol !== 'https:') return Promise.resolve(null);
    const { ca, rejectUnauthorized } = (this.client.httpAgent as https.Agent).options;
    const host = url.hostname.replace(/^\[|\]$/g, '');
    return new Promise((resolve, reject) => {
      const fail = (e: Error): void => reject(new InfraError(`${url.host}: TLS handshake for its certificate: ${e.message}`, { cause: e }));
      const socket = tls.connect({ host, port: Number(url.port || 443), ca, rejectUnauthorized: rejectUnauthorized !== false, ...(/^[\d.:]+$/.test(host) ? {} : { servername: host }) });
      const abort = (): void => void socket.destroy(new Error('aborted'));
      signal?.addEventListener('abort', abort, { once: true });
      socket.once('close', () => signal?.removeEventListener('abort', abort));
      socket.setTimeout(HANDSHAKE_MS, () => socket.destroy(new Error(`no handshake within ${HANDSHAKE_MS} ms`)));
      socket.once('error', fail);
      socket.once('secureConnect', () => {
        const raw = socket.getPeerX509Certificate();
        socket.end();
        resolve(raw ? { ...factsOf(raw), host } : null);
      });
    });
  }

  async listed(signal?: AbortSignal): Promise<ListedCertificate[]> {
    const sig = signal ? { signal } : {};
    const [manager] = await this.discovery.managers(sig);
    if (!manager) return [];
    const mgr = (await this.client.get(manager, sig)).body;
    const protoUri = isObject(mgr) && isObject(mgr.NetworkProtocol) ? str(mgr.NetworkProtocol['@odata.id']) : null;
    if (!protoUri) return [];
    const proto = (await this.client.get(protoUri, sig)).body;
    const https = isObject(proto) && isObject(proto.HTTPS) ? proto.HTTPS : null;
    const collection = https && isObject(https.Certificates) ? str(https.Certificates['@odata.id']) : null;
    if (!collection) return [];
    const members = await notFound(collection, () => this.client.members(collection, sig));
    if (typeof members === 'string') return [unreadable(collection, members)];
    return Promise.all(members.map((uri) => this.read(uri, sig)));
  }

  private async read(uri: string, sig: { signal?: AbortSignal }): Promise<ListedCertificate> {
    const res = await notFound(uri, () => this.client.get(uri, sig));
    if (typeof res === 'string') return unreadable(uri, res);
    const body = res.body;
    const b = isObject(body) ? body : {};
    let pem: CertificateFacts | null = null;
    try {
      const s = str(b.CertificateString);
      pem = s ? factsOf(new X509Certificate(s)) : null;
    } catch {
      pem = null;
    }
    return { uri, pem, claims: { fingerprint: str(b.Fingerprint), validNotBefore: str(b.ValidNotBefore), validNotAfter: str(b.ValidNotAfter) } };
  }
}
