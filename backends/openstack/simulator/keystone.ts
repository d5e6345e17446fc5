import { SimHttpError, Router, badRequest, forbidden, isoMicrosZ, notFound, reply, type SimReply, type SimRequest } from './http';
import type { SimApplicationCredential, SimProject, SimRole, SimToken } from './state';
import type { SimWorld } from './world';

/** admin implies member implies reader, and tokens list the implied roles too. */
const impliedRoles = (roles: readonly SimRole[]): SimRole[] => {
  const all = new Set<SimRole>(roles);
  if (all.has('admin')) all.add('member');
  if (all.has('member')) all.add('reader');
  return [...all];
};

const unauthorized = (): SimHttpError => new SimHttpError(401, 'The request you have made requires authentication.');

interface AuthBody {
  auth?: {
    identity?: {
      methods?: string[];
      password?: { user?: { id?: string; name?: string; password?: string; domain?: { id?: string; name?: string } } };
      token?: { id?: string };
      application_credential?: { id?: string; secret?: string };
    };
    scope?: { project?: { id?: string; name?: string; domain?: { id?: string; name?: string } } } | 'unscoped';
  };
}

export type CatalogBuilder = (projectId: string) => unknown[];

/** Keystone v3: tokens, the catalog, projects and application credentials. */
export function keystoneRouter(world: SimWorld, catalog: CatalogBuilder): Router<SimRequest> {
  const cloud = world.cloud;
  const roleIds = new Map<string, string>();
  const roleId = (name: string): string => {
    let id = roleIds.get(name);
    if (!id) roleIds.set(name, (id = world.uuid().replace(/-/g, '')));
    return id;
  };
  const domainMatches = (domain: { id?: string; name?: string } | undefined): boolean =>
    !domain || domain.id === cloud.domain.id || domain.name === cloud.domain.name;

  const projectView = (project: SimProject, request: SimRequest): Record<string, unknown> => ({
    id: project.id,
    name: project.name,
    domain_id: cloud.domain.id,
    description: project.description,
    enabled: project.enabled,
    parent_id: cloud.domain.id,
    is_domain: false,
    tags: [],
    options: {},
    links: { self: `${request.base}/v3/projects/${project.id}` },
  });

  const rolesOn = (userId: string, projectId: string): SimRole[] =>
    impliedRoles(cloud.assignments.filter((a) => a.userId === userId && a.projectId === projectId).flatMap((a) => a.roles));

  const tokenView = (token: SimToken): Record<string, unknown> => {
    const user = cloud.users.get(token.userId);
    const body: Record<string, unknown> = {
      methods: token.methods,
      user: { domain: { ...cloud.domain }, id: token.userId, name: user?.name, password_expires_at: null },
      audit_ids: [world.secret().slice(0, 22)],
      expires_at: isoMicrosZ(token.expiresAt),
      issued_at: isoMicrosZ(token.issuedAt),
    };
    if (token.projectId) {
      const project = cloud.projects.get(token.projectId);
      body.project = { domain: { ...cloud.domain }, id: token.projectId, name: project?.name };
      body.is_domain = false;
      body.roles = token.roles.map((name) => ({ id: roleId(name), name }));
      body.catalog = catalog(token.projectId);
    }
    if (token.applicationCredentialId) {
      const credential = cloud.applicationCredentials.get(token.applicationCredentialId);
      body.application_credential = { id: token.applicationCredentialId, name: credential?.name, restricted: true };
    }
    return { token: body };
  };

  const issue = async (request: SimRequest): Promise<SimReply> => {
    const identity = (await request.json<AuthBody>()).auth?.identity;
    const methods = identity?.methods ?? [];
    let userId: string;
    let projectId: string | undefined;
    let roles: SimRole[] = [];
    let expiresAt = Date.now() + world.behaviour.tokenLifetimeMs;
    let applicationCredentialId: string | undefined;
    if (methods.includes('password')) {
      const given = identity?.password?.user;
      const user = [...cloud.users.values()].find((u) =>
        given?.id ? u.id === given.id : u.name === given?.name && domainMatches(given?.domain),
      );
      if (!user || user.password !== given?.password) throw unauthorized();
      userId = user.id;
    } else if (methods.includes('token')) {
      const original = cloud.tokens.get(identity?.token?.id ?? '');
      if (!original || original.expiresAt <= Date.now()) throw new SimHttpError(404, `Could not find token: ${identity?.token?.id ?? ''}.`);
      userId = original.userId;
      expiresAt = original.expiresAt;
    } else if (methods.includes('application_credential')) {
      const credential = cloud.applicationCredentials.get(identity?.application_credential?.id ?? '');
      if (!credential || credential.secret !== identity?.application_credential?.secret) throw unauthorized();
      userId = credential.userId;
      projectId = credential.projectId;
      roles = impliedRoles(credential.roles);
      applicationCredentialId = credential.id;
    } else {
      throw badRequest(
        'Expecting to find identity in auth. The server could not comply with the request since it is either malformed or otherwise incorrect.',
      );
    }
    const scope = (await request.json<AuthBody>()).auth?.scope;
    if (!applicationCredentialId && scope && scope !== 'unscoped' && scope.project) {
      const wanted = scope.project;
      const project = [...cloud.projects.values()].find((p) =>
        wanted.id ? p.id === wanted.id : p.name === wanted.name && domainMatches(wanted.domain),
      );
      if (!project) throw unauthorized();
      roles = rolesOn(userId, project.id);
      if (roles.length === 0) throw unauthorized();
      projectId = project.id;
    }
    const token: SimToken = { id: `gAAAAA${world.secret()}`, userId, roles, methods, issuedAt: Date.now(), expiresAt };
    if (projectId) token.projectId = projectId;
    if (applicationCredentialId) token.applicationCredentialId = applicationCredentialId;
    cloud.tokens.set(token.id, token);
    world.stats.logins += 1;
    return reply(201, tokenView(token), { 'x-subject-token': token.id });
  };

  /** Any valid token, scoped or not. */
  const anyToken = (request: SimRequest): SimToken => {
    const token = cloud.tokens.get(String(request.headers['x-auth-token'] ?? ''));
    if (!token || token.expiresAt <= Date.now()) throw unauthorized();
    return token;
  };

  const versionEntry = (request: SimRequest): Record<string, unknown> => ({
    id: 'v3.14',
    status: 'stable',
    updated: '2020-04-07T00:00:00Z',
    links: [{ rel: 'self', href: `${request.base}/v3/` }],
    'media-types': [{ base: 'application/json', type: 'application/vnd.openstack.identity-v3+json' }],
  });

  const listLinks = (request: SimRequest): Record<string, unknown> => ({
    self: `${request.url.origin}${request.url.pathname}`,
    previous: null,
    next: null,
  });

  return new Router<SimRequest>()
    .on('GET', '/', (request) => reply(300, { versions: { values: [versionEntry(request)] } }))
    .on('GET', '/v3', (request) => reply(200, { version: versionEntry(request) }))
    .on('POST', '/v3/auth/tokens', (request) => issue(request))
    .on('GET', '/v3/auth/tokens', (request) => {
      anyToken(request);
      const subject = cloud.tokens.get(String(request.headers['x-subject-token'] ?? ''));
      if (!subject || subject.expiresAt <= Date.now()) throw new SimHttpError(404, 'Could not find token.');
      return reply(200, tokenView(subject), { 'x-subject-token': subject.id });
    })
    .on('GET', '/v3/auth/projects', (request) => {
      const token = anyToken(request);
      const mine = [...cloud.projects.values()].filter((project) => rolesOn(token.userId, project.id).length > 0);
      return reply(200, { projects: mine.map((project) => projectView(project, request)), links: listLinks(request) });
    })
    .on('GET', '/v3/projects', (request) => {
      const token = anyToken(request);
      if (!token.roles.includes('admin'))
        throw forbidden('You are not authorized to perform the requested action: identity:list_projects.');
      return reply(200, {
        projects: [...cloud.projects.values()].map((project) => projectView(project, request)),
        links: listLinks(request),
      });
    })
    .on('GET', '/v3/projects/{id}', (request, { id }) => {
      const token = anyToken(request);
      const project = cloud.projects.get(id ?? '');
      if (!project) throw notFound(`Could not find project: ${id}.`);
      if (!token.roles.includes('admin') && token.projectId !== project.id) {
        throw forbidden('You are not authorized to perform the requested action: identity:get_project.');
      }
      return reply(200, { project: projectView(project, request) });
    })
    .on('POST', '/v3/users/{userId}/application_credentials', async (request, { userId }) => {
      const token = anyToken(request);
      if (token.userId !== userId || !token.projectId)
        throw forbidden('You are not authorized to perform the requested action: identity:create_application_credential.');
      const wanted = (await request.json<{ application_credential?: { name?: string; description?: string; secret?: string } }>())
        .application_credential;
      if (!wanted?.name) throw badRequest("Invalid input for field 'name': None is not of type 'string'");
      const credential: SimApplicationCredential = {
        id: world.uuid().replace(/-/g, ''),
        name: wanted.name,
        secret: wanted.secret ?? world.secret(),
        userId,
        projectId: token.projectId,
        roles: token.roles,
        description: wanted.description ?? '',
      };
      cloud.applicationCredentials.put(credential);
      return reply(201, {
        application_credential: {
          id: credential.id,
          name: credential.name,
          description: credential.description,
          secret: credential.secret,
          project_id: credential.projectId,
          user_id: userId,
          roles: credential.roles.map((name) => ({ id: roleId(name), name, domain_id: null })),
          expires_at: null,
          unrestricted: false,
          access_rules: [],
          links: { self: `${request.base}/v3/users/${userId}/application_credentials/${credential.id}` },
        },
      });
    })
    .on('DELETE', '/v3/users/{userId}/application_credentials/{id}', (request, { userId, id }) => {
      const token = anyToken(request);
      const credential = cloud.applicationCredentials.get(id ?? '');
      if (!credential || credential.userId !== userId || token.userId !== userId)
        throw notFound(`Could not find application credential: ${id}.`);
      cloud.applicationCredentials.delete(credential.id);
      for (const [tokenId, issued] of cloud.tokens) if (issued.applicationCredentialId === credential.id) cloud.tokens.delete(tokenId);
      return reply(204);
    });
}
