import { STATUS_CODES } from 'node:http';
import { SkydeckFailure } from '../../../common/errors/skydeck-error';
import { isRecord } from './lenient';

/** What went wrong with one API call, before it becomes a SkydeckFailure. */
export interface FailedCall {
  host: string;
  method: string;
  path: string;
  status: number;
  statusText: string;
  body: string;
}

/**
 * PVE puts the reason of a failed call in the HTTP reason phrase and, for handler
 * errors, in the body's `message`; parameter errors add `errors: {param: text}`.
 */
export function serverReason(call: Pick<FailedCall, 'status' | 'statusText' | 'body'>): {
  message: string;
  errors?: Record<string, string>;
} {
  let parsed: unknown;
  try {
    parsed = JSON.parse(call.body);
  } catch {
    parsed = undefined;
  }
  const fromBody = isRecord(parsed) && typeof parsed.message === 'string' ? parsed.message.trim() : '';
  const errors =
    isRecord(parsed) && isRecord(parsed.errors)
      ? Object.fromEntries(Object.entries(parsed.errors).map(([key, value]) => [key, String(value).trim()]))
      : undefined;
  const phrase = call.statusText.trim();
  const bodyText = parsed === undefined ? call.body.replace(/\s+/g, ' ').trim().slice(0, 200) : '';
  // PVE writes its reason into the status line; a stock phrase ("Service Unavailable") says less than a text body.
  const stockPhrase = phrase === STATUS_CODES[call.status];
  const text = fromBody || (stockPhrase ? bodyText || phrase : phrase || bodyText);
  return errors ? { message: text, errors } : { message: text };
}

/** Gateway errors and pveproxy's 595/596 ("cannot reach the node"): worth another try. */
const transientStatuses = new Set([502, 503, 504, 595, 596]);

/** The failure for a non-2xx answer other than 401 (authentication is the session's business). */
export function failureOf(call: FailedCall): SkydeckFailure {
  const { message, errors } = serverReason(call);
  const what = `${call.method} ${call.path}`;
  const because = message ? `: ${message}` : '';
  const details: Record<string, unknown> = { status: call.status, method: call.method, path: call.path };
  if (errors) details.errors = errors;
  if (call.status === 400) {
    const listed = errors
      ? ` (${Object.entries(errors)
          .map(([key, text]) => `${key}: ${text}`)
          .join('; ')})`
      : '';
    return new SkydeckFailure('invalid-input', `${call.host} refused ${what}${because}${listed}`, { details });
  }
  if (call.status === 403) {
    return new SkydeckFailure(
      'forbidden',
      `This account may not ${what} on ${call.host}${because}. Ask a Proxmox admin for the missing privilege.`,
      { details },
    );
  }
  if (call.status === 404) return new SkydeckFailure('not-found', `${call.host} has no ${call.path}${because}`, { details });
  if (call.status === 501) {
    return new SkydeckFailure('unsupported', `${call.host} does not offer ${what} (older Proxmox VE?)${because}`, { details });
  }
  if (transientStatuses.has(call.status)) {
    return new SkydeckFailure('server-error', `${call.host} answered ${call.status} to ${what}${because}`, { details, retryable: true });
  }
  return new SkydeckFailure('server-error', `${call.host} could not ${what}${because || ` (HTTP ${call.status})`}`, {
    details,
    retryable: false,
  });
}
