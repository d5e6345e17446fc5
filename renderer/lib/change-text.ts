import { parseObjectId } from '../../common/model/inventory';
import type { FieldChange } from '../../common/model/inventory-views';
import { formatBytes } from './format';

/** Fields whose values are object ids (a move names the old and the new host). */
const referenceField = (field: string): boolean => field === 'parentId' || field.startsWith('relations.');

const factLabels: Record<string, string> = {
  cpuCount: 'CPUs',
  memoryBytes: 'memory',
  capacityBytes: 'disk',
  usedBytes: 'used',
  ipAddresses: 'IP addresses',
  macAddresses: 'MAC addresses',
  guestOs: 'guest OS',
  hostName: 'guest host name',
  tags: 'tags',
  notes: 'notes',
  version: 'version',
  disks: 'disks',
  nics: 'network adapters',
};

const byteFacts = new Set(['memoryBytes', 'capacityBytes', 'usedBytes']);

/** The object ids a list of field changes points at (to look their names up). */
export function idsInFieldChanges(fields: readonly FieldChange[]): string[] {
  return fields
    .filter((change) => referenceField(change.field))
    .flatMap((change) => [...idsIn(change.oldValue), ...idsIn(change.newValue)]);
}

function idsIn(value: unknown): string[] {
  const values = Array.isArray(value) ? value : [value];
  return values.filter((one): one is string => typeof one === 'string' && parseObjectId(one) !== undefined);
}

/**
 * One sentence per change, in a sysadmin's words: "powered off", "moved: esx-01 → esx-02",
 * "CPUs: 2 → 4", "renamed: web-1 → web-01". Identical sentences (a move changes both the
 * parent and the runs-on relation) are said once.
 */
export function describeChanges(fields: readonly FieldChange[], nameOf: (id: string) => string): string[] {
  return [...new Set(fields.map((change) => describeChange(change, nameOf)))];
}

export function describeChange(change: FieldChange, nameOf: (id: string) => string): string {
  const { field, oldValue, newValue } = change;
  if (field === 'state') return powerSentence(String(oldValue), String(newValue));
  if (field === 'name') return `renamed: ${String(oldValue)} → ${String(newValue)}`;
  if (field === 'parentId' || field === 'relations.runs-on')
    return `moved: ${references(oldValue, nameOf)} → ${references(newValue, nameOf)}`;
  if (field.startsWith('relations.'))
    return `${field.slice('relations.'.length)}: ${references(oldValue, nameOf)} → ${references(newValue, nameOf)}`;
  if (field.startsWith('facts.')) {
    const key = field.slice('facts.'.length);
    const show = (value: unknown): string => (byteFacts.has(key) && typeof value === 'number' ? formatBytes(value) : shortValue(value));
    return `${factLabels[key] ?? key}: ${show(oldValue)} → ${show(newValue)}`;
  }
  return `${field}: ${shortValue(oldValue)} → ${shortValue(newValue)}`;
}

function powerSentence(before: string, after: string): string {
  if (after === 'stopped' && before === 'running') return 'powered off';
  if (after === 'running' && (before === 'stopped' || before === 'suspended' || before === 'paused')) return 'powered on';
  if (after === 'suspended') return 'suspended';
  return `state: ${before} → ${after}`;
}

function references(value: unknown, nameOf: (id: string) => string): string {
  if (value === null || value === undefined) return 'none';
  const values = Array.isArray(value) ? value : [value];
  return values.map((one) => (typeof one === 'string' ? nameOf(one) : shortValue(one))).join(', ');
}

/** A value as short text: lists joined, objects as compact JSON, cut at 80 characters. */
function shortValue(value: unknown): string {
  if (value === null || value === undefined || value === '') return 'none';
  const text =
    Array.isArray(value) && value.every((one) => typeof one !== 'object')
      ? value.join(', ')
      : typeof value === 'object'
        ? JSON.stringify(value)
        : String(value);
  return text.length > 80 ? `${text.slice(0, 79)}…` : text;
}

/** A name for an object id: the name looked up, else the id's native part. */
export function nameFromLookup(names: ReadonlyMap<string, string>): (id: string) => string {
  return (id) => names.get(id) ?? parseObjectId(id)?.nativeId ?? id;
}

/** Looks up the names of (at most `limit`) objects a diff points at; those not found stay out of the map. */
export async function resolveNames(
  ids: readonly string[],
  lookup: (id: string) => Promise<string | undefined>,
  limit = 200,
): Promise<ReadonlyMap<string, string>> {
  const unique = [...new Set(ids)].slice(0, limit);
  const names = await Promise.all(unique.map((id) => lookup(id).catch(() => undefined)));
  return new Map(unique.flatMap((id, index) => (names[index] === undefined ? [] : [[id, names[index]] as const])));
}
