/**
 * H-01: the BMC's HTTPS identity. The certificate its Redfish endpoint presents (read in a TLS
 * handshake the harness makes itself) is the one it lists for that endpoint
 * (ManagerNetworkProtocol HTTPS.Certificates), each listed Certificate resource states its own
 * certificate's fingerprint and validity, and the presented one is valid now for the address the
 * lab reaches it at. A lab auditing certificates (rotation, expiry) relies on the listing; this
 * checks it against what the wire shows.
 */
import type { CertificateFacts, ListedCertificate, PresentedCertificate } from '../../drivers/capabilities/index.ts';
import { ftScenario } from './lib/define.ts';
import { sutDeadline } from './lib/time.ts';

const REQ = ['H-01'];
const hex = (f: string | null): string => (f ?? '').replace(/[^0-9a-f]/gi, '').toUpperCase();
const day = (ms: number): string => new Date(ms).toISOString();
/** ISO times in a Certificate resource have whole seconds; the certificate's own may not. */
const sameInstant = (claimed: string | null, ms: number): boolean => claimed !== null && Math.abs(Date.parse(claimed) - ms) < 1000;

export function claimProblem(c: ListedCertificate): string | null {
  if (c.missing) return c.missing;
  if (!c.pem) return `${c.uri}: no readable CertificateString`;
  const p: CertificateFacts = c.pem;
  if (hex(c.claims.fingerprint) !== hex(p.fingerprint256)) return `${c.uri}: Fingerprint ${c.claims.fingerprint ?? '(none)'} is not its certificate's ${p.fingerprint256}`;
  if (!sameInstant(c.claims.validNotBefore, p.validFrom)) return `${c.uri}: ValidNotBefore ${c.claims.validNotBefore ?? '(none)'} is not its certificate's ${day(p.validFrom)}`;
  if (!sameInstant(c.claims.validNotAfter, p.validTo)) return `${c.uri}: ValidNotAfter ${c.claims.validNotAfter ?? '(none)'} is not its certificate's ${day(p.validTo)}`;
  return null;
}

export function validityProblem(p: PresentedCertificate, now: number): string | null {
  if (now < p.validFrom || now > p.validTo) return `valid ${day(p.validFrom)} to ${day(p.validTo)}, not now (${day(now)})`;
  if (!p.altNames.includes(p.host)) return `its subjectAltName (${p.altNames.join(', ') || 'none'}) does not name ${p.host}`;
  return null;
}

export const ftBmcCertificate = ftScenario({
  id: 'ft-bmc-certificate',
  title: "The BMC lists the HTTPS certificate it presents, its Certificate resources state their certificates' own facts, and it is valid for the lab's address",
  requirements: REQ,
  tags: ['ft', 'bmc', 'tls'],
  needs: ['BmcCertificate'],
  timeoutMs: 120_000,
  async run(ctx) {
    const presented = await ctx.phase('the certificate presented in a TLS handshake', sutDeadline(ctx, 30_000), (signal) => ctx.caps.BmcCertificate.presented(signal));
    if (!presented) return ctx.skip('the BMC is reached over plain HTTP: no certificate to check');
    const listed = await ctx.phase('the certificates listed for HTTPS', sutDeadline(ctx, 30_000), (signal) => ctx.caps.BmcCertificate.listed(signal));
    ctx.check('the BMC lists the certificate it presents (ManagerNetworkProtocol HTTPS.Certificates)', { kind: 'assertion', requirements: REQ }, () => {
      if (listed.some((c) => c.pem?.fingerprint256 === presented.fingerprint256)) return true;
      const what = listed.map((c) => c.missing ?? `${c.uri} ${c.pem?.fingerprint256 ?? '(unreadable)'}`).join('; ');
      return `it presents ${presented.fingerprint256} (${presented.subject.replace(/\n/g, ', ')}) but lists ${what || 'no certificate'}`;
    });
    ctx.check("each listed Certificate resource states its own certificate's fingerprint and validity", { kind: 'assertion', requirements: REQ }, () => {
      const problems = listed.flatMap((c) => claimProblem(c) ?? []);
      return problems.length === 0 ? true : problems.join('; ');
    });
    ctx.check('the presented certificate is valid now and names the address the lab reaches the BMC at', { kind: 'assertion', requirements: REQ }, () =>
      validityProblem(presented, ctx.clock.wallNow()) ?? true,
    );
  },
});
