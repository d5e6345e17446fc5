import type { PveSchema } from './pve-schema';

/**
 * Checks values against the PVE schema the way the server does, with the leniency real
 * servers need: Perl sends numbers as strings and booleans as 0/1, so an `integer` may
 * arrive as "5900" and a `boolean` as 1. Request parameters are always strings (query or
 * form), so they are checked as such.
 */
export type Problems = string[];

/** Named formats the connector and the simulator use; other named formats are not checked. */
const namedFormats: Record<string, RegExp> = {
  'pve-node': /^[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?$/,
  'pve-configid': /^[a-z][a-z0-9_-]+$/i,
  'pve-storage-id': /^[a-z][a-z0-9._-]*[a-z0-9]$/i,
  'pve-poolid': /^[A-Za-z0-9_-]+$/,
  'dns-name': /^(?=.{1,255}$)[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?(\.[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?)*$/,
  'mac-addr': /^([0-9a-f]{2}:){5}[0-9a-f]{2}$/i,
  ipv4: /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/,
  CIDRv4: /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}\/\d{1,2}$/,
  ipv4mask: /^\d{1,2}$|^(\d{1,3}\.){3}\d{1,3}$/,
  'pve-iface': /^[a-zA-Z][a-zA-Z0-9_.-]*$/,
  'pve-iface-list': /^([a-zA-Z][a-zA-Z0-9_.-]*([\s,;]+|$))*$/,
  'pve-storage-content-list': /^((images|rootdir|vztmpl|iso|backup|snippets|import|none)(,|$))+$/,
  'pve-userid': /^[^\s:/]+@[A-Za-z][A-Za-z0-9._-]+$/,
};

/** Perl's `(?^:…)`/`(?^i:…)` groups in JavaScript, anchored like PVE anchors them. */
function perlPattern(pattern: string): RegExp | undefined {
  const caseless = pattern.includes('(?^i:');
  const source = pattern.replace(/\(\?\^i?:/g, '(?:');
  try {
    return new RegExp(`^(?:${source})$`, caseless ? 'i' : '');
  } catch {
    return undefined;
  }
}

const isIntegerText = (value: string): boolean => /^-?\d+$/.test(value);
const isNumberText = (value: string): boolean => value.trim() !== '' && Number.isFinite(Number(value));
const booleanText = /^(0|1|true|false|yes|no|on|off)$/i;

function checkBounds(schema: PveSchema, value: number, where: string, problems: Problems): void {
  if (schema.minimum !== undefined && value < Number(schema.minimum))
    problems.push(`${where}: ${value} is below the minimum ${schema.minimum}`);
  if (schema.maximum !== undefined && value > Number(schema.maximum))
    problems.push(`${where}: ${value} is above the maximum ${schema.maximum}`);
}

function checkString(schema: PveSchema, value: string, where: string, problems: Problems): void {
  if (schema.enum && !schema.enum.map(String).includes(value))
    problems.push(`${where}: "${value}" is not one of ${schema.enum.join(', ')}`);
  if (schema.maxLength !== undefined && value.length > schema.maxLength) problems.push(`${where}: longer than ${schema.maxLength}`);
  if (schema.pattern) {
    const pattern = perlPattern(schema.pattern);
    if (pattern && !pattern.test(value)) problems.push(`${where}: "${value}" does not match ${schema.pattern}`);
  }
  if (typeof schema.format === 'string') {
    const format = namedFormats[schema.format];
    if (format && !format.test(value)) problems.push(`${where}: "${value}" is not a valid ${schema.format}`);
  } else if (schema.format) {
    checkPropertyString(schema.format, value, where, problems);
  }
}

/** `key=value,key=value` against a format object (default_key, alias and keyAlias included). */
function checkPropertyString(
  format: NonNullable<Exclude<PveSchema['format'], string>>,
  text: string,
  where: string,
  problems: Problems,
): void {
  const defaultKey = Object.entries(format).find(([, spec]) => spec.default_key)?.[0];
  for (const part of text.split(',')) {
    if (part === '') continue;
    const equals = part.indexOf('=');
    let key = equals < 0 ? defaultKey : part.slice(0, equals);
    const value = equals < 0 ? part : part.slice(equals + 1);
    if (key === undefined) {
      problems.push(`${where}: "${part}" has no key and the format has no default key`);
      continue;
    }
    let spec = format[key];
    if (spec?.keyAlias) {
      // `virtio=MAC`: the key names the value of keyAlias (the model), the value belongs to alias (the MAC).
      const modelSpec = format[spec.keyAlias];
      if (modelSpec) checkString(modelSpec, key, `${where}.${spec.keyAlias}`, problems);
      key = spec.alias as string;
      spec = format[key];
    } else if (spec?.alias) {
      key = spec.alias;
      spec = format[key];
    }
    if (!spec) {
      problems.push(`${where}: unknown property "${key}" in "${text}"`);
      continue;
    }
    checkRequestValue(spec, value, `${where}.${key}`, problems);
  }
}

/** A query or form parameter: always a string on the wire. */
export function checkRequestValue(schema: PveSchema, value: string, where: string, problems: Problems): void {
  switch (schema.type) {
    case 'integer':
      if (!isIntegerText(value)) problems.push(`${where}: "${value}" is not an integer`);
      else checkBounds(schema, Number(value), where, problems);
      return;
    case 'number':
      if (!isNumberText(value)) problems.push(`${where}: "${value}" is not a number`);
      else checkBounds(schema, Number(value), where, problems);
      return;
    case 'boolean':
      if (!booleanText.test(value)) problems.push(`${where}: "${value}" is not a boolean`);
      return;
    case 'string':
    case undefined:
      checkString(schema, value, where, problems);
      return;
    default:
      return;
  }
}

/** The schema entry for a key, indexed keys (net0, scsi1) falling back to their `net[n]` entry. */
export function propertySchema(properties: Record<string, PveSchema> | undefined, key: string): PveSchema | undefined {
  return properties?.[key] ?? properties?.[key.replace(/\d+$/, '[n]')];
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A response value (JSON) against a `returns` schema. */
export function checkResponseValue(schema: PveSchema | undefined, value: unknown, where: string, problems: Problems): void {
  if (!schema) return;
  // Some returns leave `type` out and only list properties or items.
  const type = schema.type ?? (schema.properties ? 'object' : schema.items ? 'array' : undefined);
  switch (type) {
    case 'null':
      if (value !== null) problems.push(`${where}: expected null`);
      return;
    case 'integer':
    case 'number': {
      const numeric =
        typeof value === 'number'
          ? value
          : typeof value === 'string' && (type === 'integer' ? isIntegerText(value) : isNumberText(value))
            ? Number(value)
            : undefined;
      if (numeric === undefined || (type === 'integer' && !Number.isInteger(numeric)))
        problems.push(`${where}: ${JSON.stringify(value)} is not an ${type}`);
      else checkBounds(schema, numeric, where, problems);
      return;
    }
    case 'boolean':
      if (!(typeof value === 'boolean' || value === 0 || value === 1 || value === '0' || value === '1'))
        problems.push(`${where}: ${JSON.stringify(value)} is not a boolean`);
      return;
    case 'string':
      if (typeof value !== 'string') problems.push(`${where}: ${JSON.stringify(value)} is not a string`);
      else checkString(schema, value, where, problems);
      return;
    case 'array':
      if (!Array.isArray(value)) problems.push(`${where}: expected an array`);
      else value.forEach((item, index) => checkResponseValue(schema.items, item, `${where}[${index}]`, problems));
      return;
    case 'object': {
      if (!isRecord(value)) {
        problems.push(`${where}: expected an object`);
        return;
      }
      for (const [key, propertyValue] of Object.entries(value)) {
        const property = propertySchema(schema.properties, key);
        if (property) checkResponseValue(property, propertyValue, `${where}.${key}`, problems);
        else if (schema.additionalProperties === 0)
          problems.push(`${where}: "${key}" is not in the schema (no additional properties allowed)`);
      }
      for (const [key, property] of Object.entries(schema.properties ?? {})) {
        if (!key.includes('[n]') && property.optional !== 1 && !(key in value)) problems.push(`${where}: required "${key}" is missing`);
      }
      return;
    }
    default:
      return;
  }
}
