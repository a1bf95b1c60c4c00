import test from 'ava';
import ts from 'typescript';
import { defectGated } from './gating.ts';

/** The initialiser literal of `name` in `source`. */
function initialiserOf(source: string, name: string): ts.Node {
  const sf = ts.createSourceFile('x.ts', source, ts.ScriptTarget.ES2022, true);
  let found: ts.Node | undefined;
  const visit = (n: ts.Node): void => {
    if (ts.isVariableDeclaration(n) && ts.isIdentifier(n.name) && n.name.text === name) found = n.initializer;
    ts.forEachChild(n, visit);
  };
  visit(sf);
  if (!found) throw new Error(`no initialiser of ${name}`);
  return found;
}

const MODEL = `
const BLIP_MS = 5000;
const STEP_MS = 10;
const UNUSED_MS = 7;
export const SHARED_MS = 3;
class M {
  private readonly defects = new Set<string>();
  until = 0;
  pass(n: number, now: number): number {
    if (n === 2 && this.defects.has('blip')) this.until = now + BLIP_MS + SHARED_MS;
    return now + STEP_MS;
  }
}
`;

test('a module constant read only under a defect guard is defect-gated', (t) => {
  t.true(defectGated(initialiserOf(MODEL, 'BLIP_MS'), '0'));
  t.true(defectGated(initialiserOf(MODEL, 'BLIP_MS'), '50000'));
});

test('a constant read outside a defect guard, never read, or exported stays in the catalogue', (t) => {
  t.false(defectGated(initialiserOf(MODEL, 'STEP_MS'), '0'), 'read by the model without a defect');
  t.false(defectGated(initialiserOf(MODEL, 'UNUSED_MS'), '0'), 'never read: not gated (an equivalent, named by hand)');
  t.false(defectGated(initialiserOf(MODEL, 'SHARED_MS'), '0'), 'exported: readers elsewhere are not seen');
});

test('a constant read both under a defect and outside it stays in', (t) => {
  const src = MODEL.replace('return now + STEP_MS;', 'return now + STEP_MS + BLIP_MS;');
  t.false(defectGated(initialiserOf(src, 'BLIP_MS'), '0'));
});
