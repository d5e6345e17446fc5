import type { ParamSpec, Route } from '../api/router';
import { guestAt, reachableNode, type SimEnv } from '../env';
import type { GuestType } from '../lab';

const certificatePem = '-----BEGIN CERTIFICATE-----\nMIIBsimulatedProxmoxClusterCA\n-----END CERTIFICATE-----\n';

const websocketParams: Record<string, ParamSpec> = {
  port: { kind: 'integer', required: true },
  vncticket: { kind: 'string', required: true },
};

/** vncproxy / termproxy for guests and nodes, and the plain-GET face of vncwebsocket. */
export function consoleRoutes(env: SimEnv): Route[] {
  const guestRoutes = (type: GuestType): Route[] => {
    const base = `/nodes/{node}/${type}/{vmid}`;
    const permission: Route['permission'] = ({ path }) => [`/vms/${path.vmid}`, 'VM.Console'];
    return [
      {
        method: 'POST',
        path: `${base}/vncproxy`,
        params:
          type === 'qemu'
            ? { websocket: { kind: 'boolean' }, 'generate-password': { kind: 'boolean' } }
            : { websocket: { kind: 'boolean' }, width: { kind: 'integer' }, height: { kind: 'integer' } },
        permission,
        handle: ({ path, principal }) => {
          const guest = guestAt(env, path, type);
          const session = env.consoles.open('vnc', guest.node, guest, principal.authId);
          return {
            // Live servers send the port as a string.
            port: String(session.port),
            ticket: `${session.password}:${session.ticket}`,
            password: session.password,
            cert: certificatePem,
            user: principal.authId,
            upid: session.upid,
          };
        },
      },
      {
        method: 'POST',
        path: `${base}/termproxy`,
        params: type === 'qemu' ? { serial: { kind: 'string', values: ['serial0', 'serial1', 'serial2', 'serial3'] } } : {},
        permission,
        handle: ({ path, principal }) => {
          const guest = guestAt(env, path, type);
          const session = env.consoles.open('terminal', guest.node, guest, principal.authId);
          return { port: session.port, ticket: session.ticket, user: principal.authId, upid: session.upid };
        },
      },
      { method: 'GET', path: `${base}/vncwebsocket`, params: websocketParams, permission, handle: ({ params }) => ({ port: params.port }) },
    ];
  };
  return [
    ...guestRoutes('qemu'),
    ...guestRoutes('lxc'),
    {
      method: 'POST',
      path: '/nodes/{node}/termproxy',
      params: { cmd: { kind: 'string', values: ['ceph_install', 'login', 'upgrade'] }, 'cmd-opts': { kind: 'string' } },
      permission: ({ path }) => [`/nodes/${path.node}`, 'Sys.Console'],
      handle: ({ path, principal }) => {
        const node = reachableNode(env, path.node as string);
        const session = env.consoles.open('terminal', node.name, undefined, principal.authId);
        return { port: session.port, ticket: session.ticket, user: principal.authId, upid: session.upid };
      },
    },
    {
      method: 'GET',
      path: '/nodes/{node}/vncwebsocket',
      params: websocketParams,
      permission: ({ path }) => [`/nodes/${path.node}`, 'Sys.Console'],
      handle: ({ params }) => ({ port: params.port }),
    },
  ];
}
