import { escapeXml } from '../../soap/envelope';
import type { Value } from '../model/values';

function primitiveType(value: string | number | boolean | Date): string {
  if (typeof value === 'string') return 'xsd:string';
  if (typeof value === 'boolean') return 'xsd:boolean';
  if (value instanceof Date) return 'xsd:dateTime';
  if (!Number.isInteger(value)) return 'xsd:double';
  return Math.abs(value) < 2 ** 31 ? 'xsd:int' : 'xsd:long';
}

function primitiveText(value: string | number | boolean | Date): string {
  return value instanceof Date ? value.toISOString() : escapeXml(String(value));
}

/**
 * A value as vim25 XML under the element `name`. At the top of a property value (`typed`)
 * every value carries its xsi:type, arrays as `ArrayOfX` wrappers; below it, arrays are
 * repeated elements and data objects carry their type (vim25 types are polymorphic).
 */
export function valueXml(name: string, value: Value, typed: boolean): string {
  if (value === undefined) return '';
  if (typeof value !== 'object' || value instanceof Date) {
    return typed
      ? `<${name} xsi:type="${primitiveType(value)}">${primitiveText(value)}</${name}>`
      : `<${name}>${primitiveText(value)}</${name}>`;
  }
  switch (value.kind) {
    case 'ref':
      return typed
        ? `<${name} xsi:type="ManagedObjectReference" type="${value.ref.type}">${escapeXml(value.ref.value)}</${name}>`
        : `<${name} type="${value.ref.type}">${escapeXml(value.ref.value)}</${name}>`;
    case 'data': {
      let inner = '';
      const fields = value.fields;
      for (const field in fields) inner += valueXml(field, fields[field], false);
      return `<${name} xsi:type="${value.type}">${inner}</${name}>`;
    }
    case 'array': {
      if (!typed) return value.items.map((item) => valueXml(name, item, false)).join('');
      const itemName = value.of === 'string' ? 'string' : value.of;
      const wrapper = value.of === 'string' ? 'ArrayOfString' : `ArrayOf${value.of}`;
      return `<${name} xsi:type="${wrapper}">${value.items.map((item) => valueXml(itemName, item, false)).join('')}</${name}>`;
    }
  }
}
