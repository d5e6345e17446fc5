import { SkydeckFailure, type ErrorCode } from '../../common/errors/skydeck-error';

/** Human names of the services, for messages a sysadmin reads. */
export const serviceLabels = {
  identity: 'Keystone',
  compute: 'Nova',
  network: 'Neutron',
  image: 'Glance',
  'block-storage': 'Cinder',
  placement: 'Placement',
  metric: 'Gnocchi',
} as const;

export type ServiceType = keyof typeof serviceLabels;

/**
 * The message an OpenStack service put in an error body. Each service has its own shape:
 * Keystone `{error:{message}}`, Nova and Cinder `{itemNotFound:{message}}`, Neutron
 * `{NeutronError:{message}}`, Placement `{errors:[{detail}]}`, Gnocchi `{description}`, Glance
 * plain text or HTML.
 */
export function errorMessageOf(body: string): string {
  const trimmed = body.trim();
  if (!trimmed) return '';
  let found: string | undefined;
  try {
    found = messageInJson(JSON.parse(trimmed) as unknown);
  } catch {
    // not JSON: proxies answer with text or HTML
  }
  return (found ?? trimmed)
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 300);
}

function messageInJson(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const record = value as Record<string, unknown>;
  if (Array.isArray(record.errors)) {
    const first = record.errors[0] as Record<string, unknown> | undefined;
    const text = first?.detail ?? first?.title;
    return typeof text === 'string' ? text : undefined;
  }
  for (const inner of Object.values(record)) {
    if (typeof inner === 'object' && inner !== null) {
      const message = (inner as Record<string, unknown>).message;
      if (typeof message === 'string') return message;
    }
  }
  if (typeof record.message === 'string') return record.message;
  // Gnocchi: {code, title, description}.
  return typeof record.description === 'string' ? record.description : undefined;
}

const codeByStatus: Record<number, ErrorCode> = {
  400: 'invalid-input',
  401: 'auth-failed',
  403: 'forbidden',
  404: 'not-found',
  409: 'conflict',
};

/** A failed answer from a service as a SkydeckFailure naming the service, the call and its reason. */
export function serviceFailure(service: ServiceType, status: number, method: string, path: string, body: string): SkydeckFailure {
  const label = serviceLabels[service];
  const reason = errorMessageOf(body) || `HTTP ${status}`;
  const where = `${method} ${path}`;
  const details = { service, status, call: where };
  if (status >= 500) {
    return new SkydeckFailure('server-error', `${label} failed on ${where} (HTTP ${status}): ${reason}`, { details });
  }
  if (status === 429 || status === 413) {
    return new SkydeckFailure('server-error', `${label} is rate limiting requests (HTTP ${status}): ${reason}`, {
      details,
      retryable: true,
    });
  }
  if (status === 403) {
    return new SkydeckFailure('forbidden', `${label} does not allow this account to ${where}: ${reason}`, { details });
  }
  const code = codeByStatus[status] ?? 'bad-response';
  return new SkydeckFailure(code, `${label} refused ${where} (HTTP ${status}): ${reason}`, { details });
}

export function isForbidden(error: unknown): boolean {
  return error instanceof SkydeckFailure && error.code === 'forbidden';
}
