import { ApiError } from '../api/api-error';
import type { Route } from '../api/router';
import type { SimEnv } from '../env';

const areas: Record<string, string[]> = {
  vms: [
    'VM.Audit',
    'VM.PowerMgmt',
    'VM.Console',
    'VM.Snapshot',
    'VM.Snapshot.Rollback',
    'VM.Migrate',
    'VM.Clone',
    'VM.Allocate',
    'VM.Config.Disk',
    'VM.GuestAgent.Audit',
  ],
  storage: ['Datastore.Audit', 'Datastore.AllocateSpace'],
  nodes: ['Sys.Audit', 'Sys.Console', 'Sys.PowerMgmt'],
  dc: ['Sys.Audit', 'SDN.Audit'],
  sdn: ['SDN.Audit', 'SDN.Use'],
  access: ['User.Modify'],
};

/** The `cap` map of a login answer: per area, the privileges this user has. */
function capabilities(env: SimEnv, userid: string): Record<string, Record<string, number>> {
  const principal = { authId: userid, userid, token: false };
  return Object.fromEntries(
    Object.entries(areas).map(([area, privileges]) => [
      area,
      Object.fromEntries(privileges.filter((p) => env.access.can(principal, p)).map((p) => [p, 1])),
    ]),
  );
}

export function accessRoutes(env: SimEnv): Route[] {
  const loginAnswer = (userid: string): Record<string, unknown> => ({
    username: userid,
    ticket: env.access.ticket(userid),
    CSRFPreventionToken: env.access.csrfToken(userid),
    clustername: env.lab.clusterName,
    cap: capabilities(env, userid),
  });
  return [
    { method: 'GET', path: '/access/ticket', public: true, handle: () => null },
    {
      method: 'POST',
      path: '/access/ticket',
      public: true,
      params: {
        username: { kind: 'string', required: true },
        password: { kind: 'string', required: true },
        realm: { kind: 'string' },
        otp: { kind: 'string' },
        'tfa-challenge': { kind: 'string' },
        'new-format': { kind: 'boolean' },
        path: { kind: 'string' },
        privs: { kind: 'string' },
      },
      handle: ({ params }) => {
        const refused = new ApiError(401, 'authentication failure');
        const username =
          params.realm && !params.username!.includes('@') ? `${params.username}@${params.realm}` : (params.username as string);
        const password = params.password as string;
        const challenge = params['tfa-challenge'];
        if (challenge !== undefined) {
          if (params.otp !== undefined) throw refused;
          if (!env.access.verifySecondFactorTicket(challenge, username) || !env.access.checkSecondFactor(username, password)) throw refused;
          return loginAnswer(username);
        }
        const ticketUser = env.access.verifyTicket(password);
        if (ticketUser && (ticketUser === username || ticketUser === 'root@pam')) return loginAnswer(username);
        const verdict = env.access.checkPassword(username, password);
        if (verdict === 'refused') throw refused;
        if (verdict === 'second-factor') {
          return {
            username,
            ticket: env.access.secondFactorTicket(username),
            CSRFPreventionToken: env.access.csrfToken(username),
            NeedTFA: 1,
          };
        }
        return loginAnswer(username);
      },
    },
    {
      method: 'GET',
      path: '/access/domains',
      public: true,
      handle: () => [
        { realm: 'pam', type: 'pam', comment: 'Linux accounts of the node' },
        { realm: 'pve', type: 'pve', comment: 'Users kept by Proxmox VE', default: 1 },
      ],
    },
    {
      method: 'GET',
      path: '/access/permissions',
      params: { path: { kind: 'string' }, userid: { kind: 'string' } },
      handle: ({ principal }) => {
        const all = [...new Set(Object.values(areas).flat())].filter((privilege) => env.access.can(principal, privilege));
        return { '/': Object.fromEntries(all.map((privilege) => [privilege, 1])) };
      },
    },
  ];
}
