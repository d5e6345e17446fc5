import type { PlatformKind } from './platform';

/**
 * The fields of the "Add connection" form per platform. The renderer draws the form
 * from this list and the host validates against it, so both agree by construction.
 */
export interface ConnectionField {
  key: string;
  label: string;
  /** `secret` fields are sent to the host once and stored encrypted; never read back. */
  type: 'text' | 'secret' | 'select';
  required: boolean;
  placeholder?: string;
  help?: string;
  options?: readonly string[];
  /** Shown only when another field has one of these values. */
  when?: { key: string; values: readonly string[] };
}

export interface PlatformForm {
  urlPlaceholder: string;
  urlHelp: string;
  fields: readonly ConnectionField[];
}

const proxmoxAuth = { key: 'auth', values: ['password'] } as const;
const proxmoxToken = { key: 'auth', values: ['token'] } as const;
const openstackPassword = { key: 'auth', values: ['password'] } as const;
const openstackAppCredential = { key: 'auth', values: ['application-credential'] } as const;
const openstackToken = { key: 'auth', values: ['token'] } as const;
const openstackScoped = { key: 'auth', values: ['password', 'token'] } as const;

export const connectionForms: Record<PlatformKind, PlatformForm> = {
  proxmox: {
    urlPlaceholder: 'https://pve.example.com:8006',
    urlHelp: 'Any node of the cluster; port 8006 unless you changed it.',
    fields: [
      { key: 'auth', label: 'Authentication', type: 'select', required: true, options: ['password', 'token'] },
      { key: 'username', label: 'User', type: 'text', required: true, placeholder: 'root@pam', help: 'user@realm', when: proxmoxAuth },
      { key: 'password', label: 'Password', type: 'secret', required: true, when: proxmoxAuth },
      { key: 'tokenId', label: 'API token ID', type: 'text', required: true, placeholder: 'monitor@pve!skydeck', when: proxmoxToken },
      { key: 'tokenSecret', label: 'API token secret', type: 'secret', required: true, when: proxmoxToken },
    ],
  },
  vsphere: {
    urlPlaceholder: 'https://vcenter.example.com',
    urlHelp: 'A vCenter Server or a standalone ESXi host.',
    fields: [
      { key: 'username', label: 'User', type: 'text', required: true, placeholder: 'administrator@vsphere.local' },
      { key: 'password', label: 'Password', type: 'secret', required: true },
    ],
  },
  openstack: {
    urlPlaceholder: 'https://keystone.example.com:5000/v3',
    urlHelp: 'The Keystone v3 auth URL (auth_url in clouds.yaml).',
    fields: [
      { key: 'auth', label: 'Authentication', type: 'select', required: true, options: ['password', 'application-credential', 'token'] },
      { key: 'username', label: 'User', type: 'text', required: true, when: openstackPassword },
      { key: 'userDomain', label: 'User domain', type: 'text', required: false, placeholder: 'Default', when: openstackPassword },
      {
        key: 'userDomainId',
        label: 'User domain ID',
        type: 'text',
        required: false,
        help: 'Instead of the domain name',
        when: openstackPassword,
      },
      { key: 'project', label: 'Project', type: 'text', required: false, when: openstackScoped },
      { key: 'projectId', label: 'Project ID', type: 'text', required: false, help: 'Instead of the project name', when: openstackScoped },
      { key: 'projectDomain', label: 'Project domain', type: 'text', required: false, placeholder: 'Default', when: openstackScoped },
      {
        key: 'projectDomainId',
        label: 'Project domain ID',
        type: 'text',
        required: false,
        help: 'Instead of the domain name',
        when: openstackScoped,
      },
      { key: 'password', label: 'Password', type: 'secret', required: true, when: openstackPassword },
      { key: 'applicationCredentialId', label: 'Application credential ID', type: 'text', required: true, when: openstackAppCredential },
      {
        key: 'applicationCredentialSecret',
        label: 'Application credential secret',
        type: 'secret',
        required: true,
        when: openstackAppCredential,
      },
      {
        key: 'token',
        label: 'Keystone token',
        type: 'secret',
        required: true,
        help: 'An existing token (openstack token issue); it cannot be renewed when it expires',
        when: openstackToken,
      },
      { key: 'region', label: 'Region', type: 'text', required: false, placeholder: 'RegionOne' },
      { key: 'interface', label: 'Endpoint interface', type: 'select', required: false, options: ['public', 'internal', 'admin'] },
      {
        key: 'endpointOverrides',
        label: 'Endpoint overrides',
        type: 'text',
        required: false,
        placeholder: 'compute=https://nova.example.com:8774/v2.1',
        help: 'service=URL pairs separated by commas, used instead of the catalog',
      },
    ],
  },
};

/** The fields that apply given the values chosen so far (`when` conditions). */
export function activeFields(kind: PlatformKind, values: Record<string, string>): ConnectionField[] {
  return connectionForms[kind].fields.filter((field) => {
    if (!field.when) return true;
    const chosen = values[field.when.key] ?? defaultValue(kind, field.when.key);
    return field.when.values.includes(chosen);
  });
}

/** A select's default is its first option. */
export function defaultValue(kind: PlatformKind, key: string): string {
  const field = connectionForms[kind].fields.find((f) => f.key === key);
  return field?.type === 'select' ? (field.options?.[0] ?? '') : '';
}
