import { readString } from '../api/lenient';

/**
 * The fields of a /cluster/resources row that mean "this object changed". Usage numbers
 * (cpu, mem, netin, uptime, disk …) move every poll and belong to metrics, not inventory.
 */
const stableFields: Record<string, readonly string[]> = {
  qemu: ['status', 'name', 'node', 'template', 'lock', 'hastate', 'pool', 'tags', 'maxcpu', 'maxmem', 'maxdisk'],
  lxc: ['status', 'name', 'node', 'template', 'lock', 'hastate', 'pool', 'tags', 'maxcpu', 'maxmem', 'maxdisk'],
  node: ['status', 'maxcpu', 'maxmem', 'maxdisk', 'level'],
  storage: ['status', 'maxdisk', 'shared', 'content', 'plugintype'],
};

export function rowSignature(row: Record<string, unknown>): string | undefined {
  const fields = stableFields[readString(row.type) ?? ''];
  if (!fields) return undefined;
  return fields.map((field) => String(row[field] ?? '')).join('\u0001');
}

export interface ResourceChanges {
  /** New rows and rows whose stable fields changed. */
  changed: Record<string, unknown>[];
  /** Rows of the previous poll that are gone. */
  removed: Record<string, unknown>[];
}

/** What changed between two /cluster/resources answers, for the types the inventory maps. */
export function diffResources(
  previous: ReadonlyMap<string, Record<string, unknown>>,
  current: readonly Record<string, unknown>[],
): ResourceChanges {
  const changed: Record<string, unknown>[] = [];
  const present = new Set<string>();
  for (const row of current) {
    const id = readString(row.id);
    const signature = rowSignature(row);
    if (!id || signature === undefined) continue;
    present.add(id);
    const before = previous.get(id);
    if (!before || rowSignature(before) !== signature) changed.push(row);
  }
  const removed: Record<string, unknown>[] = [];
  for (const [id, row] of previous) {
    if (!present.has(id) && rowSignature(row) !== undefined) removed.push(row);
  }
  return { changed, removed };
}
