/** An element of a parsed XML document. */
export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function unescape(s: string): string {
  if (/[<]|&(?!(amp|lt|gt|quot|apos);)/.test(s)) throw new Error(`unescaped markup in ${JSON.stringify(s)}`);
  return s.replace(/&(amp|lt|gt|quot|apos);/g, (_m, e: string) => ENTITIES[e]!);
}

/**
 * A strict parser for the XML subset our JUnit output uses (declaration, elements, attributes, text).
 * It throws on anything a real XML parser would reject in that subset: unbalanced tags, raw `<` or `&`,
 * duplicate attributes. No XML library is a dependency, and this keeps the test honest about escaping.
 */
export function parseXml(xml: string): XmlElement {
  const body = xml.replace(/^<\?xml version="1\.0" encoding="UTF-8"\?>\n/, '');
  const root: XmlElement = { name: '#document', attrs: {}, children: [], text: '' };
  const stack = [root];
  const token = /<(\/?)([A-Za-z][\w-]*)((?:\s+[\w-]+="[^"]*")*)\s*(\/?)>|([^<]+)/gy;
  let m: RegExpExecArray | null;
  let pos = 0;
  while (pos < body.length && (m = token.exec(body))) {
    pos = token.lastIndex;
    const top = stack.at(-1)!;
    if (m[5] !== undefined) {
      top.text += unescape(m[5]);
      continue;
    }
    const [, closing, name, rawAttrs, selfClosing] = m;
    if (closing) {
      if (top.name !== name) throw new Error(`</${name}> closes <${top.name}>`);
      stack.pop();
      continue;
    }
    const el: XmlElement = { name: name!, attrs: {}, children: [], text: '' };
    for (const [, k, v] of rawAttrs!.matchAll(/([\w-]+)="([^"]*)"/g)) {
      if (k! in el.attrs) throw new Error(`duplicate attribute ${k}`);
      el.attrs[k!] = unescape(v!);
    }
    top.children.push(el);
    if (!selfClosing) stack.push(el);
  }
  if (pos !== body.length) throw new Error(`cannot parse XML at offset ${pos}: ${body.slice(pos, pos + 40)}`);
  if (stack.length !== 1) throw new Error(`unclosed <${stack.at(-1)!.name}>`);
  if (root.children.length !== 1 || root.text.trim()) throw new Error('expected exactly one root element');
  return root.children[0]!;
}
