import type { MoRef } from '../../soap/xml-node';

/**
 * Property values as the simulator serves them: primitives, references, data objects
 * (with their vim25 type, fields in schema order) and arrays (with their element type,
 * which names the `ArrayOf…` wrapper at the top of a property value).
 */
export type Value = string | number | boolean | Date | RefValue | DataObject | ArrayValue | undefined;

export interface RefValue {
  kind: 'ref';
  ref: MoRef;
}

export interface DataObject {
  kind: 'data';
  type: string;
  fields: Record<string, Value>;
}

export interface ArrayValue {
  kind: 'array';
  /** The element type ("ManagedObjectReference", "VirtualDevice", "string" …). */
  of: string;
  items: Value[];
}

export const refValue = (ref: MoRef | undefined): RefValue | undefined => (ref ? { kind: 'ref', ref } : undefined);

export const data = (type: string, fields: Record<string, Value>): DataObject => ({ kind: 'data', type, fields });

export const arrayOf = (of: string, items: Value[]): ArrayValue => ({ kind: 'array', of, items });

export const refs = (items: readonly MoRef[]): ArrayValue =>
  arrayOf(
    'ManagedObjectReference',
    items.map((ref) => refValue(ref)),
  );

export const strings = (items: readonly string[]): ArrayValue => arrayOf('string', [...items]);

/** The value at a dotted path below a value ("hardware.memoryMB" below a config). */
export function valueAt(value: Value, path: readonly string[]): Value {
  let current = value;
  for (const name of path) {
    if (current === undefined || typeof current !== 'object' || current instanceof Date || current.kind !== 'data') return undefined;
    current = current.fields[name];
  }
  return current;
}
