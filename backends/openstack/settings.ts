import { SkydeckFailure } from '../../common/errors/skydeck-error';
import type { ConnectionSecrets, TlsTrust } from '../../common/model/connection';
import { serviceLabels, type ServiceType } from './errors';

/** A domain named by id or by name, as Keystone accepts both. */
export type DomainRef = { id: string } | { name: string };

/** The project a token is scoped to, by id or by name within a domain. */
export type ProjectRef = { id: string } | { name: string; domain: DomainRef };

export type KeystoneAuth =
  | { method: 'password'; username: string; password: string; userDomain: DomainRef; project?: ProjectRef }
  | { method: 'application-credential'; id: string; secret: string }
  | { method: 'token'; token: string; project?: ProjectRef };

export type EndpointInterface = 'public' | 'internal' | 'admin';

export interface OpenstackSettings {
  connectionId: string;
  /** Keystone v3 auth URL, always ending in "/v3". */
  authUrl: string;
  auth: KeystoneAuth;
  region?: string;
  interface: EndpointInterface;
  /** Service type → URL used instead of the catalog's. */
  endpointOverrides: Partial<Record<ServiceType, string>>;
  trust: TlsTrust;
}

/** Knobs of the connector itself, not of the cloud. */
export interface OpenstackTuning {
  /** `limit` of every list request; smaller pages cost more round trips. */
  pageSize: number;
  /** Requests in flight at once across all services. */
  concurrency: number;
  /** Time between two watch polls. */
  watchIntervalMs: number;
  /** First and longest wait between two polls of an action's progress. */
  pollIntervalMs: number;
  maxPollIntervalMs: number;
  /** An action still running after this is reported as failed. */
  actionTimeoutMs: number;
  requestTimeoutMs: number;
  /** Tries of an idempotent request that failed in a way worth retrying. */
  retries: number;
}

export const defaultTuning: OpenstackTuning = {
  pageSize: 500,
  concurrency: 8,
  watchIntervalMs: 15_000,
  pollIntervalMs: 500,
  maxPollIntervalMs: 5_000,
  actionTimeoutMs: 15 * 60_000,
  requestTimeoutMs: 60_000,
  retries: 3,
};

/** "https://keystone:5000", ".../", ".../v3/" → ".../v3". */
export function normalizeAuthUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    throw new SkydeckFailure(
      'invalid-input',
      `"${url}" is not a URL; give the Keystone auth URL, e.g. https://keystone.example.com:5000/v3.`,
    );
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new SkydeckFailure('invalid-input', `The Keystone auth URL must start with https:// or http://, not ${parsed.protocol}`);
  }
  const path = parsed.pathname.replace(/\/+$/, '');
  if (/\/v2\.0$/.test(path)) {
    throw new SkydeckFailure(
      'unsupported',
      `${url} is a Keystone v2.0 URL; Skydeck speaks Keystone v3 (use ${parsed.origin}${path.replace(/\/v2\.0$/, '/v3')}).`,
    );
  }
  parsed.pathname = /\/v3$/.test(path) ? path : `${path}/v3`;
  parsed.search = '';
  parsed.hash = '';
  return parsed.toString().replace(/\/$/, '');
}

const domainOf = (id: string | undefined, name: string | undefined): DomainRef => (id ? { id } : { name: name || 'Default' });

function required(value: string | undefined, what: string): string {
  if (!value) throw new SkydeckFailure('invalid-input', `${what} is missing.`);
  return value;
}

function projectOf(fields: Record<string, string>): ProjectRef | undefined {
  if (fields.projectId) return { id: fields.projectId };
  if (fields.project) return { name: fields.project, domain: domainOf(fields.projectDomainId, fields.projectDomain) };
  return undefined;
}

/**
 * "compute=https://nova.example.com/v2.1, network=https://neutron:9696" → a map by service type.
 * Lines or commas separate entries; the service names are those of the catalog.
 */
export function parseEndpointOverrides(text: string | undefined): Partial<Record<ServiceType, string>> {
  const overrides: Partial<Record<ServiceType, string>> = {};
  for (const entry of (text ?? '').split(/[\n,]/)) {
    const trimmed = entry.trim();
    if (!trimmed) continue;
    const equals = trimmed.indexOf('=');
    const service = normalizeServiceName(trimmed.slice(0, equals).trim());
    const url = trimmed.slice(equals + 1).trim();
    if (equals <= 0 || !service || !/^https?:\/\//.test(url)) {
      throw new SkydeckFailure(
        'invalid-input',
        `Endpoint override "${trimmed}" is not of the form service=https://url (services: ${Object.keys(serviceLabels).join(', ')}).`,
      );
    }
    overrides[service] = url.replace(/\/+$/, '');
  }
  return overrides;
}

const serviceNameAliases: Record<string, ServiceType> = {
  volume: 'block-storage',
  volumev3: 'block-storage',
  block_storage: 'block-storage',
};

export function normalizeServiceName(name: string): ServiceType | undefined {
  const lower = name.toLowerCase();
  if (lower in serviceLabels) return lower as ServiceType;
  return serviceNameAliases[lower];
}

/** Reads a connection's form fields and secrets (see common/model/connection-forms.ts). */
export function readSettings(
  connectionId: string,
  url: string,
  fields: Record<string, string>,
  secrets: ConnectionSecrets,
  trust: TlsTrust,
): OpenstackSettings {
  const method = fields.auth || 'password';
  let auth: KeystoneAuth;
  if (method === 'password') {
    const username = required(fields.username, 'The OpenStack user name');
    const project = projectOf(fields);
    auth = {
      method,
      username,
      password: required(secrets.password, `The password of ${username}`),
      userDomain: domainOf(fields.userDomainId, fields.userDomain),
      ...(project ? { project } : {}),
    };
  } else if (method === 'application-credential') {
    auth = {
      method,
      id: required(fields.applicationCredentialId, 'The application credential ID'),
      secret: required(secrets.applicationCredentialSecret, 'The application credential secret'),
    };
  } else if (method === 'token') {
    const project = projectOf(fields);
    auth = { method, token: required(secrets.token, 'The token'), ...(project ? { project } : {}) };
  } else {
    throw new SkydeckFailure(
      'invalid-input',
      `Unknown OpenStack authentication "${method}" (use password, application-credential or token).`,
    );
  }
  const endpointInterface = fields.interface || 'public';
  if (endpointInterface !== 'public' && endpointInterface !== 'internal' && endpointInterface !== 'admin') {
    throw new SkydeckFailure('invalid-input', `Endpoint interface "${endpointInterface}" is not one of public, internal, admin.`);
  }
  return {
    connectionId,
    authUrl: normalizeAuthUrl(url),
    auth,
    ...(fields.region ? { region: fields.region } : {}),
    interface: endpointInterface,
    endpointOverrides: parseEndpointOverrides(fields.endpointOverrides),
    trust,
  };
}

/** Who we log in as, for messages ("user demo in domain Default"). */
export function describeAuth(auth: KeystoneAuth): string {
  const domain = (ref: DomainRef): string => ('id' in ref ? `domain id ${ref.id}` : `domain ${ref.name}`);
  if (auth.method === 'password') return `user ${auth.username} in ${domain(auth.userDomain)}`;
  if (auth.method === 'application-credential') return `application credential ${auth.id}`;
  return 'the given token';
}
