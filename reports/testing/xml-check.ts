/**
 * Test-only XML well-formedness check that also returns a small element tree: one root, properly
 * nested tags, quoted and unique attributes, only the five named entities or numeric references,
 * no raw '<' or '&' in text or attribute values, no characters XML 1.0 forbids.
 */
import { at } from '../../lib/checked.ts';

export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const NAME = /^[A-Za-z_][\w.-]*/;
const ENTITY: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };


function decode(raw: string, where: string): string {
  if (raw.includes('<')) throw new Error(`raw '<' in ${where}`);
  return raw.replace(/&([^;\s]*);?/g, (m, name: string) => {
    if (!m.endsWith(';')) throw new Error(`unterminated entity in ${where}: ${m}`);
    const named = ENTITY[name];
    if (named !== undefined) return named;
    const num = /^#(\d+)$/.exec(name) ?? /^#x([0-9a-fA-F]+)$/.exec(name);
    if (num?.[1] !== undefined) return String.fromCodePoint(parseInt(num[1], name.startsWith('#x') ? 16 : 10));
    throw new Error(`unknown entity &${name}; in ${where}`);
  });
}

export function parseXml(xml: string): XmlElement {
  if (/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/.test(xml)) throw new Error('forbidden control character');
  let i = 0;
  const decl = /^<\?xml[^?]*\?>/.exec(xml);
  if (decl) i = decl[0].length;
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  while (i < xml.length) {
    const lt = xml.indexOf('<', i);
    const text = lt === -1 ? xml.slice(i) : xml.slice(i, lt);
    if (text.length) {
      const top = stack[stack.length - 1];
      if (!top) {
        if (text.trim()) throw new Error(`text outside the root element: ${JSON.stringify(text.slice(0, 40))}`);
      } else top.text += decode(text, `text of <${top.name}>`);
    }
    if (lt === -1) break;
    const gt = xml.indexOf('>', lt);
    if (gt === -1) throw new Error('unterminated tag');
    const tag = xml.slice(lt + 1, gt);
    i = gt + 1;
    if (tag.startsWith('/')) {
      const name = tag.slice(1).trim();
      const open = stack.pop();
      if (!open || open.name !== name) throw new Error(`</${name}> closes <${open?.name ?? 'nothing'}>`);
      continue;
    }
    const selfClosing = tag.endsWith('/');
    const body = selfClosing ? tag.slice(0, -1) : tag;
    const nameMatch = NAME.exec(body);
    if (!nameMatch) throw new Error(`bad tag <${tag.slice(0, 40)}>`);
    const el: XmlElement = { name: nameMatch[0], attrs: {}, children: [], text: '' };
    let rest = body.slice(nameMatch[0].length);
    for (;;) {
      rest = rest.replace(/^\s+/, '');
      if (rest === '') break;
      const a = /^([A-Za-z_][\w.:-]*)\s*=\s*("([^"]*)"|'([^']*)')/.exec(rest);
      if (!a) throw new Error(`bad attribute in <${el.name}>: ${rest.slice(0, 40)}`);
      const key = at(a, 1, `attribute name in <${el.name}>`);
      if (key in el.attrs) throw new Error(`duplicate attribute ${key} in <${el.name}>`);
      el.attrs[key] = decode(a[3] ?? a[4] ?? '', `attribute ${key} of <${el.name}>`);
      rest = rest.slice(a[0].length);
    }
    const parent = stack[stack.length - 1];
    if (parent) parent.children.push(el);
    else if (root) throw new Error('more than one root element');
    else root = el;
    if (!selfClosing) stack.push(el);
  }
  if (stack.length) throw new Error(`unclosed <${stack[stack.length - 1]?.name}>`);
  if (!root) throw new Error('no root element');
  return root;
}

export function findAll(el: XmlElement, name: string): XmlElement[] {
  return [...(el.name === name ? [el] : []), ...el.children.flatMap((c) => findAll(c, name))];
}
