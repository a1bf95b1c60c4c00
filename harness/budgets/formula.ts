/**
 * A tiny arithmetic language for budget limits that depend on the system, e.g.
 * `memoryGiB * 1000 / 8 + 500` (FT-09: the hypervisor-mode blackout grows with memory size).
 * Numbers, parameter names, + - * /, unary minus, parentheses, and min(a, b) / max(a, b).
 * Parsed once at load (no eval); evaluated with named parameters.
 */
import { at } from '../../lib/checked.ts';
import { FtlabError } from '../../lib/errors.ts';

export class FormulaError extends FtlabError {}

export type Expr =
  | { op: 'num'; value: number }
  | { op: 'param'; name: string }
  | { op: 'neg'; arg: Expr }
  | { op: '+' | '-' | '*' | '/'; left: Expr; right: Expr }
  | { op: 'call'; fn: 'min' | 'max'; args: Expr[] };

type Token = { kind: 'num'; value: number; at: number } | { kind: 'id'; name: string; at: number } | { kind: 'sym'; sym: string; at: number };

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = at(src, i, 'formula: character');
    if (/\s/.test(c)) {
      i++;
    } else if (/[0-9.]/.test(c)) {
      const m = /^(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/.exec(src.slice(i));
      if (!m) throw new FormulaError(`bad number at column ${i + 1}`);
      out.push({ kind: 'num', value: Number(m[0]), at: i });
      i += m[0].length;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i));
      if (!m) throw new FormulaError(`bad name at column ${i + 1}`);
      out.push({ kind: 'id', name: m[0], at: i });
      i += m[0].length;
    } else if ('+-*/(),'.includes(c)) {
      out.push({ kind: 'sym', sym: c, at: i });
      i++;
    } else {
      throw new FormulaError(`unexpected character "${c}" at column ${i + 1}`);
    }
  }
  return out;
}

/** Longest formula accepted (a left-deep chain of operators is at most this deep when evaluated). */
export const FORMULA_MAX_LENGTH = 1000;
/** Deepest nesting of parentheses, function calls and unary signs (the parser recurses per level). */
export const FORMULA_MAX_DEPTH = 32;

/** Parse a formula; throws FormulaError naming the column of the problem. */
export function parseFormula(src: string): Expr {
  if (src.length > FORMULA_MAX_LENGTH) throw new FormulaError(`expected at most ${FORMULA_MAX_LENGTH} characters (it has ${src.length})`);
  const tokens = tokenize(src);
  let pos = 0;
  let depth = 0;
  /** Enter one nesting level opened by the token just taken ("(", "-", ","); FormulaError past FORMULA_MAX_DEPTH. */
  const nest = <T>(fn: () => T): T => {
    if (++depth > FORMULA_MAX_DEPTH) {
      const opener = tokens[pos - 1];
      throw new FormulaError(`nested deeper than ${FORMULA_MAX_DEPTH} levels at ${opener ? `column ${opener.at + 1}` : where()}`);
    }
    try {
      return fn();
    } finally {
      depth--;
    }
  };
  const peek = (): Token | undefined => tokens[pos];
  const where = (): string => {
    const t = peek();
    return t ? `column ${t.at + 1}` : 'the end';
  };
  const isSym = (s: string): boolean => {
    const t = peek();
    return t?.kind === 'sym' && t.sym === s;
  };
  /** The next token when it is one of `syms` (consumed), else undefined. */
  const takeSym = <S extends string>(...syms: S[]): S | undefined => {
    const t = peek();
    const s = t?.kind === 'sym' ? syms.find((x) => x === t.sym) : undefined;
    if (s !== undefined) pos++;
    return s;
  };
  const expect = (s: string): void => {
    if (!isSym(s)) throw new FormulaError(`expected "${s}" at ${where()}`);
    pos++;
  };
  function expr(): Expr {
    let left = term();
    for (let op = takeSym('+', '-'); op; op = takeSym('+', '-')) left = { op, left, right: term() };
    return left;
  }
  function term(): Expr {
    let left = unary();
    for (let op = takeSym('*', '/'); op; op = takeSym('*', '/')) left = { op, left, right: unary() };
    return left;
  }
  function unary(): Expr {
    if (isSym('-')) {
      pos++;
      return { op: 'neg', arg: nest(unary) };
    }
    if (isSym('+')) {
      pos++;
      return nest(unary);
    }
    return primary();
  }
  function primary(): Expr {
    const t = peek();
    if (!t) throw new FormulaError('unexpected end of formula');
    if (t.kind === 'num') {
      pos++;
      return { op: 'num', value: t.value };
    }
    if (t.kind === 'id') {
      pos++;
      if (isSym('(')) {
        if (t.name !== 'min' && t.name !== 'max') throw new FormulaError(`unknown function "${t.name}" (known: min, max)`);
        pos++;
        const args = [nest(expr)];
        while (isSym(',')) {
          pos++;
          args.push(nest(expr));
        }
        expect(')');
        return { op: 'call', fn: t.name, args };
      }
      return { op: 'param', name: t.name };
    }
    if (t.sym === '(') {
      pos++;
      const e = nest(expr);
      expect(')');
      return e;
    }
    throw new FormulaError(`unexpected "${t.sym}" at column ${t.at + 1}`);
  }
  if (tokens.length === 0) throw new FormulaError('empty formula');
  const e = expr();
  if (pos < tokens.length) throw new FormulaError(`unexpected input at ${where()}`);
  return e;
}

/** Names of the parameters a formula uses. */
export function formulaParams(e: Expr, into = new Set<string>()): Set<string> {
  switch (e.op) {
    case 'num':
      break;
    case 'param':
      into.add(e.name);
      break;
    case 'neg':
      formulaParams(e.arg, into);
      break;
    case 'call':
      for (const a of e.args) formulaParams(a, into);
      break;
    default:
      formulaParams(e.left, into);
      formulaParams(e.right, into);
  }
  return into;
}

export function evaluateFormula(e: Expr, params: Record<string, number>): number {
  switch (e.op) {
    case 'num':
      return e.value;
    case 'param': {
      const v = params[e.name];
      if (typeof v !== 'number' || !Number.isFinite(v)) throw new FormulaError(`parameter "${e.name}" is needed (a finite number) but was not given`);
      return v;
    }
    case 'neg':
      return -evaluateFormula(e.arg, params);
    case 'call': {
      const vals = e.args.map((a) => evaluateFormula(a, params));
      return e.fn === 'min' ? Math.min(...vals) : Math.max(...vals);
    }
    case '+':
      return evaluateFormula(e.left, params) + evaluateFormula(e.right, params);
    case '-':
      return evaluateFormula(e.left, params) - evaluateFormula(e.right, params);
    case '*':
      return evaluateFormula(e.left, params) * evaluateFormula(e.right, params);
    case '/': {
      const d = evaluateFormula(e.right, params);
      if (d === 0) throw new FormulaError('division by zero');
      return evaluateFormula(e.left, params) / d;
    }
  }
}
