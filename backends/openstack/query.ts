/**
 * Query parameters as OpenStack takes them: a name may repeat (Neutron `fields=id&fields=name`,
 * `device_owner=a&device_owner=b`), so a value may be a list.
 */
export type QueryValue = string | number | boolean | undefined | readonly string[];
export type QueryInput = Record<string, QueryValue> | URLSearchParams;

export function toSearchParams(query: QueryInput | undefined): URLSearchParams {
  if (query instanceof URLSearchParams) return new URLSearchParams(query);
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const item of value) params.append(key, item);
    else params.append(key, String(value));
  }
  return params;
}

/** `base` (absolute URL) with `query` appended, keeping what `base` already carries. */
export function withQuery(base: string, query: QueryInput | undefined): string {
  const url = new URL(base);
  for (const [key, value] of toSearchParams(query)) url.searchParams.append(key, value);
  return url.toString();
}
