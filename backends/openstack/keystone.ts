import { SkydeckFailure } from '../../common/errors/skydeck-error';
import type { HttpClient } from '../core/http-client';
import type { CatalogService } from './catalog';
import { errorMessageOf } from './errors';
import { describeAuth, type DomainRef, type KeystoneAuth, type ProjectRef } from './settings';

/** What Skydeck keeps of a Keystone token (never written anywhere). */
export interface KeystoneToken {
  id: string;
  /** Unix milliseconds. */
  expiresAt: number;
  issuedAt: number;
  user: { id: string; name: string; domainName?: string };
  project?: { id: string; name: string; domainName?: string };
  roles: string[];
  catalog: CatalogService[];
}

interface TokenBody {
  token?: {
    expires_at?: string;
    issued_at?: string;
    user?: { id?: string; name?: string; domain?: { name?: string } };
    project?: { id?: string; name?: string; domain?: { name?: string } };
    roles?: { name?: string }[];
    catalog?: CatalogService[];
  };
}

const domainBody = (ref: DomainRef): Record<string, string> => ('id' in ref ? { id: ref.id } : { name: ref.name });

function scopeBody(project: ProjectRef | undefined): Record<string, unknown> | undefined {
  if (!project) return undefined;
  return { project: 'id' in project ? { id: project.id } : { name: project.name, domain: domainBody(project.domain) } };
}

/** The body of POST /v3/auth/tokens for an auth method, scoped to a project when one is given. */
function tokenRequestBody(auth: KeystoneAuth, project?: ProjectRef): Record<string, unknown> {
  let identity: Record<string, unknown>;
  if (auth.method === 'password') {
    identity = {
      methods: ['password'],
      password: { user: { name: auth.username, domain: domainBody(auth.userDomain), password: auth.password } },
    };
  } else if (auth.method === 'application-credential') {
    identity = { methods: ['application_credential'], application_credential: { id: auth.id, secret: auth.secret } };
  } else {
    identity = { methods: ['token'], token: { id: auth.token } };
  }
  // Application credentials carry their own project: Keystone refuses a scope beside them.
  const scope = auth.method === 'application-credential' ? undefined : scopeBody(project);
  return { auth: scope ? { identity, scope } : { identity } };
}

function describeProject(project: ProjectRef | undefined): string {
  if (!project) return '';
  return 'id' in project ? ` on project id ${project.id}` : ` on project ${project.name}`;
}

function refusal(auth: KeystoneAuth, project: ProjectRef | undefined, host: string, reason: string): SkydeckFailure {
  const who = describeAuth(auth);
  const hint =
    auth.method === 'password'
      ? `wrong user name, domain or password, a disabled user, or no role${describeProject(project)}`
      : auth.method === 'application-credential'
        ? 'wrong ID or secret, or the credential expired or was deleted'
        : 'the token expired or was revoked; give a new one';
  return new SkydeckFailure('auth-failed', `Keystone at ${host} refused ${who}${describeProject(project)}: ${hint} (${reason}).`, {
    details: { host },
  });
}

