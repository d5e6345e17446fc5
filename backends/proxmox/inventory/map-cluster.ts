import type { InventoryObject, ObjectState } from '../../../common/model/inventory';
import { readBoolean, readInteger, readNumber, readRows, readString } from '../api/lenient';
import type { ProxmoxIds } from './ids';
import { withoutLiveUsage } from './live-usage';

/** The membership picture from GET /cluster/status: quorum and who is online. */
export interface ClusterStatus {
  /** Absent on a standalone node. */
  name?: string;
  quorate?: boolean;
  nodeCount?: number;
  nodes: Map<string, { online?: boolean; ip?: string; nodeId?: number; local?: boolean }>;
  raw: Record<string, unknown>[];
}

export function readClusterStatus(data: unknown): ClusterStatus {
  const rows = readRows(data);
  const status: ClusterStatus = { nodes: new Map(), raw: rows };
  for (const row of rows) {
    const name = readString(row.name);
    if (row.type === 'cluster') {
      if (name) status.name = name;
      const quorate = readBoolean(row.quorate);
      if (quorate !== undefined) status.quorate = quorate;
      const nodes = readInteger(row.nodes);
      if (nodes !== undefined) status.nodeCount = nodes;
    } else if (row.type === 'node' && name) {
      const entry: { online?: boolean; ip?: string; nodeId?: number; local?: boolean } = {};
      const online = readBoolean(row.online);
      if (online !== undefined) entry.online = online;
      const ip = readString(row.ip);
      if (ip) entry.ip = ip;
      const nodeId = readInteger(row.nodeid);
      if (nodeId !== undefined) entry.nodeId = nodeId;
      const local = readBoolean(row.local);
      if (local !== undefined) entry.local = local;
      status.nodes.set(name, entry);
    }
  }
  return status;
}

/** The cluster's name, or the node's own name when it stands alone. */
export function clusterName(status: ClusterStatus, nodeRows: Record<string, unknown>[]): string {
  if (status.name) return status.name;
  const firstNode = [...status.nodes.keys()][0] ?? nodeRows.map((row) => readString(row.node)).find(Boolean);
  return firstNode ?? 'proxmox';
}

export function mapCluster(ids: ProxmoxIds, status: ClusterStatus, nodeRows: Record<string, unknown>[]): InventoryObject {
  const name = clusterName(status, nodeRows);
  const onlineNodes = nodeRows.filter((row) => nodeState(row, status) === 'online').length;
  let state: ObjectState = 'unknown';
  if (status.quorate === false) state = 'error';
  else if (nodeRows.length > 0) state = onlineNodes === nodeRows.length ? 'online' : 'degraded';
  return {
    id: ids.cluster(name),
    connectionId: ids.connectionId,
    platform: 'proxmox',
    kind: 'cluster',
    nativeId: name,
    nativeType: status.name ? 'cluster' : 'standalone',
    name,
    state,
    facts: {},
    relations: [],
    native: { status: status.raw, quorate: status.quorate, nodes: status.nodeCount ?? nodeRows.length, onlineNodes },
  };
}

function nodeState(row: Record<string, unknown>, status: ClusterStatus): ObjectState {
  const node = readString(row.node) ?? '';
  const member = status.nodes.get(node);
  if (member?.online === false) return 'offline';
  const text = readString(row.status);
  if (text === 'online') return 'online';
  if (text === 'offline') return 'offline';
  return member?.online ? 'online' : 'unknown';
}

/** A `type: node` row of /cluster/resources (or a row of GET /nodes). */
export function mapNode(
  ids: ProxmoxIds,
  row: Record<string, unknown>,
  status: ClusterStatus,
  clusterId: string,
): InventoryObject | undefined {
  const node = readString(row.node);
  if (!node) return undefined;
  const member = status.nodes.get(node);
  const state = nodeState(row, status);
  const facts: InventoryObject['facts'] = {};
  const cpus = readInteger(row.maxcpu);
  if (cpus !== undefined) facts.cpuCount = cpus;
  const memory = readInteger(row.maxmem);
  if (memory !== undefined) facts.memoryBytes = memory;
  const capacity = readInteger(row.maxdisk);
  if (capacity !== undefined) facts.capacityBytes = capacity;
  const used = readInteger(row.disk);
  if (used !== undefined) facts.usedBytes = used;
  const uptime = readNumber(row.uptime);
  if (uptime !== undefined && state === 'online') facts.uptimeSeconds = uptime;
  if (member?.ip) facts.ipAddresses = [member.ip];
  facts.hostName = node;
  return {
    id: ids.host(node),
    connectionId: ids.connectionId,
    platform: 'proxmox',
    kind: 'host',
    nativeId: node,
    nativeType: 'node',
    name: node,
    state,
    parentId: clusterId,
    facts,
    relations: [{ type: 'member-of', to: clusterId }],
    native: { ...withoutLiveUsage(row), ...(member ? { cluster: member } : {}) },
  };
}
