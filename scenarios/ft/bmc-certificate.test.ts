import test from 'ava';
import type { ListedCertificate, PresentedCertificate } from '../../drivers/capabilities/index.ts';
import { claimProblem, validityProblem } from './bmc-certificate.ts';

const FACTS = { fingerprint256: 'AA:BB:CC', subject: 'CN=bmc', validFrom: Date.UTC(2026, 11, 1, 10, 0, 0, 500), validTo: Date.UTC(2026, 11, 3), altNames: ['127.0.0.1'] };
const listed = (claims: Partial<ListedCertificate['claims']>, extra: Partial<ListedCertificate> = {}): ListedCertificate => ({
  uri: '/c/1',
  pem: FACTS,
  claims: { fingerprint: 'aabbcc', validNotBefore: '2026-12-01T10:00:00Z', validNotAfter: '2026-12-03T00:00:00Z', ...claims },
  ...extra,
});

test("a Certificate resource must state its own certificate's fingerprint and validity (case, colons and sub-second digits aside)", (t) => {
  t.is(claimProblem(listed({})), null);
  t.regex(claimProblem(listed({ fingerprint: 'AA:BB:CD' })) ?? '', /Fingerprint AA:BB:CD is not its certificate's AA:BB:CC/);
  t.regex(claimProblem(listed({ validNotAfter: '2027-12-03T00:00:00Z' })) ?? '', /ValidNotAfter/);
  t.regex(claimProblem(listed({ validNotBefore: null })) ?? '', /ValidNotBefore \(none\)/);
  t.is(claimProblem(listed({}, { missing: '/c is linked but answers 404' })), '/c is linked but answers 404');
  t.regex(claimProblem(listed({}, { pem: null })) ?? '', /no readable CertificateString/);
});

test('the presented certificate must be valid now and name the address the lab reaches the BMC at', (t) => {
  const p: PresentedCertificate = { ...FACTS, host: '127.0.0.1' };
  t.is(validityProblem(p, Date.UTC(2026, 11, 2)), null);
  t.regex(validityProblem(p, Date.UTC(2026, 11, 4)) ?? '', /not now/);
  t.regex(validityProblem({ ...p, host: '127.0.0.2' }, Date.UTC(2026, 11, 2)) ?? '', /does not name 127.0.0.2/);
});
