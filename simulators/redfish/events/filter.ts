/**
 * `$filter` on the SSE URI (DSP0266 §"Server-sent events"): OData-style `eq` / `ne`, `and`, `or`,
 * `not` and parentheses over a fixed set of event properties. Values may be quoted ('…', with ''
 * for a quote) or bare (`EventFormatType eq Event`), since real clients send both.
 */
import { at } from '../../../lib/checked.ts';
import { FtlabError } from '../../../lib/errors.ts';

export const FILTER_PROPERTIES = ['EventFormatType', 'MessageId', 'OriginResource', 'RegistryPrefix', 'ResourceType', 'MessageSeverity'] as const;
export type FilterProperty = (typeof FILTER_PROPERTIES)[number];

/** Aliases accepted for convenience. */
const ALIASES: Record<string, FilterProperty> = { Severity: 'MessageSeverity', OriginOfCondition: 'OriginResource' };

/** The values of one event that a filter can look at. */
export type FilterSubject = Record<FilterProperty, string | undefined>;

export type FilterNode =
  | { op: 'eq' | 'ne'; property: FilterProperty; value: string }
  | { op: 'and' | 'or'; left: FilterNode; right: FilterNode }
  | { op: 'not'; operand: FilterNode };

export class FilterSyntaxError extends FtlabError {
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(`$filter: ${message} at position ${position}`);
  }
}

export class FilterPropertyError extends FtlabError {
  constructor(readonly property: string) {
    super(`$filter: property "${property}" cannot be filtered on; supported: ${FILTER_PROPERTIES.join(', ')}`);
  }
}

type Token = { kind: 'lparen' | 'rparen' } | { kind: 'word'; text: string } | { kind: 'string'; text: string };
interface Positioned {
  tok: Token;
  pos: number;
}

function tokenize(src: string): Positioned[] {
  const out: Positioned[] = [];
  let i = 0;
  while (i < src.length) {
    const c = at(src, i, '$filter: character');
    if (c === ' ' || c === '\t') {
      i++;
    } else if (c === '(' || c === ')') {
      out.push({ tok: { kind: c === '(' ? 'lparen' : 'rparen' }, pos: i });
      i++;
    } else if (c === "'" || c === '"') {
      const start = i;
      let text = '';
      i++;
      for (;;) {
        if (i >= src.length) throw new FilterSyntaxError('unterminated string', start);
        const d = at(src, i, '$filter: character in a string');
        if (d === c) {
          if (src[i + 1] === c) {
            text += c;
            i += 2;
            continue;
          }
          i++;
          break;
        }
        text += d;
        i++;
      }
      out.push({ tok: { kind: 'string', text }, pos: start });
    } else {
      const start = i;
      while (i < src.length && !' \t()\'"'.includes(at(src, i, '$filter: character in a word'))) i++;
      out.push({ tok: { kind: 'word', text: src.slice(start, i) }, pos: start });
    }
  }
  return out;
}

/** Parse a filter expression into a tree; throws FilterSyntaxError / FilterPropertyError. */
export function parseFilter(src: string): FilterNode {
  const toks = tokenize(src);
  let k = 0;
  const peekWord = (): string | undefined => {
    const t = toks[k]?.tok;
    return t?.kind === 'word' ? t.text : undefined;
  };
  const posHere = (): number => toks[k]?.pos ?? src.length;

  function parseOr(): FilterNode {
    let left = parseAnd();
    while (peekWord() === 'or') {
      k++;
      left = { op: 'or', left, right: parseAnd() };
    }
    return left;
  }
  function parseAnd(): FilterNode {
    let left = parseUnary();
    while (peekWord() === 'and') {
      k++;
      left = { op: 'and', left, right: parseUnary() };
    }
    return left;
  }
  function parseUnary(): FilterNode {
    const t = toks[k];
    if (!t) throw new FilterSyntaxError('expression expected', src.length);
    if (t.tok.kind === 'word' && t.tok.text === 'not') {
      k++;
      return { op: 'not', operand: parseUnary() };
    }
    if (t.tok.kind === 'lparen') {
      k++;
      const inner = parseOr();
      if (toks[k]?.tok.kind !== 'rparen') throw new FilterSyntaxError("')' expected", posHere());
      k++;
      return inner;
    }
    return parseComparison();
  }
  function parseComparison(): FilterNode {
    const propTok = toks[k];
    if (!propTok || propTok.tok.kind !== 'word') throw new FilterSyntaxError('property name expected', posHere());
    const name = propTok.tok.text;
    const property = (FILTER_PROPERTIES as readonly string[]).includes(name) ? (name as FilterProperty) : ALIASES[name];
    if (!property) {
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name) || ['and', 'or', 'not', 'eq', 'ne'].includes(name)) throw new FilterSyntaxError(`property name expected, found "${name}"`, propTok.pos);
      throw new FilterPropertyError(name);
    }
    k++;
    const op = peekWord();
    if (op !== 'eq' && op !== 'ne') throw new FilterSyntaxError(`'eq' or 'ne' expected after ${name}`, posHere());
    k++;
    const valTok = toks[k];
    if (!valTok || (valTok.tok.kind !== 'word' && valTok.tok.kind !== 'string')) throw new FilterSyntaxError(`value expected after ${name} ${op}`, posHere());
    k++;
    return { op, property, value: valTok.tok.text };
  }

  if (src.trim() === '') throw new FilterSyntaxError('empty expression', 0);
  const tree = parseOr();
  if (k < toks.length) throw new FilterSyntaxError('unexpected text', posHere());
  return tree;
}

/** MessageIds compare exactly, or without the version when the filter value has none (`ResourceEvent.ResourcePoweredOn`). */
function messageIdMatches(actual: string | undefined, wanted: string): boolean {
  if (actual === undefined) return false;
  if (actual === wanted) return true;
  const a = actual.split('.');
  const w = wanted.split('.');
  return w.length === 2 && a[0] === w[0] && a[a.length - 1] === w[1];
}

export function evaluateFilter(node: FilterNode, subject: FilterSubject): boolean {
  switch (node.op) {
    case 'and':
      return evaluateFilter(node.left, subject) && evaluateFilter(node.right, subject);
    case 'or':
      return evaluateFilter(node.left, subject) || evaluateFilter(node.right, subject);
    case 'not':
      return !evaluateFilter(node.operand, subject);
    case 'eq':
    case 'ne': {
      const actual = subject[node.property];
      const equal = node.property === 'MessageId' ? messageIdMatches(actual, node.value) : actual === node.value;
      return node.op === 'eq' ? equal : !equal;
    }
  }
}

/** Parse once, evaluate many times. */
export function compileFilter(src: string): (subject: FilterSubject) => boolean {
  const tree = parseFilter(src);
  return (subject) => evaluateFilter(tree, subject);
}
