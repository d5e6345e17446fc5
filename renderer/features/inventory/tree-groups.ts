import type { ObjectKind } from '../../../common/model/inventory';
import type { TreeNode } from '../../../common/model/inventory-views';

/** Kinds the tree files under a folder of their own inside their parent, so hosts and VMs stay in sight. */
const folderKinds: Partial<Record<ObjectKind, string>> = {
  storage: 'Storage',
  network: 'Networks',
  tenant: 'Folders, pools and projects',
  template: 'Templates',
  snapshot: 'Snapshots',
};

export interface TreeFolder {
  kind: ObjectKind;
  label: string;
  rows: TreeNode[];
}

/**
 * Splits a node's loaded children into those shown inline (sites, clusters, hosts, VMs) and
 * folders per grouped kind, in the order the host sorted them. A node whose children are all
 * of one grouped kind (a VM's snapshots) shows them inline: a lone folder adds nothing.
 */
export function groupChildren(rows: readonly TreeNode[]): { inline: TreeNode[]; folders: TreeFolder[] } {
  const inline: TreeNode[] = [];
  const folders = new Map<ObjectKind, TreeFolder>();
  for (const row of rows) {
    const label = folderKinds[row.kind];
    if (!label) {
      inline.push(row);
      continue;
    }
    const folder = folders.get(row.kind) ?? { kind: row.kind, label, rows: [] };
    folder.rows.push(row);
    folders.set(row.kind, folder);
  }
  if (inline.length === 0 && folders.size === 1) return { inline: [...rows], folders: [] };
  return { inline, folders: [...folders.values()] };
}
