import { isSkydeckError } from '../../common/errors/skydeck-error';

/** A message for the user from anything a call rejected with. */
export function errorMessage(error: unknown): string {
  if (isSkydeckError(error)) return error.message;
  if (error instanceof Error) return error.message;
  return String(error);
}

/** Per-field problems the host attached to an invalid-input error. */
export function fieldProblems(error: unknown): Record<string, string> {
  if (!isSkydeckError(error) || error.code !== 'invalid-input') return {};
  const fields = (error.details?.fields ?? []) as { field: string; message: string }[];
  return Object.fromEntries(fields.map((p) => [p.field, p.message]));
}
