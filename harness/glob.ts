/** Scenario id globs: `*` any run of characters, `?` one character; a leading `!` excludes. */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  for (const c of glob) {
    if (c === '*') re += '.*';
    else if (c === '?') re += '.';
    else re += c.replace(/[\\^$.|+()[\]{}]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

export function isGlob(s: string): boolean {
  return /[*?]/.test(s);
}

/**
 * Whether `id` is allowed by an ordered list of globs: the last pattern that matches decides
 * ("!x" excludes). A list of only exclusions starts from "allow everything". Undefined = all.
 */
export function allowedBy(id: string, globs: readonly string[] | undefined): boolean {
  if (!globs || globs.length === 0) return true;
  let allowed = globs.every((g) => g.startsWith('!'));
  for (const g of globs) {
    const neg = g.startsWith('!');
    if (globToRegExp(neg ? g.slice(1) : g).test(id)) allowed = !neg;
  }
  return allowed;
}
