import { describe, expect, it } from 'vitest';
import type { ObjectKind } from '../../../common/model/inventory';
import type { TreeNode } from '../../../common/model/inventory-views';
import { groupChildren } from './tree-groups';

const node = (kind: ObjectKind, name: string): TreeNode => ({ id: `c/${kind}/${name}`, kind, name, state: 'available', childCount: 0 });

describe('groupChildren', () => {
  it('keeps clusters and hosts inline and files storage and networks in folders', () => {
    const grouped = groupChildren([node('cluster', 'cl0'), node('storage', 'ds1'), node('storage', 'ds2'), node('network', 'vlan100')]);
    expect(grouped.inline.map((row) => row.name)).toEqual(['cl0']);
    expect(grouped.folders.map((folder) => [folder.label, folder.rows.length])).toEqual([
      ['Storage', 2],
      ['Networks', 1],
    ]);
  });

  it('shows children of a single grouped kind inline (a VM and its snapshots)', () => {
    const grouped = groupChildren([node('snapshot', 'before-upgrade'), node('snapshot', 'nightly')]);
    expect(grouped).toEqual({ inline: [node('snapshot', 'before-upgrade'), node('snapshot', 'nightly')], folders: [] });
  });
});
