/**
 * Site enumeration: every mutation the catalogue offers in the given files, in a deterministic
 * order (file, position, operator, replacement) with ids that survive edits elsewhere in the file.
 */
import path from 'node:path';
import ts from 'typescript';
import { defectGated } from './gating.ts';
import { candidatesAt, type Candidate } from './operators.ts';
import type { Site } from './site.ts';

export interface Enumeration {
  sites: Site[];
  /** Sites left out because only a defect profile reaches them (gating.ts). */
  defectGated: number;
}

/** A type-checked program over `files` (absolute paths) with the repository's compiler options. */
export function loadProgram(files: readonly string[], tsconfig?: string): ts.Program {
  let options: ts.CompilerOptions = { strict: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.NodeNext, allowImportingTsExtensions: true, noEmit: true };
  if (tsconfig) {
    const read = ts.readConfigFile(tsconfig, (f) => ts.sys.readFile(f));
    if (read.error) throw new Error(`${tsconfig}: ${ts.flattenDiagnosticMessageText(read.error.messageText, '\n')}`);
    options = ts.parseJsonConfigFileContent(read.config, ts.sys, path.dirname(tsconfig)).options;
  }
  return ts.createProgram({ rootNames: [...files], options });
}

type Named = ts.FunctionDeclaration | ts.MethodDeclaration | ts.ClassDeclaration | ts.VariableDeclaration | ts.PropertyAssignment | ts.PropertyDeclaration | ts.AccessorDeclaration;

function isNamed(p: ts.Node): p is Named {
  return ts.isFunctionDeclaration(p) || ts.isMethodDeclaration(p) || ts.isClassDeclaration(p) || ts.isVariableDeclaration(p) || ts.isPropertyAssignment(p) || ts.isPropertyDeclaration(p) || ts.isGetAccessor(p) || ts.isSetAccessor(p);
}

/** The name of the declarations around `node`, e.g. `FtModel.isolate` (`<module>` at top level). */
export function scopeOf(node: ts.Node): string {
  const names: string[] = [];
  for (let p: ts.Node | undefined = node.parent; p; p = p.parent) {
    if (isNamed(p) && p.name && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name))) names.unshift(p.name.text);
    else if (ts.isConstructorDeclaration(p)) names.unshift('constructor');
  }
  return names.length ? names.join('.') : '<module>';
}

function collect(sf: ts.SourceFile, checker: ts.TypeChecker): { found: Candidate[]; gated: number } {
  const found: Candidate[] = [];
  let gated = 0;
  const visit = (node: ts.Node): void => {
    if (ts.isTypeNode(node) || ts.isInterfaceDeclaration(node) || ts.isTypeAliasDeclaration(node) || ts.isImportDeclaration(node)) return;
    for (const c of candidatesAt(node, checker)) {
      if (defectGated(c.node, c.replacement)) gated++;
      else found.push(c);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return { found, gated };
}

/** The sites of one source file; `file` is how it is named (repository-relative). */
export function sitesOf(sf: ts.SourceFile, file: string, checker: ts.TypeChecker): Enumeration {
  const { found, gated } = collect(sf, checker);
  const text = sf.getFullText();
  const ordered = found
    .map((c) => ({ c, start: c.node.getStart(sf), end: c.node.getEnd() }))
    .sort((a, b) => a.start - b.start || a.end - b.end || a.c.operator.localeCompare(b.c.operator) || a.c.replacement.localeCompare(b.c.replacement));
  const seen = new Map<string, number>();
  const sites = ordered.map(({ c, start, end }): Site => {
    const prefix = `${scopeOf(c.node)}:${c.operator}`;
    const n = seen.get(prefix) ?? 0;
    seen.set(prefix, n + 1);
    const pos = sf.getLineAndCharacterOfPosition(start);
    return { file, id: `${prefix}:${n}`, operator: c.operator, start, end, original: text.slice(start, end), replacement: c.replacement, line: pos.line + 1, column: pos.character + 1 };
  });
  return { sites, defectGated: gated };
}

/** All sites of `files` (repository-relative) under `root`, in file order. */
export function enumerateSites(root: string, files: readonly string[], tsconfig?: string): Enumeration {
  const program = loadProgram(files.map((f) => path.join(root, f)), tsconfig);
  const checker = program.getTypeChecker();
  const out: Enumeration = { sites: [], defectGated: 0 };
  for (const file of [...files].sort()) {
    const sf = program.getSourceFile(path.join(root, file));
    if (!sf) throw new Error(`${file}: not loaded by the TypeScript program`);
    const one = sitesOf(sf, file, checker);
    out.sites.push(...one.sites);
    out.defectGated += one.defectGated;
  }
  return out;
}