/** Logs in: POST {authUrl}/auth/tokens. */
export async function issueToken(
  http: HttpClient,
  authUrl: string,
  auth: KeystoneAuth,
  project: ProjectRef | undefined,
  signal: AbortSignal,
): Promise<KeystoneToken> {
  const path = `${authUrl}/auth/tokens`;
  const response = await http.request({
    method: 'POST',
    path,
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(tokenRequestBody(auth, project)),
    signal,
  });
  const host = http.baseUrl.host;
  // Keystone answers 404 "Could not find token" for an expired token given as the credential.
  if (response.status === 401 || (response.status === 404 && auth.method === 'token'))
    throw refusal(auth, project, host, errorMessageOf(await response.text()) || 'HTTP 401');
  if (response.status === 404) {
    await response.text();
    throw new SkydeckFailure(
      'invalid-input',
      `${authUrl} is not a Keystone v3 endpoint (HTTP 404 on POST /auth/tokens). Check the auth URL.`,
    );
  }
  if (response.status !== 201 && response.status !== 200) {
    const reason = errorMessageOf(await response.text());
    const code = response.status >= 500 ? 'server-error' : response.status === 400 ? 'invalid-input' : 'bad-response';
    throw new SkydeckFailure(code, `Keystone at ${host} could not log in ${describeAuth(auth)} (HTTP ${response.status}): ${reason}`);
  }
  const tokenId = response.headers['x-subject-token'];
  const body = await response.json<TokenBody>();
  if (typeof tokenId !== 'string' || !body.token?.expires_at || !body.token.user?.id) {
    throw new SkydeckFailure('bad-response', `${host} answered the login without a Keystone token; is ${authUrl} really Keystone?`, {
      retryable: false,
    });
  }
  return toKeystoneToken(tokenId, body.token);
}

function toKeystoneToken(id: string, token: NonNullable<TokenBody['token']>): KeystoneToken {
  const result: KeystoneToken = {
    id,
    expiresAt: Date.parse(token.expires_at ?? ''),
    issuedAt: token.issued_at ? Date.parse(token.issued_at) : Date.now(),
    user: { id: token.user?.id ?? '', name: token.user?.name ?? '' },
    roles: (token.roles ?? []).map((role) => role.name ?? '').filter(Boolean),
    catalog: token.catalog ?? [],
  };
  if (token.user?.domain?.name) result.user.domainName = token.user.domain.name;
  if (token.project?.id) {
    result.project = { id: token.project.id, name: token.project.name ?? token.project.id };
    if (token.project.domain?.name) result.project.domainName = token.project.domain.name;
  }
  return result;
}

export interface KeystoneProject {
  id: string;
  name: string;
  domain_id?: string;
  enabled?: boolean;
  description?: string;
  parent_id?: string | null;
  [key: string]: unknown;
}

/** The projects the token's user has a role on (GET /v3/auth/projects: allowed to every user). */
export async function listOwnProjects(http: HttpClient, authUrl: string, tokenId: string, signal: AbortSignal): Promise<KeystoneProject[]> {
  const response = await http.request({
    path: `${authUrl}/auth/projects`,
    headers: { 'x-auth-token': tokenId, accept: 'application/json' },
    signal,
  });
  if (response.status !== 200) {
    throw new SkydeckFailure(
      'bad-response',
      `Keystone could not list the user's projects (HTTP ${response.status}): ${errorMessageOf(await response.text())}`,
    );
  }
  return (await response.json<{ projects?: KeystoneProject[] }>()).projects ?? [];
}

/**
 * Logs in with the connection's credentials. Without a project, the user's only project is
 * chosen for them; with several, the error lists them so the user can pick one.
 */
export async function login(http: HttpClient, authUrl: string, auth: KeystoneAuth, signal: AbortSignal): Promise<KeystoneToken> {
  const project = auth.method === 'application-credential' ? undefined : auth.project;
  const token = await issueToken(http, authUrl, auth, project, signal);
  if (token.project || auth.method === 'application-credential') return token;
  const projects = (await listOwnProjects(http, authUrl, token.id, signal)).filter((candidate) => candidate.enabled !== false);
  if (projects.length === 1) {
    const only = projects[0] as KeystoneProject;
    return issueToken(http, authUrl, { method: 'token', token: token.id }, { id: only.id }, signal);
  }
  const names = projects.map((candidate) => candidate.name).join(', ');
  throw new SkydeckFailure(
    'invalid-input',
    projects.length === 0
      ? `${describeAuth(auth)} has no role on any project, so Keystone gives it no service catalog. Ask for a role on a project.`
      : `${describeAuth(auth)} has roles on several projects (${names}); fill in the Project field with one of them.`,
  );
}
