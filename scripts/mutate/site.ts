/** The vocabulary of the mutation pass: operators, sites (one mutation each) and verdicts. */

/** The operator catalogue (README "npm run mutate" lists what each one does). */
export const OPERATORS = [
  'boundary',
  'relational',
  'equality',
  'logical',
  'arithmetic',
  'constant',
  'boolean',
  'negation-removed',
  'if-condition',
  'ternary-condition',
  'call-removed',
  'enum-literal',
] as const;
export type OperatorName = (typeof OPERATORS)[number];

/** A text edit: replace [start, end) of the file, which must read `original`, with `replacement`. */
export interface Edit {
  start: number;
  end: number;
  original: string;
  replacement: string;
}

/** One mutation of one place of one file. */
export interface Site extends Edit {
  /** Repository-relative path with forward slashes, e.g. simulators/ft/model.ts. */
  file: string;
  /**
   * Stable within the file while the enclosing declaration is unchanged:
   * `<scope>:<operator>:<n>`, e.g. `FtModel.isolate:boundary:0` (the n-th such site in that scope).
   */
  id: string;
  operator: OperatorName;
  /** 1-based, of `start`. */
  line: number;
  column: number;
}

/** `file#id`: how a site is named on the command line, in the equivalents list and in reports. */
export function siteKey(s: Pick<Site, 'file' | 'id'>): string {
  return `${s.file}#${s.id}`;
}

/** One line, at most `max` characters: how an original or a replacement is shown. */
export function shortText(s: string, max = 60): string {
  const one = s.replace(/\s+/g, ' ').trim();
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
}

export function describeSite(s: Site): string {
  return `${s.file}:${s.line}:${s.column} ${s.operator} ${shortText(s.original)} → ${shortText(s.replacement)}`;
}
