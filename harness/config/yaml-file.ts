/**
 * Reading YAML configuration with locations: every ConfigError names the file, the line (when
 * the YAML library knows it) and the dotted path of the offending value.
 */
import { readFileSync } from 'node:fs';
import { isMap, isSeq, LineCounter, type Document, type Node } from 'yaml';
import { ConfigError } from '../../lib/errors.ts';
import { boundedToJS, parseBoundedYaml } from '../../lib/yaml-bounds.ts';

export type PathSegment = string | number;

export class YamlSource {
  private constructor(
    readonly file: string,
    readonly data: unknown,
    private readonly doc: Document | null,
    private readonly lines: LineCounter | null,
  ) {}

  /** Parse a YAML file; syntax errors become ConfigErrors with line and column. */
  static read(file: string): YamlSource {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      throw new ConfigError(file, `cannot read the file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, { cause: e });
    }
    return YamlSource.parse(file, text);
  }

  static parse(file: string, text: string): YamlSource {
    const lines = new LineCounter();
    // Bounded: size, nesting and alias expansion (lib/yaml-bounds.ts), each a ConfigError with the place.
    const doc = parseBoundedYaml(file, text, lines);
    const first = doc.errors[0];
    if (first) {
      const pos = lines.linePos(first.pos[0]);
      throw new ConfigError(`${file}:${pos.line}:${pos.col}`, `invalid YAML: ${first.message.split('\n')[0]}`, { cause: first });
    }
    return new YamlSource(file, boundedToJS(file, doc), doc, lines);
  }

  /** A source for data that did not come from YAML (e.g. JSON or built in memory). */
  static fromData(file: string, data: unknown): YamlSource {
    return new YamlSource(file, data, null, null);
  }

  /** Line number (1-based) of the value at `path`, or of its nearest existing parent. */
  lineOf(path: readonly PathSegment[]): number | undefined {
    if (!this.doc || !this.lines) return undefined;
    let node: unknown = this.doc.contents;
    let best: number | undefined = rangeLine(node, this.lines);
    for (const seg of path) {
      if (isMap(node)) {
        const pair = node.items.find((p) => {
          const k = p.key as { value?: unknown } | null;
          return (k && typeof k === 'object' && 'value' in k ? k.value : k) === seg;
        });
        if (!pair) break;
        node = pair.value ?? pair.key;
        best = rangeLine(pair.value ?? pair.key, this.lines) ?? best;
      } else if (isSeq(node) && typeof seg === 'number') {
        node = node.items[seg];
        best = rangeLine(node, this.lines) ?? best;
      } else break;
    }
    return best;
  }

  /** `file:line: a.b[0].c` for messages. */
  where(path: readonly PathSegment[]): string {
    const line = this.lineOf(path);
    const p = formatPath(path);
    return `${this.file}${line ? `:${line}` : ''}${p ? `: ${p}` : ''}`;
  }

  error(path: readonly PathSegment[], expectation: string, found?: { value: unknown }): ConfigError {
    return new ConfigError(this.where(path), expectation, found ? { found: found.value } : undefined);
  }
}

function rangeLine(node: unknown, lines: LineCounter): number | undefined {
  const range = (node as Node | null)?.range;
  return range ? lines.linePos(range[0]).line : undefined;
}

export function formatPath(path: readonly PathSegment[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else out += out ? `.${seg}` : seg;
  }
  return out;
}
