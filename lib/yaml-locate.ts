/**
 * Configuration YAML with places: parse text within the bounds (a syntax error is a ConfigError
 * with `file:line:col`), and find the line of a key path in the parsed document for messages.
 * Shared by the config readers that cannot use harness/config (simulators/, reference/).
 */
import { isMap, isScalar, isSeq, LineCounter, type Document, type Node } from 'yaml';
import { ConfigError } from './errors.ts';
import { boundedToJS, parseBoundedYaml } from './yaml-bounds.ts';

export type YamlPathSegment = string | number;

export interface ParsedYaml {
  doc: Document;
  lines: LineCounter;
  /** The document as plain data. */
  data: unknown;
}

/** Parse `text` within the bounds; `expected` names what a syntax error violates (e.g. "valid YAML"). */
export function parseYamlText(file: string, text: string, expected = 'valid YAML'): ParsedYaml {
  const lines = new LineCounter();
  const doc = parseBoundedYaml(file, text, lines);
  const syntax = doc.errors[0];
  if (syntax) {
    const pos = lines.linePos(syntax.pos[0]);
    throw new ConfigError(`${file}:${pos.line}:${pos.col}`, `expected ${expected} (${syntax.message.split('\n')[0]})`, { cause: syntax });
  }
  return { doc, lines, data: boundedToJS(file, doc) };
}

/** `a.b[0].c`; `(top level)` for the empty path. */
export function dottedPath(path: readonly YamlPathSegment[]): string {
  if (path.length === 0) return '(top level)';
  return path.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('');
}

/** Line (1-based) of the deepest node of `path` the document has, or undefined without one. */
export function yamlPathLine(doc: Document, lines: LineCounter, path: readonly YamlPathSegment[]): number | undefined {
  let node: unknown = doc.contents;
  let at = (node as Node | null)?.range?.[0];
  for (const seg of path) {
    node = isMap(node) ? node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(seg))?.value : isSeq(node) ? node.items[Number(seg)] : undefined;
    const start = (node as Node | undefined)?.range?.[0];
    if (start === undefined) break;
    at = start;
  }
  return at === undefined ? undefined : lines.linePos(at).line;
}
