import type { ObjectId } from '../../../common/model/inventory';
import type { ClusterStatus } from './map-cluster';
import type { GuestRef } from './map-guest';
import type { LinkResolver } from './links';

/**
 * What the last committed sync saw, kept by the provider so that the watch can diff
 * against it and actions, metrics and consoles can find a guest's node without asking.
 */
export interface SyncState {
  clusterId: ObjectId;
  status: ClusterStatus;
  links: LinkResolver;
  /** /cluster/resources rows by their `id` (qemu/100, node/pve1, storage/pve1/local …). */
  rows: Map<string, Record<string, unknown>>;
  guests: Map<string, GuestRef>;
  /** The object id each guest was committed under (vm or template). */
  guestIds: Map<string, ObjectId>;
  snapshotIds: Map<string, ObjectId[]>;
  notes: string[];
}
