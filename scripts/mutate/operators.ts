/**
 * The operator catalogue: for one syntax node, the mutations it offers. Pure over the TypeScript
 * AST and type checker (the checker keeps `+` on strings and non-enum string literals out).
 */
import ts from 'typescript';
import type { OperatorName } from './site.ts';

/** A mutation of a node, before it gets its file, id and position. */
export interface Candidate {
  operator: OperatorName;
  /** The span replaced; `original` is its text. */
  node: ts.Node | ts.Token<ts.SyntaxKind>;
  replacement: string;
}

type K = ts.SyntaxKind;
const S = ts.SyntaxKind;

const BOUNDARY = new Map<K, string>([[S.LessThanToken, '<='], [S.LessThanEqualsToken, '<'], [S.GreaterThanToken, '>='], [S.GreaterThanEqualsToken, '>']]);
const RELATIONAL = new Map<K, string>([[S.LessThanToken, '>'], [S.GreaterThanToken, '<'], [S.LessThanEqualsToken, '>='], [S.GreaterThanEqualsToken, '<=']]);
const EQUALITY = new Map<K, string>([[S.EqualsEqualsEqualsToken, '!=='], [S.ExclamationEqualsEqualsToken, '==='], [S.EqualsEqualsToken, '!='], [S.ExclamationEqualsToken, '==']]);
const LOGICAL = new Map<K, string>([[S.AmpersandAmpersandToken, '||'], [S.BarBarToken, '&&']]);
/** Numeric only (checked with the type checker). */
const ARITHMETIC = new Map<K, string>([
  [S.PlusToken, '-'],
  [S.MinusToken, '+'],
  [S.AsteriskToken, '/'],
  [S.SlashToken, '*'],
  [S.PercentToken, '*'],
  [S.PlusEqualsToken, '-='],
  [S.MinusEqualsToken, '+='],
  [S.AsteriskEqualsToken, '/='],
  [S.SlashEqualsToken, '*='],
]);

function isNumeric(checker: ts.TypeChecker, e: ts.Expression): boolean {
  const t = checker.getTypeAtLocation(e);
  return (t.getFlags() & (ts.TypeFlags.NumberLike | ts.TypeFlags.BigIntLike)) !== 0;
}

function binary(node: ts.BinaryExpression, checker: ts.TypeChecker): Candidate[] {
  const op = node.operatorToken;
  const out: Candidate[] = [];
  const add = (operator: OperatorName, table: Map<K, string>): void => {
    const r = table.get(op.kind);
    if (r !== undefined) out.push({ operator, node: op, replacement: r });
  };
  add('boundary', BOUNDARY);
  add('relational', RELATIONAL);
  add('equality', EQUALITY);
  add('logical', LOGICAL);
  if (ARITHMETIC.has(op.kind) && isNumeric(checker, node.left) && isNumeric(checker, node.right)) add('arithmetic', ARITHMETIC);
  return out;
}

/** x → x*10, x → 0 (0 → 1), and x ± 1 for small integers (counts, indices, thresholds). */
export function constantTweaks(value: number): number[] {
  const out = [value * 10, value === 0 ? 1 : 0];
  if (Number.isInteger(value) && Math.abs(value) <= 10) out.push(value + 1, value - 1);
  return [...new Set(out)].filter((v) => v !== value && v >= 0);
}

function isTypeOrName(node: ts.Node): boolean {
  const p = node.parent;
  return (
    ts.isLiteralTypeNode(p) ||
    ts.isImportDeclaration(p) ||
    ts.isExportDeclaration(p) ||
    ts.isExternalModuleReference(p) ||
    ((ts.isPropertyAssignment(p) || ts.isPropertyDeclaration(p) || ts.isMethodDeclaration(p) || ts.isEnumMember(p) || ts.isPropertySignature(p)) && p.name === node)
  );
}

function numeric(node: ts.NumericLiteral): Candidate[] {
  if (isTypeOrName(node)) return [];
  const value = Number(node.text);
  if (!Number.isFinite(value)) return [];
  return constantTweaks(value).map((v) => ({ operator: 'constant', node, replacement: String(v) }));
}

/** String literal types of a union made of string literals only (plus undefined/null), sorted. */
export function enumMembers(type: ts.Type | undefined): string[] | null {
  if (!type?.isUnion()) return null;
  const names: string[] = [];
  for (const t of type.types) {
    if (t.isStringLiteral()) names.push(t.value);
    else if ((t.getFlags() & (ts.TypeFlags.Undefined | ts.TypeFlags.Null)) === 0) return null;
  }
  return names.length >= 2 ? names.sort() : null;
}

/** An enum-like string literal → the next member of its union (alphabetically, wrapping). */
function stringLiteral(node: ts.StringLiteral, checker: ts.TypeChecker): Candidate[] {
  if (isTypeOrName(node)) return [];
  const members = enumMembers(checker.getContextualType(node));
  if (!members) return [];
  const i = members.indexOf(node.text);
  if (i < 0) return [];
  const next = members[(i + 1) % members.length] ?? node.text;
  const quote = node.getText().startsWith('"') ? '"' : "'";
  return [{ operator: 'enum-literal', node, replacement: `${quote}${next}${quote}` }];
}

function callStatement(node: ts.ExpressionStatement): Candidate[] {
  let e: ts.Expression = node.expression;
  while (ts.isAwaitExpression(e) || ts.isVoidExpression(e) || ts.isParenthesizedExpression(e)) e = e.expression;
  if (!ts.isCallExpression(e) || e.expression.kind === S.SuperKeyword) return [];
  return [{ operator: 'call-removed', node, replacement: ';' }];
}

function conditions(cond: ts.Expression, operator: OperatorName): Candidate[] {
  if (cond.kind === S.TrueKeyword || cond.kind === S.FalseKeyword) return [];
  return [
    { operator, node: cond, replacement: 'true' },
    { operator, node: cond, replacement: 'false' },
  ];
}

/** Every mutation the catalogue offers at `node` (its children are visited separately). */
export function candidatesAt(node: ts.Node, checker: ts.TypeChecker): Candidate[] {
  if (ts.isBinaryExpression(node)) return binary(node, checker);
  if (ts.isNumericLiteral(node)) return numeric(node);
  if (ts.isStringLiteral(node)) return stringLiteral(node, checker);
  if (node.kind === S.TrueKeyword) return [{ operator: 'boolean', node, replacement: 'false' }];
  if (node.kind === S.FalseKeyword) return [{ operator: 'boolean', node, replacement: 'true' }];
  if (ts.isPrefixUnaryExpression(node) && node.operator === S.ExclamationToken && !ts.isPrefixUnaryExpression(node.operand)) {
    return [{ operator: 'negation-removed', node, replacement: node.operand.getText() }];
  }
  if (ts.isIfStatement(node)) return conditions(node.expression, 'if-condition');
  if (ts.isConditionalExpression(node)) return conditions(node.condition, 'ternary-condition');
  if (ts.isExpressionStatement(node)) return callStatement(node);
  return [];
}
