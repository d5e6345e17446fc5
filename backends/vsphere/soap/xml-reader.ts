import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { yieldToEventLoop } from '../../core/concurrency';
import type { XmlNode } from './xml-node';

/** Element names from the document root down to the elements handed out one at a time; '*' matches any name. */
export type SplitPath = readonly string[];

/** Shared by every leaf until it gets a child: most elements are leaves, and one array less each adds up. */
const noChildren: XmlNode[] = [];

/**
 * V8 hands out substrings of 13 characters or more as views into the string they came from,
 * here the whole decoded chunk (64 KB). A value someone keeps (a key in a Set, a name in a
 * cache) would pin its chunk; texts are copied, and the small vocabulary of element and
 * type names is shared.
 */
const detached = (text: string): string => (text.length < 13 ? text : ` ${text}`.slice(1));

const vocabulary = new Map<string, string>();
const vocabularyLimit = 20_000;

function word(text: string): string {
  const known = vocabulary.get(text);
  if (known !== undefined) return known;
  const copy = detached(text);
  if (vocabulary.size < vocabularyLimit) vocabulary.set(copy, copy);
  return copy;
}

const localName = (qualified: string): string => {
  const colon = qualified.indexOf(':');
  return word(colon < 0 ? qualified : qualified.slice(colon + 1));
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
      if (top && top.children === noChildren) top.text += text;
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
    const node: XmlNode = { name: localName(tag.name), text: '', children: noChildren };
    const attributes = tag.attributes;
    for (const name in attributes) {
      const value = attributes[name] as string;
      if (name === 'type') node.refType = word(value);
      else if (name.endsWith(':type')) node.xsiType = localName(value);
    }
    this.#stack.push(node);
  }

  #close(): void {
    const node = this.#stack.pop() as XmlNode;
    if (node.children !== noChildren) node.text = '';
    else if (node.text.length >= 13) node.text = detached(node.text);
    const parent = this.#stack[this.#stack.length - 1];
    if (!parent) {
      this.#root = node;
    } else if (this.#isSplit(node)) {
      this.#items.push(node);
    } else if (parent.children === noChildren) {
      parent.children = [node];
    } else {
      parent.children.push(node);
    }
  }

  #isSplit(node: XmlNode): boolean {
    const split = this.#split;
    if (!split || this.#stack.length !== split.length - 1) return false;
    const last = split[split.length - 1];
    if (last !== '*' && last !== node.name) return false;
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
