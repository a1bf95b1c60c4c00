/**
 * Secret redaction for logs, history and reports. Two nets:
 * - by key: any property whose name looks like a credential is replaced;
 * - by value: secrets registered at run time (passwords read from files/env, session tokens)
 *   are replaced wherever they appear inside strings.
 */
const SECRET_KEY = /pass(word|wd|phrase)?|secret|token|authorization|cookie|credential|x-auth|kg$|bmc_?key/i;
export const REDACTED = '***';

/** `scheme://user:` (kept) then the password up to the last "@" before a space or quote (masked). */
const URL_USERINFO = /(\b[a-z][a-z0-9+.-]*:\/\/[^\s/?#@:"'`]*:)[^\s"'`]*@/gi;

const knownSecrets = new Set<string>();
/** The registered secrets, longest first: a secret that contains a shorter one is masked whole. */
let longestFirst: string[] = [];

/**
 * Documented default passwords (the emulators' `admin` / `ftlab`) are public, not secrets; masking
 * them would also mangle the product name in every log line.
 */
const PUBLIC_DEFAULTS = new Set(['ftlab']);

/** Register a secret value (>= 4 chars) so it is masked anywhere it shows up. */
export function registerSecret(value: string | undefined): void {
  if (!value || value.length < 4 || PUBLIC_DEFAULTS.has(value) || knownSecrets.has(value)) return;
  knownSecrets.add(value);
  longestFirst = [...knownSecrets].sort((a, b) => b.length - a.length);
}

export function redactString(s: string): string {
  let out = s;
  for (const secret of longestFirst) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
  // Credentials embedded in URLs: scheme://user:password@host. The password runs to the last "@"
  // of the word (it may hold "/", ":" or "@" when written unencoded): masking too much is safe.
  out = out.replace(URL_USERINFO, `$1${REDACTED}@`);
  return out;
}

export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key);
}

/** Deep copy of `value` with secrets masked. Cycles are cut. */
export function redact<T>(value: T, seen = new WeakSet<object>()): T {
  if (typeof value === 'string') return redactString(value) as T;
  if (value === null || typeof value !== 'object') return value;
  if (seen.has(value)) return '[cycle]' as T;
  // `seen` holds the ancestors only: an object referenced twice (not a cycle) is copied twice.
  seen.add(value);
  try {
    if (Array.isArray(value)) return value.map((v) => redact(v, seen)) as T;
    if (value instanceof Error) {
      return { name: value.name, message: redactString(value.message) } as T;
    }
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      out[k] = isSecretKey(k) && v !== null && v !== undefined && typeof v !== 'boolean' ? REDACTED : redact(v, seen);
    }
    return out as T;
  } finally {
    seen.delete(value);
  }
}
