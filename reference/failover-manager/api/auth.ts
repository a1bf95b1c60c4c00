/** HTTP Basic auth against one account, compared in constant time; the password is never echoed. */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export interface ApiAccount {
  user: string;
  password: string;
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function authorized(req: IncomingMessage, account: ApiAccount): boolean {
  const m = /^Basic\s+([A-Za-z0-9+/=]+)$/.exec(req.headers.authorization ?? '');
  if (!m) return false;
  const decoded = Buffer.from(m[1] ?? '', 'base64').toString('utf8');
  const i = decoded.indexOf(':');
  return i > 0 && same(decoded.slice(0, i), account.user) && same(decoded.slice(i + 1), account.password);
}
