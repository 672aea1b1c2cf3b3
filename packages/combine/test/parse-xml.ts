// A small, strict XML reader for tests: enough of XML 1.0 to prove an SVG is well-formed (one root,
// balanced tags, quoted unique attributes, known entities) and to walk it. Not a general parser: no
// DTDs, no processing instructions other than the XML declaration, no CDATA.

/** An element of the parsed document. */
export interface XmlElement {
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: XmlElement[];
  /** The element's own text (entities decoded), children's text excluded. */
  text: string;
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
const NAME = /^[A-Za-z_][\w.:-]*/;

function decode(text: string, at: number): string {
  return text.replace(/&([^;\s]*);?/g, (whole, body: string) => {
    if (!whole.endsWith(';')) throw new Error(`unterminated entity near offset ${at}`);
    if (body in ENTITIES) return ENTITIES[body] as string;
    if (/^#\d+$/.test(body)) return String.fromCodePoint(Number(body.slice(1)));
    if (/^#x[0-9a-fA-F]+$/.test(body)) return String.fromCodePoint(parseInt(body.slice(2), 16));
    throw new Error(`unknown entity &${body}; near offset ${at}`);
  });
}

/** Parses `source` or throws an Error saying where it is not well-formed. */
export function parseXml(source: string): XmlElement {
  let i = 0;
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  const skipSpace = (): void => {
    while (i < source.length && /\s/.test(source[i] as string)) i++;
  };
  if (source.startsWith('<?xml')) {
    const end = source.indexOf('?>');
    if (end < 0) throw new Error('unterminated XML declaration');
    i = end + 2;
  }
  while (i < source.length) {
    const lt = source.indexOf('<', i);
    const text = source.slice(i, lt < 0 ? source.length : lt);
    if (text.length > 0) {
      if (stack.length === 0) {
        if (text.trim().length > 0) throw new Error(`text outside the root element at offset ${i}`);
      } else {
        (stack[stack.length - 1] as XmlElement).text += decode(text, i);
      }
    }
    if (lt < 0) break;
    i = lt;
    if (source.startsWith('<!--', i)) {
      const end = source.indexOf('-->', i);
      if (end < 0) throw new Error(`unterminated comment at offset ${i}`);
      i = end + 3;
      continue;
    }
    if (source.startsWith('</', i)) {
      i += 2;
      const name = NAME.exec(source.slice(i))?.[0];
      if (name === undefined) throw new Error(`bad closing tag at offset ${i}`);
      i += name.length;
      skipSpace();
      if (source[i] !== '>') throw new Error(`closing tag </${name}> not closed at offset ${i}`);
      i++;
      const open = stack.pop();
      if (open === undefined || open.name !== name) {
        throw new Error(`closing tag </${name}> does not match <${open?.name ?? '(none)'}> at offset ${i}`);
      }
      continue;
    }
    i++;
    const name = NAME.exec(source.slice(i))?.[0];
    if (name === undefined) throw new Error(`bad tag name at offset ${i}`);
    i += name.length;
    const attributes: Record<string, string> = {};
    for (;;) {
      const before = i;
      skipSpace();
      if (source.startsWith('/>', i) || source[i] === '>') break;
      if (i === before) throw new Error(`attributes of <${name}> must be separated by space at offset ${i}`);
      const attr = NAME.exec(source.slice(i))?.[0];
      if (attr === undefined) throw new Error(`bad attribute in <${name}> at offset ${i}`);
      i += attr.length;
      skipSpace();
      if (source[i] !== '=') throw new Error(`attribute ${attr} of <${name}> has no value at offset ${i}`);
      i++;
      skipSpace();
      const quote = source[i];
      if (quote !== '"' && quote !== "'") throw new Error(`attribute ${attr} of <${name}> is not quoted at offset ${i}`);
      const end = source.indexOf(quote, i + 1);
      if (end < 0) throw new Error(`attribute ${attr} of <${name}> is not closed at offset ${i}`);
      const raw = source.slice(i + 1, end);
      if (raw.includes('<')) throw new Error(`attribute ${attr} of <${name}> contains '<' at offset ${i}`);
      if (attr in attributes) throw new Error(`attribute ${attr} repeated in <${name}> at offset ${i}`);
      attributes[attr] = decode(raw, i);
      i = end + 1;
    }
    const element: XmlElement = { name, attributes, children: [], text: '' };
    if (stack.length > 0) (stack[stack.length - 1] as XmlElement).children.push(element);
    else if (root === undefined) root = element;
    else throw new Error(`second root element <${name}> at offset ${i}`);
    if (source.startsWith('/>', i)) {
      i += 2;
    } else {
      i++;
      stack.push(element);
    }
  }
  if (stack.length > 0) throw new Error(`unclosed element <${(stack[stack.length - 1] as XmlElement).name}>`);
  if (root === undefined) throw new Error('no root element');
  return root;
}

/** Every element below `root` (depth first, root included) that satisfies `test`. */
export function findAll(root: XmlElement, test: (e: XmlElement) => boolean): XmlElement[] {
  const out: XmlElement[] = [];
  const walk = (e: XmlElement): void => {
    if (test(e)) out.push(e);
    e.children.forEach(walk);
  };
  walk(root);
  return out;
}

/** All text inside `e`, children included. */
export function deepText(e: XmlElement): string {
  return e.text + e.children.map(deepText).join('');
}
