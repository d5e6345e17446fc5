/**
 * A parsed vim25 XML element. Namespace prefixes are dropped: vim25 never gives two
 * meanings to one local name inside a response body.
 */
export interface XmlNode {
  name: string;
  /** `xsi:type` without its prefix ("VirtualDisk", "string", "ArrayOfManagedObjectReference"). */
  xsiType?: string;
  /** The plain `type` attribute that a ManagedObjectReference carries ("VirtualMachine"). */
  refType?: string;
  text: string;
  children: XmlNode[];
}

/** A vSphere managed object reference: its type and its server-side id ("vm-42"). */
export interface MoRef {
  type: string;
  value: string;
}

export const moRefKey = (ref: MoRef): string => `${ref.type}:${ref.value}`;

export function child(node: XmlNode | undefined, name: string): XmlNode | undefined {
  return node?.children.find((c) => c.name === name);
}

export function childrenNamed(node: XmlNode | undefined, name: string): XmlNode[] {
  return node ? node.children.filter((c) => c.name === name) : [];
}

/** The node at a dotted path of child names ("hardware.memoryMB"). */
export function at(node: XmlNode | undefined, path: string): XmlNode | undefined {
  let current = node;
  for (const name of path.split('.')) current = child(current, name);
  return current;
}

export function textAt(node: XmlNode | undefined, path?: string): string | undefined {
  const target = path === undefined ? node : at(node, path);
  return target?.text;
}

export function numberAt(node: XmlNode | undefined, path?: string): number | undefined {
  const text = textAt(node, path);
  if (text === undefined || text.trim() === '') return undefined;
  const value = Number(text);
  return Number.isFinite(value) ? value : undefined;
}

export function booleanAt(node: XmlNode | undefined, path?: string): boolean | undefined {
  const text = textAt(node, path);
  return text === 'true' ? true : text === 'false' ? false : undefined;
}

export function moRefOf(node: XmlNode | undefined): MoRef | undefined {
  if (!node?.refType) return undefined;
  return { type: node.refType, value: node.text };
}

/** The elements of an `ArrayOf…` value, or the node itself when the server sent a single element. */
export function arrayItems(node: XmlNode | undefined): XmlNode[] {
  if (!node) return [];
  return node.xsiType?.startsWith('ArrayOf') ? node.children : [node];
}

/**
 * A node as plain JSON for the detail pane: objects for structures, arrays for repeated
 * names, strings for leaves, "Type:id" for references. `_type` keeps a structure's xsi:type.
 */
export function toPlain(node: XmlNode): unknown {
  if (node.refType !== undefined) return `${node.refType}:${node.text}`;
  if (node.xsiType?.startsWith('ArrayOf')) return node.children.map(toPlain);
  if (node.children.length === 0) return leafValue(node);
  const result: Record<string, unknown> = {};
  if (node.xsiType) result._type = node.xsiType;
  const repeated = new Set<string>();
  const seen = new Set<string>();
  for (const c of node.children) (seen.has(c.name) ? repeated : seen).add(c.name);
  for (const c of node.children) {
    const value = toPlain(c);
    if (!repeated.has(c.name)) result[c.name] = value;
    else ((result[c.name] ??= []) as unknown[]).push(value);
  }
  return result;
}

const numericTypes = new Set(['int', 'long', 'short', 'byte', 'float', 'double']);

/** A leaf as JSON: typed where the server said its type (top-level property values), text otherwise. */
function leafValue(node: XmlNode): unknown {
  if (node.xsiType === 'boolean') return node.text === 'true';
  if (node.xsiType && numericTypes.has(node.xsiType)) {
    const value = Number(node.text);
    return Number.isFinite(value) ? value : node.text;
  }
  return node.text;
}
