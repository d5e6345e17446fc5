import type { RelationType } from '../../../common/model/inventory';
import type { RelationEnd } from '../../../common/model/inventory-views';

/** How a relation reads from each end: a VM "runs on" a host; the host has VMs that "run here". */
const relationLabels: Record<RelationType, { outgoing: string; incoming: string }> = {
  'runs-on': { outgoing: 'Runs on', incoming: 'Runs here' },
  'stored-on': { outgoing: 'Stored on', incoming: 'Stores' },
  'attached-to': { outgoing: 'Attached to', incoming: 'Attached here' },
  'member-of': { outgoing: 'Member of', incoming: 'Members' },
  'routes-to': { outgoing: 'Routes to', incoming: 'Routed from' },
  'snapshot-of': { outgoing: 'Snapshot of', incoming: 'Snapshots' },
};

export interface RelationGroup {
  key: string;
  label: string;
  ends: RelationEnd[];
}

/** Relations of an object, grouped by type and direction, outgoing first, each end once per group. */
export function relationGroups(outgoing: readonly RelationEnd[], incoming: readonly RelationEnd[]): RelationGroup[] {
  const groups = new Map<string, RelationGroup>();
  const add = (direction: 'outgoing' | 'incoming', end: RelationEnd): void => {
    const key = `${direction}:${end.type}`;
    const group = groups.get(key) ?? { key, label: relationLabels[end.type][direction], ends: [] };
    if (!group.ends.some((one) => one.otherId === end.otherId)) group.ends.push(end);
    groups.set(key, group);
  };
  for (const end of outgoing) add('outgoing', end);
  for (const end of incoming) add('incoming', end);
  return [...groups.values()];
}
