/**
 * Bounds for configuration YAML (inventories, budgets, lab configs): a hostile or broken file
 * must end as a ConfigError naming the file and the place, never as a stack overflow, an
 * out-of-memory abort or the YAML library's own exception.
 *
 * - size: at most YAML_MAX_BYTES characters (checked before parsing);
 * - nesting: at most YAML_MAX_DEPTH levels of block indentation plus flow brackets (a scan of
 *   the text before parsing: the parser itself recurses per level);
 * - aliases: the document expanded (every alias counted as the node it stands for) holds at
 *   most YAML_MAX_NODES nodes — the "billion laughs" alias bomb stays small on disk only.
 */
import { isAlias, isMap, isPair, isScalar, isSeq, type LineCounter, parseDocument, type Document, type Node } from 'yaml';
import { ConfigError } from './errors.ts';

export const YAML_MAX_BYTES = 1024 * 1024;
export const YAML_MAX_DEPTH = 64;
export const YAML_MAX_NODES = 100_000;
/** Passed to the YAML library's toJS as a second net. */
export const YAML_MAX_ALIAS_COUNT = 100;

/** Size and nesting, before the parser sees the text. */
export function checkYamlText(file: string, text: string): void {
  if (text.length > YAML_MAX_BYTES) {
    throw new ConfigError(file, `expected a configuration file of at most ${YAML_MAX_BYTES} bytes`, { found: `${text.length} bytes` });
  }
  const indents: number[] = [];
  // Flow brackets open across lines ("[" on one line, "[" on the next): the depth carries over.
  let flow = 0;
  const lines = text.split('\n');
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n] ?? '';
    const body = line.trimStart();
    if (body === '' || body.startsWith('#')) continue;
    const indent = line.length - body.length;
    while (indents.length && (indents.at(-1) ?? 0) >= indent) indents.pop();
    indents.push(indent);
    // Brackets inside quotes and comments do not count (a quoted string is taken to end on its line).
    let quote: string | null = null;
    for (let c = 0; c < line.length; c++) {
      const ch = line[c];
      if (quote) {
        if (quote === '"' && ch === '\\') c++;
        else if (ch === quote) quote = null;
      } else if (ch === '"' || ch === "'") quote = ch;
      else if (ch === '#' && (c === 0 || line[c - 1] === ' ')) break;
      else if (ch === '[' || ch === '{') {
        flow++;
        if (indents.length + flow > YAML_MAX_DEPTH) {
          throw new ConfigError(`${file}:${n + 1}:${c + 1}`, `expected at most ${YAML_MAX_DEPTH} levels of nesting`);
        }
      } else if (ch === ']' || ch === '}') flow = Math.max(0, flow - 1);
    }
    if (indents.length > YAML_MAX_DEPTH) throw new ConfigError(`${file}:${n + 1}:${indent + 1}`, `expected at most ${YAML_MAX_DEPTH} levels of nesting`);
  }
}

/**
 * The size of the document with every alias expanded; throws at the alias that takes a
 * collection past YAML_MAX_NODES. Sizes are memoized per node, so a chain of anchors costs its
 * length, not its expansion. Recursion follows the tree only (bounded by checkYamlText).
 */
export function checkYamlExpansion(file: string, doc: Document, lines: LineCounter): void {
  const sizes = new Map<unknown, number>();
  const place = (node: unknown): string => {
    const range = (node as Node | null)?.range;
    if (!range) return file;
    const p = lines.linePos(range[0]);
    return `${file}:${p.line}:${p.col}`;
  };
  const sizeOf = (node: unknown): number => {
    if (node === null || node === undefined) return 0;
    const known = sizes.get(node);
    if (known !== undefined) return known;
    let size = 1;
    if (isAlias(node)) {
      // An alias to its own ancestor (a cycle) or to nothing counts as one node.
      const target = node.resolve(doc);
      size = target !== undefined ? (sizes.get(target) ?? 1) : 1;
      if (size > YAML_MAX_NODES) throw bomb(place(node), node.source);
    } else if (isMap(node) || isSeq(node)) {
      for (const item of node.items) {
        size += isPair(item) ? sizeOf(item.key) + sizeOf(item.value) : sizeOf(item);
        if (size > YAML_MAX_NODES) throw bomb(place(isPair(item) ? (item.value ?? item.key) : item), aliasName(isPair(item) ? item.value : item));
      }
    } else if (!isScalar(node)) {
      return 1;
    }
    sizes.set(node, size);
    return size;
  };
  sizeOf(doc.contents);
}

function aliasName(node: unknown): string | undefined {
  return isAlias(node) ? node.source : undefined;
}

function bomb(where: string, alias: string | undefined): ConfigError {
  return new ConfigError(
    where,
    `expected a document of at most ${YAML_MAX_NODES} values with its aliases expanded${alias ? ` (the alias *${alias} takes it past that)` : ''}: aliases that repeat aliases grow exponentially`,
  );
}

/**
 * Parse configuration YAML within the bounds. Syntax errors are the caller's to report (they are
 * in `doc.errors`); the bounds throw ConfigErrors with `file:line:col`.
 */
export function parseBoundedYaml(file: string, text: string, lines: LineCounter, opts: { uniqueKeys?: boolean } = {}): Document {
  checkYamlText(file, text);
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: opts.uniqueKeys ?? true });
  if (doc.errors.length === 0) checkYamlExpansion(file, doc, lines);
  return doc;
}

/** toJS within the alias bound; the library's own refusal becomes a ConfigError naming the file. */
export function boundedToJS(file: string, doc: Document): unknown {
  try {
    return doc.toJS({ maxAliasCount: YAML_MAX_ALIAS_COUNT }) as unknown;
  } catch (e) {
    if (e instanceof ReferenceError || e instanceof RangeError) {
      throw new ConfigError(file, `expected a document the YAML reader can expand (${e.message})`, { cause: e });
    }
    throw e;
  }
}
