import type { InventoryObject } from '../../../common/model/inventory';
import { mapConcurrent } from '../../core/concurrency';
import type { ProxmoxApi } from '../api/client';
import { readRows, readString } from '../api/lenient';
import { apiPaths } from '../api/paths';
import { mapCluster, mapNode, readClusterStatus, type ClusterStatus } from './map-cluster';
import { mappedInterfaces, mapNodeInterfaces, mapSdnVnet, mapSdnZone } from './map-network';
import { mapPool } from './map-pool';
import { mapStorages } from './map-storage';
import type { ProxmoxIds } from './ids';
import { LinkResolver } from './links';
import type { SyncNotes } from './notes';

/** Everything of a cluster except its guests' detail: the frame the guests hang in. */
export interface ClusterContext {
  resources: Record<string, unknown>[];
  status: ClusterStatus;
  links: LinkResolver;
  /** Cluster, nodes, storages, pools, node networks and SDN zones/vnets, mapped. */
  objects: InventoryObject[];
  /** QEMU run state (running, paused …) by vmid, from each node's `qemu?full=1` list. */
  qmpStatus: Map<string, string>;
  onlineNodes: Set<string>;
}

const rowsOfType = (rows: Record<string, unknown>[], type: string): Record<string, unknown>[] => rows.filter((row) => row.type === type);

/**
 * One /cluster/resources call first (the way the web UI works), then the cluster-wide
 * lists (status, pools, SDN) and the per-node lists (networks, qemu run states), those
 * with a concurrency limit. Missing rights thin the picture and leave a note.
 */
export async function loadClusterContext(
  api: ProxmoxApi,
  ids: ProxmoxIds,
  concurrency: number,
  notes: SyncNotes,
  signal: AbortSignal,
): Promise<ClusterContext> {
  const resources = readRows(await api.get('/cluster/resources', undefined, signal));
  const nodeRows = rowsOfType(resources, 'node');
  const [statusData, poolData, zoneData, vnetData] = await Promise.all([
    notes.optional('read the cluster status (quorum, node addresses)', () => api.get('/cluster/status', undefined, signal)),
    notes.optional('list the resource pools', () => api.get('/pools', undefined, signal)),
    notes.optional('list the SDN zones', () => api.get('/cluster/sdn/zones', undefined, signal)),
    notes.optional('list the SDN vnets', () => api.get('/cluster/sdn/vnets', undefined, signal)),
  ]);
  const status = readClusterStatus(statusData);
  const cluster = mapCluster(ids, status, nodeRows);
  const links = new LinkResolver(ids, cluster.id);
  const objects: InventoryObject[] = [cluster];

  const onlineNodes = new Set<string>();
  for (const row of nodeRows) {
    const node = mapNode(ids, row, status, cluster.id);
    if (!node) continue;
    objects.push(node);
    if (node.state === 'online') onlineNodes.add(node.nativeId);
  }
  const offline = nodeRows.map((row) => readString(row.node) ?? '').filter((node) => node && !onlineNodes.has(node));
  if (offline.length > 0)
    notes.add(`Node${offline.length > 1 ? 's' : ''} ${offline.join(', ')} offline: their guests are listed without configuration detail.`);

  const storageRows = rowsOfType(resources, 'storage');
  for (const row of storageRows) links.addStorageRow(row);
  objects.push(...mapStorages(ids, storageRows, cluster.id));

  const poolRows = poolData === undefined ? rowsOfType(resources, 'pool') : readRows(poolData);
  for (const row of poolRows) {
    const pool = mapPool(ids, row, cluster.id);
    if (!pool) continue;
    links.addPool(pool.nativeId);
    objects.push(pool);
  }

  const qmpStatus = new Map<string, string>();
  const nodes = [...onlineNodes];
  const interfacesByNode = await mapConcurrent(
    nodes,
    concurrency,
    async (node) => {
      const [networkData, qemuData] = await Promise.all([
        notes.optional(`read the networks of node ${node}`, () => api.get(`${apiPaths.node(node)}/network`, undefined, signal)),
        notes.optional(`read the VM run states on node ${node}`, () => api.get(`${apiPaths.node(node)}/qemu`, { full: 1 }, signal)),
      ]);
      for (const row of readRows(qemuData)) {
        const vmid = readString(row.vmid);
        const qmp = readString(row.qmpstatus);
        if (vmid && qmp) qmpStatus.set(vmid, qmp);
      }
      return mappedInterfaces(networkData);
    },
    signal,
  );
  const nodesByBridge = new Map<string, string[]>();
  nodes.forEach((node, index) => {
    const rows = interfacesByNode[index] ?? [];
    for (const row of rows) {
      const iface = readString(row.iface) as string;
      links.addInterface(node, iface);
      nodesByBridge.set(iface, [...(nodesByBridge.get(iface) ?? []), node]);
    }
    objects.push(...mapNodeInterfaces(ids, node, rows));
  });

  const zones = new Set<string>();
  for (const row of readRows(zoneData)) {
    const zone = mapSdnZone(ids, row, cluster.id, (bridge) => nodesByBridge.get(bridge) ?? []);
    if (!zone) continue;
    zones.add(zone.name);
    objects.push(zone);
  }
  for (const row of readRows(vnetData)) {
    const vnet = mapSdnVnet(ids, row, cluster.id, zones);
    if (!vnet) continue;
    links.addVnet(vnet.name);
    objects.push(vnet);
  }
  return { resources, status, links, objects, qmpStatus, onlineNodes };
}
