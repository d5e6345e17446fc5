import type { ConnectionDraft } from '../contract/connections';
import { SkydeckFailure } from '../errors/skydeck-error';
import { activeFields, connectionForms, defaultValue } from './connection-forms';
import type { ConnectionConfig, ConnectionSecrets } from './connection';
import { isValidFingerprint, normalizeFingerprint } from './fingerprint';
import { platformLabels } from './platform';

export interface FieldProblem {
  field: string;
  message: string;
}

/**
 * Checks a draft against its platform's form, the same rules the form shows inline:
 * a usable URL, every required field, no unknown fields, secrets only in secret fields.
 * Returns every problem at once so the form can mark them all.
 */
export function draftProblems(draft: ConnectionDraft, existing: readonly ConnectionConfig[]): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (draft.name.trim() === '') problems.push({ field: 'name', message: 'A name is required.' });
  const urlProblem = checkUrl(draft.url);
  if (urlProblem) problems.push({ field: 'url', message: urlProblem });
  if (existing.some((c) => c.name.toLowerCase() === draft.name.toLowerCase())) {
    problems.push({ field: 'name', message: `A connection named "${draft.name}" already exists.` });
  }
  const values = { ...draft.fields };
  const active = activeFields(draft.kind, values);
  const known = new Set(connectionForms[draft.kind].fields.map((f) => f.key));
  for (const key of [...Object.keys(draft.fields), ...Object.keys(draft.secrets)]) {
    if (!known.has(key)) problems.push({ field: key, message: `${platformLabels[draft.kind]} connections have no field "${key}".` });
  }
  for (const field of active) {
    const value = (field.type === 'secret' ? draft.secrets[field.key] : draft.fields[field.key]) ?? defaultValue(draft.kind, field.key);
    if (field.type === 'secret' && draft.fields[field.key] !== undefined) {
      problems.push({ field: field.key, message: `${field.label} is a secret and must not be sent as a plain field.` });
    }
    if (field.required && value.trim() === '') problems.push({ field: field.key, message: `${field.label} is required.` });
    if (field.type === 'select' && value !== '' && !field.options?.includes(value)) {
      problems.push({ field: field.key, message: `${field.label} must be one of ${field.options?.join(', ')}.` });
    }
  }
  if (draft.tls.pinnedFingerprint && !isValidFingerprint(draft.tls.pinnedFingerprint)) {
    problems.push({ field: 'tls.pinnedFingerprint', message: 'A SHA-256 fingerprint is 32 hex byte pairs, e.g. AB:CD:…' });
  }
  return problems;
}

function checkUrl(raw: string): string | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'Enter a full URL, e.g. https://host:8006';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'Use an https:// (or http://) URL.';
  if (!url.hostname) return 'The URL needs a host name.';
  if (url.username || url.password) return 'Put credentials in their own fields, not in the URL.';
  return undefined;
}

/** Throws one invalid-input failure listing every problem (details.fields for the form). */
export function assertValidDraft(draft: ConnectionDraft, existing: readonly ConnectionConfig[]): void {
  const problems = draftProblems(draft, existing);
  if (problems.length > 0) {
    throw new SkydeckFailure('invalid-input', problems.map((p) => p.message).join(' '), { details: { fields: problems } });
  }
}

/** The stored, secret-free config and the secrets of a valid draft, with select defaults filled in. */
export function splitDraft(draft: ConnectionDraft, id: string, now: Date): { config: ConnectionConfig; secrets: ConnectionSecrets } {
  const active = activeFields(draft.kind, draft.fields);
  const fields: Record<string, string> = {};
  const secrets: ConnectionSecrets = {};
  for (const field of active) {
    if (field.type === 'secret') {
      const secret = draft.secrets[field.key];
      if (secret) secrets[field.key] = secret;
    } else {
      const value = (draft.fields[field.key] ?? defaultValue(draft.kind, field.key)).trim();
      if (value) fields[field.key] = value;
    }
  }
  const tls: ConnectionConfig['tls'] = {};
  if (draft.tls.pinnedFingerprint) tls.pinnedFingerprint = normalizeFingerprint(draft.tls.pinnedFingerprint);
  if (draft.tls.caFile) tls.caFile = draft.tls.caFile;
  return {
    config: { id, name: draft.name, kind: draft.kind, url: draft.url.replace(/\/+$/, ''), fields, tls, createdAt: now.toISOString() },
    secrets,
  };
}
