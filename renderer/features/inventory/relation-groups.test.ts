import { describe, expect, it } from 'vitest';
import type { RelationEnd } from '../../../common/model/inventory-views';
import { relationGroups } from './relation-groups';

describe('relationGroups', () => {
  it('groups both directions by type in words, and lists an object reached twice once (two disks on one datastore)', () => {
    const outgoing: RelationEnd[] = [
      { type: 'runs-on', otherId: 'vc/host/h1', otherName: 'esx-01', otherKind: 'host' },
      { type: 'stored-on', otherId: 'vc/storage/ds1', otherName: 'ds1', via: 'disk0' },
      { type: 'stored-on', otherId: 'vc/storage/ds1', otherName: 'ds1', via: 'disk1' },
    ];
    const incoming: RelationEnd[] = [{ type: 'snapshot-of', otherId: 'vc/snapshot/s1', otherName: 'before-upgrade' }];
    expect(relationGroups(outgoing, incoming).map((group) => [group.label, group.ends.map((end) => end.otherName)])).toEqual([
      ['Runs on', ['esx-01']],
      ['Stored on', ['ds1']],
      ['Snapshots', ['before-upgrade']],
    ]);
  });
});
