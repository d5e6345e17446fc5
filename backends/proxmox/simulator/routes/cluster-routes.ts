import type { Principal } from '../access';
import type { Route } from '../api/router';
import type { SimEnv } from '../env';
import { guestRow, nodeRow, storageRow } from '../views';
import { taskRow } from './task-routes';

const resourceTypes = ['vm', 'storage', 'node', 'sdn'] as const;

function resources(env: SimEnv, type: string | undefined): Record<string, unknown>[] {
  const { lab } = env;
  const rows: Record<string, unknown>[] = [];
  if (!type || type === 'vm') for (const guest of lab.guests.values()) rows.push(guestRow(env, guest));
  if (!type || type === 'node') for (const node of lab.nodes) rows.push(nodeRow(env, node));
  if (!type || type === 'storage') {
    for (const storage of lab.storages)
      for (const node of storage.nodes) if (lab.node(node)?.online) rows.push(storageRow(env, storage, node));
  }
  if (!type) for (const pool of lab.pools) rows.push({ id: `pool/${pool.id}`, type: 'pool', pool: pool.id });
  if (!type || type === 'sdn') {
    for (const node of lab.nodes) {
      for (const zone of lab.zones)
        rows.push({
          id: `sdn/${node.name}/${zone.zone}`,
          type: 'sdn',
          sdn: zone.zone,
          node: node.name,
          status: node.online ? 'ok' : 'unknown',
          'zone-type': zone.type,
        });
    }
  }
  return rows;
}

const canAuditSdn = (env: SimEnv, principal: Principal): boolean => env.access.can(principal, 'SDN.Audit');

export function clusterRoutes(env: SimEnv): Route[] {
  const { lab } = env;
  return [
    { method: 'GET', path: '/version', handle: () => ({ ...env.version, console: 'xtermjs' }) },
    {
      method: 'GET',
      path: '/cluster/resources',
      params: { type: { kind: 'string', values: resourceTypes } },
      handle: ({ params }) => resources(env, params.type),
    },
    {
      method: 'GET',
      path: '/cluster/status',
      permission: () => ['/', 'Sys.Audit'],
      handle: () => {
        const online = lab.nodes.filter((node) => node.online).length;
        return [
          {
            id: 'cluster',
            type: 'cluster',
            name: lab.clusterName,
            nodes: lab.nodes.length,
            quorate: online > lab.nodes.length / 2 ? 1 : 0,
            version: lab.nodes.length + 2,
          },
          ...lab.nodes.map((node, index) => ({
            id: `node/${node.name}`,
            type: 'node',
            name: node.name,
            nodeid: node.nodeId,
            ip: node.ip,
            online: node.online ? 1 : 0,
            local: index === 0 ? 1 : 0,
            level: '',
          })),
        ];
      },
    },
    {
      method: 'GET',
      path: '/cluster/tasks',
      handle: () => env.tasks.recent().map(taskRow),
    },
    {
      method: 'GET',
      path: '/cluster/nextid',
      params: { vmid: { kind: 'integer' } },
      // Perl hands this one out as a string; clients must cope.
      handle: () => String(lab.nextVmid()),
    },
    {
      method: 'GET',
      path: '/pools',
      params: { poolid: { kind: 'string' }, type: { kind: 'string', values: ['qemu', 'lxc', 'storage'] } },
      handle: () => lab.pools.map((pool) => (pool.comment ? { poolid: pool.id, comment: pool.comment } : { poolid: pool.id })),
    },
    {
      method: 'GET',
      path: '/cluster/sdn/zones',
      params: {
        pending: { kind: 'boolean' },
        running: { kind: 'boolean' },
        type: { kind: 'string', values: ['evpn', 'faucet', 'qinq', 'simple', 'vlan', 'vxlan'] },
      },
      handle: ({ principal, params }) =>
        canAuditSdn(env, principal)
          ? lab.zones
              .filter((zone) => !params.type || zone.type === params.type)
              .map((zone) => ({
                zone: zone.zone,
                type: zone.type,
                ...(zone.bridge ? { bridge: zone.bridge } : {}),
                ipam: 'pve',
                digest: 'c0ffee',
              }))
          : [],
    },
    {
      method: 'GET',
      path: '/cluster/sdn/vnets',
      params: { pending: { kind: 'boolean' }, running: { kind: 'boolean' } },
      handle: ({ principal }) =>
        canAuditSdn(env, principal)
          ? lab.vnets.map((vnet) => ({
              vnet: vnet.vnet,
              type: 'vnet',
              zone: vnet.zone,
              ...(vnet.tag ? { tag: vnet.tag } : {}),
              ...(vnet.alias ? { alias: vnet.alias } : {}),
              digest: 'c0ffee',
            }))
          : [],
    },
  ];
}
