import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { parse } from 'yaml';
import { normalizeServiceName } from './settings';

/** One cloud, ready to become a Skydeck connection (fields and secrets as in connection-forms.ts). */
export interface OpenstackConnectionDraft {
  name: string;
  url: string;
  fields: Record<string, string>;
  secrets: Record<string, string>;
  tls: { caFile?: string };
}

export interface CloudsImport {
  drafts: OpenstackConnectionDraft[];
  /** The files read, in the order they were found. */
  files: string[];
  /** Clouds skipped or settings ignored, said plainly. */
  warnings: string[];
}

export interface CloudsImportOptions {
  /** A clouds.yaml to read instead of searching the standard places. */
  file?: string;
  env?: Record<string, string | undefined>;
  cwd?: string;
  home?: string;
  /** /etc/openstack by default. */
  systemDir?: string;
}

type Yaml = Record<string, unknown>;
const asRecord = (value: unknown): Yaml => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Yaml) : {});
const asText = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : typeof value === 'number' ? String(value) : undefined;

async function readIfPresent(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** The first file of the list that exists, as openstacksdk looks for them. */
async function firstExisting(paths: readonly string[]): Promise<{ path: string; text: string } | undefined> {
  for (const path of paths) {
    const text = await readIfPresent(path);
    if (text !== undefined) return { path, text };
  }
  return undefined;
}

function mergeDeep(base: Yaml, extra: Yaml): Yaml {
  const merged: Yaml = { ...base };
  for (const [key, value] of Object.entries(extra)) {
    const current = merged[key];
    merged[key] =
      typeof value === 'object' && value !== null && !Array.isArray(value) && typeof current === 'object' && current !== null
        ? mergeDeep(asRecord(current), asRecord(value))
        : value;
  }
  return merged;
}

/**
 * Every cloud a user already has: clouds.yaml merged with secure.yaml (OS_CLIENT_CONFIG_FILE
 * and OS_CLIENT_SECURE_FILE, else the first found in ./, ~/.config/openstack, /etc/openstack),
 * plus the OS_* environment variables as a cloud named "envvars".
 */
export async function readCloudsYaml(options: CloudsImportOptions = {}): Promise<CloudsImport> {
  const env = options.env ?? process.env;
  const home = options.home ?? homedir();
  const directories = [options.cwd ?? process.cwd(), join(home, '.config', 'openstack'), options.systemDir ?? '/etc/openstack'];
  const candidates = (names: string[]): string[] => directories.flatMap((directory) => names.map((name) => join(directory, name)));
  const result: CloudsImport = { drafts: [], files: [], warnings: [] };

  const cloudsFile = options.file ?? env.OS_CLIENT_CONFIG_FILE;
  const clouds = cloudsFile
    ? await readIfPresent(cloudsFile).then((text) => (text === undefined ? undefined : { path: cloudsFile, text }))
    : await firstExisting(candidates(['clouds.yaml', 'clouds.yml']));
  if (cloudsFile && !clouds) result.warnings.push(`${cloudsFile} does not exist.`);
  const secureFile = env.OS_CLIENT_SECURE_FILE;
  const secure = secureFile
    ? await readIfPresent(secureFile).then((text) => (text === undefined ? undefined : { path: secureFile, text }))
    : await firstExisting([...(clouds ? [join(dirname(clouds.path), 'secure.yaml')] : []), ...candidates(['secure.yaml', 'secure.yml'])]);

  let entries: Yaml = {};
  for (const file of [clouds, secure]) {
    if (!file) continue;
    result.files.push(file.path);
    let parsed: unknown;
    try {
      parsed = parse(file.text);
    } catch (error) {
      result.warnings.push(`${file.path} is not valid YAML: ${(error as Error).message.split('\n')[0]}`);
      continue;
    }
    entries = mergeDeep(entries, asRecord(asRecord(parsed).clouds));
  }
  for (const [name, cloud] of Object.entries(entries)) {
    result.drafts.push(...draftsOf(name, asRecord(cloud), options.cwd ?? process.cwd(), result.warnings));
  }
  const fromEnv = environmentCloud(env);
  if (fromEnv) result.drafts.push(...draftsOf('envvars', fromEnv, options.cwd ?? process.cwd(), result.warnings));
  return result;
}

/** OS_* variables in the shape of a clouds.yaml entry. */
function environmentCloud(env: Record<string, string | undefined>): Yaml | undefined {
  if (!env.OS_AUTH_URL) return undefined;
  const auth: Yaml = {};
  const pairs: Array<[string, string[]]> = [
    ['auth_url', ['OS_AUTH_URL']],
    ['username', ['OS_USERNAME']],
    ['password', ['OS_PASSWORD']],
    ['project_name', ['OS_PROJECT_NAME', 'OS_TENANT_NAME']],
    ['project_id', ['OS_PROJECT_ID', 'OS_TENANT_ID']],
    ['user_domain_name', ['OS_USER_DOMAIN_NAME']],
    ['user_domain_id', ['OS_USER_DOMAIN_ID']],
    ['project_domain_name', ['OS_PROJECT_DOMAIN_NAME']],
    ['project_domain_id', ['OS_PROJECT_DOMAIN_ID']],
    ['application_credential_id', ['OS_APPLICATION_CREDENTIAL_ID']],
    ['application_credential_secret', ['OS_APPLICATION_CREDENTIAL_SECRET']],
    ['token', ['OS_TOKEN']],
  ];
  for (const [key, names] of pairs) {
    const value = names.map((name) => env[name]).find(Boolean);
    if (value) auth[key] = value;
  }
  const cloud: Yaml = { auth };
  if (env.OS_AUTH_TYPE) cloud.auth_type = env.OS_AUTH_TYPE;
  if (env.OS_REGION_NAME) cloud.region_name = env.OS_REGION_NAME;
  if (env.OS_INTERFACE || env.OS_ENDPOINT_TYPE) cloud.interface = env.OS_INTERFACE ?? env.OS_ENDPOINT_TYPE;
  if (env.OS_CACERT) cloud.cacert = env.OS_CACERT;
  return cloud;
}

const passwordTypes = new Set(['password', 'v3password']);
const credentialTypes = new Set(['applicationcredential', 'v3applicationcredential', 'application_credential']);
const tokenTypes = new Set(['token', 'v3token', 'admin_token']);

function regionsOf(cloud: Yaml): Array<string | undefined> {
  const single = asText(cloud.region_name);
  if (single) return [single];
  const list = Array.isArray(cloud.regions) ? cloud.regions : [];
  const names = list.map((entry) => asText(entry) ?? asText(asRecord(entry).name)).filter((name): name is string => name !== undefined);
  return names.length ? names : [undefined];
}

function draftsOf(name: string, cloud: Yaml, cwd: string, warnings: string[]): OpenstackConnectionDraft[] {
  const auth = asRecord(cloud.auth);
  const url = asText(auth.auth_url);
  if (!url) {
    warnings.push(
      `Cloud "${name}" has no auth_url${asText(cloud.profile) ? ` (vendor profile "${String(cloud.profile)}" is not supported)` : ''}: skipped.`,
    );
    return [];
  }
  if (String(cloud.identity_api_version ?? '3').startsWith('2')) {
    warnings.push(`Cloud "${name}" uses Keystone v2, which Skydeck does not speak: skipped.`);
    return [];
  }
  const type = String(
    cloud.auth_type ?? (auth.application_credential_id ? 'v3applicationcredential' : auth.token && !auth.username ? 'v3token' : 'password'),
  ).toLowerCase();
  const fields: Record<string, string> = {};
  const secrets: Record<string, string> = {};
  const set = (target: Record<string, string>, key: string, value: unknown): void => {
    const textValue = asText(value);
    if (textValue) target[key] = textValue;
  };
  const scope = (): void => {
    set(fields, 'project', auth.project_name ?? auth.tenant_name);
    set(fields, 'projectId', auth.project_id ?? auth.tenant_id);
    set(fields, 'projectDomain', auth.project_domain_name ?? auth.default_domain_name ?? auth.domain_name);
    set(fields, 'projectDomainId', auth.project_domain_id ?? auth.default_domain_id ?? auth.domain_id);
  };
  if (passwordTypes.has(type)) {
    if (!asText(auth.username)) {
      warnings.push(`Cloud "${name}" gives a user id but no user name; Skydeck needs the name: skipped.`);
      return [];
    }
    fields.auth = 'password';
    set(fields, 'username', auth.username);
    set(fields, 'userDomain', auth.user_domain_name ?? auth.default_domain_name ?? auth.domain_name);
    set(fields, 'userDomainId', auth.user_domain_id ?? auth.default_domain_id ?? auth.domain_id);
    scope();
    set(secrets, 'password', auth.password);
    if (!secrets.password) warnings.push(`Cloud "${name}" has no password in clouds.yaml or secure.yaml: enter it before connecting.`);
  } else if (credentialTypes.has(type)) {
    if (!asText(auth.application_credential_id)) {
      warnings.push(`Cloud "${name}" names its application credential instead of giving its ID; Skydeck needs the ID: skipped.`);
      return [];
    }
    fields.auth = 'application-credential';
    set(fields, 'applicationCredentialId', auth.application_credential_id);
    set(secrets, 'applicationCredentialSecret', auth.application_credential_secret);
  } else if (tokenTypes.has(type)) {
    fields.auth = 'token';
    scope();
    set(secrets, 'token', auth.token);
  } else {
    warnings.push(
      `Cloud "${name}" uses auth type "${type}", which Skydeck does not support (password, application credential or token): skipped.`,
    );
    return [];
  }
  const endpointInterface = asText(cloud.interface) ?? asText(cloud.endpoint_type);
  if (endpointInterface) fields.interface = endpointInterface.replace(/URL$/, '');
  const overrides: string[] = [];
  for (const [key, value] of Object.entries(cloud)) {
    const match = /^(.+)_endpoint_override$/.exec(key);
    const service = match ? normalizeServiceName(match[1] as string) : undefined;
    if (match && service && asText(value)) overrides.push(`${service}=${String(value)}`);
    else if (match) warnings.push(`Cloud "${name}": ${key} is for a service Skydeck does not use; ignored.`);
  }
  if (overrides.length) fields.endpointOverrides = overrides.join(',');
  const tls: OpenstackConnectionDraft['tls'] = {};
  const caFile = asText(cloud.cacert);
  if (caFile) tls.caFile = isAbsolute(caFile) ? caFile : resolve(cwd, caFile.replace(/^~(?=\/)/, homedir()));
  if (cloud.verify === false) {
    warnings.push(
      `Cloud "${name}": "verify: false" is ignored. Skydeck checks certificates and will show the server's fingerprint for you to trust on first connection.`,
    );
  }
  if (cloud.cert || cloud.key) warnings.push(`Cloud "${name}": client certificates (cert/key) are not supported; ignored.`);
  const regions = regionsOf(cloud);
  return regions.map((region) => ({
    name: regions.length > 1 && region ? `${name} (${region})` : name,
    url,
    fields: region ? { ...fields, region } : { ...fields },
    secrets: { ...secrets },
    tls: { ...tls },
  }));
}
