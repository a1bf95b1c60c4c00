/**
 * Defect-gated code: what runs only when an announced defect profile (`--defect NAME`) is on.
 * The nightly runs without defects, so a mutation there cannot change its verdict; the defect
 * profiles are the announced bugs, not the model. Such sites are left out of the catalogue (and
 * counted). Mutating the defect switch itself (turning a defect on) stays in. A module constant
 * that only defect-gated code reads (`const POWER_BLIP_MS = 5000`, read under its defect) is
 * gated with it.
 */
import ts from 'typescript';

/** `x.defects.has(...)`, `p.neverConverges`, `p.blackoutFactor`, `treatTransientAsPermanent`. */
export function isDefectSwitch(e: ts.Node): boolean {
  if (ts.isParenthesizedExpression(e)) return isDefectSwitch(e.expression);
  if (ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression)) {
    const callee = e.expression;
    return callee.name.text === 'has' && ts.isPropertyAccessExpression(callee.expression) && callee.expression.name.text === 'defects';
  }
  if (ts.isPropertyAccessExpression(e)) return e.name.text === 'neverConverges' || e.name.text === 'blackoutFactor';
  return ts.isIdentifier(e) && e.text === 'treatTransientAsPermanent';
}

/** The conjuncts of an `a && b && …` chain (the expression itself when it is not one). */
function conjuncts(e: ts.Expression): ts.Expression[] {
  if (ts.isParenthesizedExpression(e)) return conjuncts(e.expression);
  if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken) return [...conjuncts(e.left), ...conjuncts(e.right)];
  return [e];
}

/** True when `cond` can be true only with a defect on (one of its conjuncts is a defect switch). */
function needsDefect(cond: ts.Expression): boolean {
  return conjuncts(cond).some(isDefectSwitch);
}

function within(node: ts.Node, outer: ts.Node): boolean {
  return node.getStart() >= outer.getStart() && node.end <= outer.end;
}

/**
 * Whether a mutation of `node` is invisible without defects: it lies inside a defect switch, in
 * the branch a defect switch guards, or in another conjunct of a guard that needs a defect.
 * Replacing a whole guard with `true`, or the `&&` that joins it, is never gated.
 */
export function defectGated(node: ts.Node, replacement: string): boolean {
  if (readOnlyUnderDefect(node)) return true;
  // A guard that needs a defect is false already: making it false changes nothing.
  if (replacement === 'false' && ts.isExpression(node) && needsDefect(node)) return true;
  for (let child: ts.Node = node, p = node.parent; p; child = p, p = p.parent) {
    if (p !== node && isDefectSwitch(p)) return true;
    const guard = ts.isIfStatement(p) ? { cond: p.expression, on: p.thenStatement } : ts.isConditionalExpression(p) ? { cond: p.condition, on: p.whenTrue } : null;
    if (!guard || !needsDefect(guard.cond)) continue;
    if (child === guard.on) return true;
    if (child === guard.cond && conjuncts(guard.cond).some((c) => !isDefectSwitch(c) && c !== guard.cond && within(node, c))) return true;
  }
  return false;
}

/** The statement of a top-level `const NAME = <node>` (not exported), or null. */
function moduleConstant(node: ts.Node): { name: ts.Identifier; sf: ts.SourceFile } | null {
  const decl = node.parent;
  if (!decl || !ts.isVariableDeclaration(decl) || decl.initializer !== node || !ts.isIdentifier(decl.name)) return null;
  const list = decl.parent;
  if (!ts.isVariableDeclarationList(list) || (list.flags & ts.NodeFlags.Const) === 0) return null;
  const stmt = list.parent;
  if (!ts.isVariableStatement(stmt) || !ts.isSourceFile(stmt.parent)) return null;
  // An exported constant may be read by files this source file does not show.
  if (stmt.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) return null;
  return { name: decl.name, sf: stmt.parent };
}

/**
 * The initialiser of a module constant that is read somewhere and only in defect-gated code: no
 * value of it can change the nightly. (Constants are SCREAMING_CASE and never shadowed in the
 * emulator, so references are found by name.)
 */
function readOnlyUnderDefect(node: ts.Node): boolean {
  const c = moduleConstant(node);
  if (!c) return false;
  const refs: ts.Identifier[] = [];
  const visit = (n: ts.Node): void => {
    if (ts.isIdentifier(n) && n !== c.name && n.text === c.name.text) refs.push(n);
    ts.forEachChild(n, visit);
  };
  visit(c.sf);
  return refs.length > 0 && refs.every((r) => defectGated(r, ''));
}
