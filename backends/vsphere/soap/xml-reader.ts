import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { yieldToEventLoop } from '../../core/concurrency';
import type { XmlNode } from './xml-node';

/** Element names from the document root down to the elements handed out one at a time; '*' matches any name. */
export type SplitPath = readonly string[];

const localName = (qualified: string): string => {
  const colon = qualified.indexOf(':');
  return colon < 0 ? qualified : qualified.slice(colon + 1);
};

/**
 * Builds XmlNodes from XML text fed in pieces. Elements on the split path are not kept in
 * their parent: they are queued for `takeItems()`, so a 50 MB answer never sits in memory
 * as one tree — only the element being read does.
 */
export class XmlTreeBuilder {
  readonly #parser = new SaxesParser({ xmlns: false, position: false });
  readonly #stack: XmlNode[] = [];
  readonly #split: SplitPath | undefined;
  #items: XmlNode[] = [];
  #root: XmlNode | undefined;
  #error: Error | undefined;

  constructor(split?: SplitPath) {
    this.#split = split;
    this.#parser.on('opentag', (tag) => this.#open(tag as SaxesTagPlain));
    this.#parser.on('text', (text) => {
      const top = this.#stack[this.#stack.length - 1];
      if (top && top.children.length === 0) top.text += text;
    });
    this.#parser.on('closetag', () => this.#close());
    this.#parser.on('error', (error) => {
      this.#error ??= error;
    });
  }

  write(text: string): void {
    this.#parser.write(text);
    if (this.#error) throw this.#error;
  }

  takeItems(): XmlNode[] {
    const items = this.#items;
    this.#items = [];
    return items;
  }

  /** Ends the document; returns the root element (without the split-off items). */
  end(): XmlNode {
    this.#parser.close();
    if (this.#error) throw this.#error;
    if (!this.#root) throw new Error('the document has no root element');
    return this.#root;
  }

  #open(tag: SaxesTagPlain): void {
    const node: XmlNode = { name: localName(tag.name), text: '', children: [] };
    for (const [name, value] of Object.entries(tag.attributes)) {
      if (name === 'type') node.refType = value;
      else if (localName(name) === 'type') node.xsiType = localName(value);
    }
    this.#stack.push(node);
  }

  #close(): void {
    const node = this.#stack.pop() as XmlNode;
    if (node.children.length > 0) node.text = '';
    const parent = this.#stack[this.#stack.length - 1];
    if (!parent) {
      this.#root = node;
    } else if (this.#isSplit(node)) {
      this.#items.push(node);
    } else {
      parent.children.push(node);
    }
  }

  #isSplit(node: XmlNode): boolean {
    const split = this.#split;
    if (!split || this.#stack.length !== split.length - 1) return false;
    if (split[split.length - 1] !== node.name) return false;
    for (let i = 0; i < this.#stack.length; i++) {
      const expected = split[i];
      if (expected !== '*' && expected !== this.#stack[i]?.name) return false;
    }
    return true;
  }
}

/** Parses a whole (small) XML document. */
export function parseXml(text: string): XmlNode {
  const builder = new XmlTreeBuilder();
  builder.write(text);
  return builder.end();
}

/**
 * Reads an XML stream chunk by chunk, yielding the elements on the split path as they
 * complete and returning the rest of the document. It yields to the event loop after
 * every chunk so a large answer never stalls it.
 */
export async function* readXmlStream(chunks: AsyncIterable<Uint8Array | string>, split: SplitPath): AsyncGenerator<XmlNode, XmlNode> {
  const builder = new XmlTreeBuilder(split);
  const decoder = new TextDecoder('utf-8');
  for await (const chunk of chunks) {
    builder.write(typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true }));
    yield* builder.takeItems();
    await yieldToEventLoop();
  }
  builder.write(decoder.decode());
  const root = builder.end();
  yield* builder.takeItems();
  return root;
}
