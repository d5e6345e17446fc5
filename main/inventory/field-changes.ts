import type { InventoryObject, ObjectFacts, RelationType } from '../../common/model/inventory';
import type { ChangeCategory, FieldChange } from './model';

/** Facts that move on their own between syncs and would drown real changes. */
const volatileFacts: ReadonlySet<keyof ObjectFacts> = new Set(['uptimeSeconds']);

const factCategories: Partial<Record<keyof ObjectFacts, ChangeCategory>> = {
  cpuCount: 'resized',
  memoryBytes: 'resized',
  capacityBytes: 'resized',
};

const relationCategories: Partial<Record<RelationType, ChangeCategory>> = {
  'runs-on': 'moved',
  'stored-on': 'moved',
};

/**
 * What changed between two versions of one object, field by field: powered off is a `state`
 * change, moved is `parentId` or `relations.runs-on`, resized is `facts.cpuCount` / memory / disk,
 * renamed is `name`. The native properties are kept whole but not compared field by field.
 */
export function fieldChanges(before: InventoryObject, after: InventoryObject): FieldChange[] {
  const changes: FieldChange[] = [];
  const compare = (field: string, category: ChangeCategory, oldValue: unknown, newValue: unknown): void => {
    if (stableJson(oldValue) !== stableJson(newValue))
      changes.push({ field, category, oldValue: oldValue ?? null, newValue: newValue ?? null });
  };
  compare('name', 'renamed', before.name, after.name);
  compare('state', 'power', before.state, after.state);
  compare('parentId', 'moved', before.parentId, after.parentId);
  compare('nativeType', 'other', before.nativeType, after.nativeType);
  const factKeys = new Set([...Object.keys(before.facts), ...Object.keys(after.facts)] as (keyof ObjectFacts)[]);
  for (const key of [...factKeys].sort()) {
    if (volatileFacts.has(key)) continue;
    compare(`facts.${key}`, factCategories[key] ?? 'other', before.facts[key], after.facts[key]);
  }
  const beforeTargets = relationTargets(before);
  const afterTargets = relationTargets(after);
  const relationKinds = new Set([...beforeTargets.keys(), ...afterTargets.keys()]);
  for (const type of [...relationKinds].sort()) {
    compare(`relations.${type}`, relationCategories[type] ?? 'other', beforeTargets.get(type), afterTargets.get(type));
  }
  return changes;
}

function relationTargets(object: InventoryObject): Map<RelationType, string[]> {
  const byType = new Map<RelationType, string[]>();
  for (const relation of object.relations) {
    const targets = byType.get(relation.type) ?? [];
    targets.push(relation.to);
    byType.set(relation.type, targets);
  }
  for (const targets of byType.values()) targets.sort();
  return byType;
}

/** JSON with object keys sorted, so that key order never reads as a change. */
export function stableJson(value: unknown): string {
  return (
    JSON.stringify(value, (_key, inner: unknown) =>
      inner && typeof inner === 'object' && !Array.isArray(inner)
        ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
        : inner,
    ) ?? 'null'
  );
}
